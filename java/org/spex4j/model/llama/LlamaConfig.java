package org.spex4j.model.llama;

/**
 * The shape and constants of a Llama-family decoder.
 *
 * @param dim              model width (d_model)
 * @param hiddenDim        width of the SwiGLU feed-forward layer
 * @param layers           number of transformer blocks
 * @param heads            number of query heads
 * @param kvHeads          number of key/value heads (grouped-query attention when fewer than {@code heads})
 * @param vocab            vocabulary size
 * @param seqLen           the longest sequence the model accepts (context length)
 * @param sharedClassifier true when the output classifier is the token embedding (tied weights)
 * @param rmsEps           epsilon of the RMS norms
 * @param ropeTheta        base of the rotary position embedding frequencies
 * @param rope             how rotary embeddings pair the elements of a head
 * @param headDim          width of one attention head (Hugging Face {@code head_dim}; {@code dim / heads} unless
 *                         given)
 * @param attentionBias    true when the q, k and v projections have biases (Qwen2, {@code attention_bias})
 * @param ropeScaling      Llama 3's rescaling of the rotary frequencies, or null for none
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab, int seqLen,
                          boolean sharedClassifier, double rmsEps, double ropeTheta, RopeStyle rope, int headDim,
                          boolean attentionBias, Llama3Scaling ropeScaling) {

    /**
     * {@code rope_scaling} of type llama3: frequencies whose wavelength exceeds {@code originalContext / lowFreqFactor}
     * are divided by {@code factor}, those below {@code originalContext / highFreqFactor} are kept, and those between
     * are interpolated (Hugging Face {@code _compute_llama3_parameters}).
     */
    public record Llama3Scaling(double factor, double lowFreqFactor, double highFreqFactor, double originalContext) {
        public Llama3Scaling {
            if (!(factor > 0) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor) || !(originalContext > 0)) {
                throw new IllegalArgumentException("rope_scaling (llama3) needs factor > 0, 0 < low_freq_factor < "
                        + "high_freq_factor and original_max_position_embeddings > 0, got " + factor + ", "
                        + lowFreqFactor + ", " + highFreqFactor + ", " + originalContext);
            }
        }

        /** The rescaled inverse frequency. */
        public double apply(double invFreq) {
            double wavelen = 2 * Math.PI / invFreq;
            double lowWavelen = originalContext / lowFreqFactor, highWavelen = originalContext / highFreqFactor;
            if (wavelen > lowWavelen) {
                return invFreq / factor;
            }
            if (wavelen < highWavelen) {
                return invFreq;
            }
            double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            return (1 - smooth) * invFreq / factor + smooth * invFreq;
        }
    }

    /** A configuration with {@code dim / heads}-wide heads, no attention biases and no rope scaling. */
    public LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab, int seqLen,
                       boolean sharedClassifier, double rmsEps, double ropeTheta, RopeStyle rope) {
        this(dim, hiddenDim, layers, heads, kvHeads, vocab, seqLen, sharedClassifier, rmsEps, ropeTheta, rope,
                heads > 0 ? dim / heads : 0, false, null);
    }

    /**
     * Which elements of a head a rotary embedding rotates together. Both use the frequency
     * {@code theta^(-2i/headSize)} for pair {@code i}; they differ in how the pairs are laid out, and a checkpoint's
     * q/k weights are permuted to match its convention.
     */
    public enum RopeStyle {
        /** llama2.c / Meta: adjacent elements (2i, 2i+1) of each head form a pair. */
        INTERLEAVED,
        /** Hugging Face ("rotate_half"): element i pairs with element i + headSize/2. */
        HALF
    }

    /** Largest values accepted for the sizes (guards against corrupt headers; far above any real Llama). */
    static final int MAX_DIM = 1 << 16;
    static final int MAX_HIDDEN = 1 << 20;
    static final int MAX_LAYERS = 1024;
    static final int MAX_VOCAB = 1 << 22;
    static final int MAX_SEQ_LEN = 1 << 20;

    public LlamaConfig {
        check(dim, "dim", MAX_DIM);
        check(hiddenDim, "hidden_dim", MAX_HIDDEN);
        check(layers, "n_layers", MAX_LAYERS);
        check(heads, "n_heads", dim);
        check(kvHeads, "n_kv_heads", heads);
        check(vocab, "vocab_size", MAX_VOCAB);
        check(seqLen, "seq_len", MAX_SEQ_LEN);
        if (headDim < 1 || headDim > MAX_DIM) {
            throw new IllegalArgumentException("head_dim must be in [1, " + MAX_DIM + "], got " + headDim);
        }
        if (headDim * heads != dim && headDim == dim / heads) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of n_heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("n_heads " + heads + " is not a multiple of n_kv_heads " + kvHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head size " + headDim + " must be even for rotary embeddings");
        }
        if (!(rmsEps > 0) || !Double.isFinite(rmsEps)) {
            throw new IllegalArgumentException("rms_norm_eps must be a positive number, got " + rmsEps);
        }
        if (!(ropeTheta > 1) || !Double.isFinite(ropeTheta)) {
            throw new IllegalArgumentException("rope_theta must be a number > 1, got " + ropeTheta);
        }
        if (rope == null) {
            throw new IllegalArgumentException("rope style must be given");
        }
    }

    /** A llama2.c model: RMS eps 1e-5, theta 10000, interleaved rotary pairs. */
    public static LlamaConfig llama2c(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab,
                                      int seqLen, boolean sharedClassifier) {
        return new LlamaConfig(dim, hiddenDim, layers, heads, kvHeads, vocab, seqLen, sharedClassifier, 1e-5, 10000.0,
                RopeStyle.INTERLEAVED);
    }

    /** Width of one attention head. */
    public int headSize() {
        return headDim;
    }

    /** Width of the query projection and the attention output ({@code heads * headSize}). */
    public int qDim() {
        return heads * headDim;
    }

    /** Width of the key/value projections ({@code kvHeads * headSize}). */
    public int kvDim() {
        return kvHeads * headSize();
    }

    /** The inverse rotary frequency of pair {@code i}: theta^(-2i/headSize), rescaled when rope_scaling says so. */
    public double ropeInvFreq(int i) {
        double f = 1.0 / Math.pow(ropeTheta, (2.0 * i) / headDim);
        return ropeScaling == null ? f : ropeScaling.apply(f);
    }

    private static void check(int value, String name, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be in [1, " + max + "], got " + value);
        }
    }
}

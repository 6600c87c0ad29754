package org.spex4j.model.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;

/**
 * A Llama-family decoder (RMSNorm, rotary position embeddings, grouped-query causal attention, SwiGLU feed-forward,
 * final RMSNorm, linear LM head) run with LibTorch in float32, on the CPU or on a CUDA {@link TorchDevice} chosen at
 * load.
 *
 * <p>Per block: {@code h = x + Wo·attn(rope(Wq·n), rope(Wk·n), Wv·n)} with {@code n = rmsnorm(x)}, then
 * {@code x' = h + W2·(silu(W1·m) * W3·m)} with {@code m = rmsnorm(h)}. Hook points ({@link Hooks}):
 * {@link HookName#embed()} (token embeddings), {@link HookName#residPost(int)} after every block and
 * {@link HookName#lnFinal()} (the final norm's output, the LM head's input), all {@code [batch, position, dim]}.
 *
 * <p>Batches are right-padded: row {@code r} holds {@code lengths[r]} real tokens at positions {@code 0..len-1}
 * followed by padding. The causal mask alone keeps padding out of every real position, so real positions equal the
 * row run on its own; outputs at padded positions are meaningless.
 *
 * <p>Limits: every sequence (a prompt plus what is generated, a prefix plus its continuation) must fit the context of
 * {@link LlamaConfig#seqLen()} tokens; longer input is an {@link IllegalArgumentException} naming the limit, never a
 * silent truncation. Token ids must lie in {@code [0, vocab)}.
 *
 * <p>This class is the network. Tasks built on it take it as a constructor argument: {@link LlamaGenerator}
 * (greedy decoding), {@link SpeculativeDecoder} (greedy decoding verified against a draft tree) and
 * {@link ContinuationScorer} (log-probabilities of a continuation after many prefixes).
 *
 * <p>Thread-safety: the weights are read-only after construction, and every call runs in its own
 * {@link PointerScope} and {@link InferenceMode} on the calling thread, so any number of threads may call one
 * instance concurrently. A {@link Hooks} object belongs to a single call. {@link #close()} waits for running calls;
 * calls after it throw {@link IllegalStateException}.
 */
public final class LlamaModel implements AutoCloseable {
    static final String STORIES_CHECKPOINT = "models/stories260K/stories260K.bin";
    static final String STORIES_TOKENIZER = "models/stories260K/tok512.bin";
    /** llama2.c models end a sequence with EOS or with BOS, which run.c treats as the delimiter between stories. */
    private static final int[] LLAMA2C_STOPS = {LlamaTokenizer.EOS, LlamaTokenizer.BOS};

    private final LlamaConfig config;
    private final TorchDevice device;
    private final TextTokenizer tokenizer;  // may be null: then only id-level calls work
    private final boolean ownsTokenizer;
    private final int[] stopIds;     // end-of-sequence ids for stopAtEos

    private final Tensor embed;      // [V, D]
    private final Tensor classifier; // [V, D]
    private final Tensor finalNorm;  // [D]
    private final Tensor[] attnNorm; // [D]
    private final Tensor[] wqkv;     // [qD + 2 kvD, D]
    private final Tensor[] bqkv;     // [qD + 2 kvD], or null entries without attention biases
    private final Tensor[] wo;       // [D, qD]
    private final Tensor[] ffnNorm;  // [D]
    private final Tensor[] w13;      // [2 H, D]  (gate; up)
    private final Tensor[] w2;       // [D, H]
    private final Tensor ropeCos;    // [seqLen, headSize/2]
    private final Tensor ropeSin;
    private final List<Tensor> owned = new ArrayList<>();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private LlamaModel(Supplier<LlamaWeights> loader, TextTokenizer tokenizer, boolean ownsTokenizer, int[] stopIds,
            TorchDevice device) {
        this.device = device;
        this.tokenizer = tokenizer;
        this.ownsTokenizer = ownsTokenizer;
        this.stopIds = stopIds.clone();
        try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
            LlamaWeights w = loader.get();
            LlamaConfig c = w.config;
            this.config = c;
            if (tokenizer != null && tokenizer.vocabSize() > c.vocab()) {
                throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize()
                        + " tokens, the model's vocabulary only " + c.vocab());
            }
            int nl = c.layers();
            embed = keep(w.embed.contiguous());
            classifier = w.classifier == w.embed ? embed : keep(w.classifier.contiguous());
            finalNorm = keep(w.finalNorm);
            attnNorm = new Tensor[nl];
            wqkv = new Tensor[nl];
            bqkv = new Tensor[nl];
            wo = new Tensor[nl];
            ffnNorm = new Tensor[nl];
            w13 = new Tensor[nl];
            w2 = new Tensor[nl];
            for (int l = 0; l < nl; l++) {
                LlamaWeights.Layer L = w.layers[l];
                attnNorm[l] = keep(L.attnNorm());
                wqkv[l] = keep(torch.cat(new TensorVector(L.wq(), L.wk(), L.wv()), 0));
                bqkv[l] = L.bqkv() == null ? null : keep(L.bqkv());
                wo[l] = keep(L.wo().contiguous());
                ffnNorm[l] = keep(L.ffnNorm());
                w13[l] = keep(torch.cat(new TensorVector(L.w1(), L.w3()), 0));
                w2[l] = keep(L.w2().contiguous());
            }
            // rotary tables, computed in float32 as llama2.c (powf, pos * freq) and Hugging Face do
            int half = c.headSize() / 2;
            if ((long) c.seqLen() * half > (1L << 27)) {
                throw new IllegalArgumentException("context " + c.seqLen() + " x head size " + c.headSize()
                        + " is too large for the rotary tables");
            }
            float[] cos = new float[c.seqLen() * half];
            float[] sin = new float[c.seqLen() * half];
            for (int i = 0; i < half; i++) {
                float freq = (float) c.ropeInvFreq(i);
                for (int p = 0; p < c.seqLen(); p++) {
                    float angle = p * freq;
                    cos[p * half + i] = (float) Math.cos(angle);
                    sin[p * half + i] = (float) Math.sin(angle);
                }
            }
            ropeCos = keep(Tensors.fromFloats(device, cos, c.seqLen(), half));
            ropeSin = keep(Tensors.fromFloats(device, sin, c.seqLen(), half));
        } catch (RuntimeException e) {
            releaseAll();
            if (ownsTokenizer && tokenizer != null) {
                tokenizer.close();
            }
            throw e;
        }
    }

    /** {@code t} on the model's device, kept beyond the loading scope until {@link #close()}. */
    private Tensor keep(Tensor t) {
        Tensor d = device.on(t);
        d.retainReference();
        owned.add(d);
        return d;
    }

    private void releaseAll() {
        for (Tensor t : owned) {
            t.releaseReference();
        }
        owned.clear();
    }

    // ------------------------------------------------------------------------------------------------ factories

    /** The packaged stories260K model (llama2.c, trained on TinyStories) with its 512-token tokenizer. */
    public static LlamaModel stories260k() {
        return stories260k(TorchDevice.CPU);
    }

    /** {@link #stories260k()} with its weights on {@code device}. */
    public static LlamaModel stories260k(TorchDevice device) {
        ClassLoader cl = LlamaModel.class.getClassLoader();
        try (InputStream ckpt = cl.getResourceAsStream(STORIES_CHECKPOINT);
             InputStream tok = cl.getResourceAsStream(STORIES_TOKENIZER)) {
            if (ckpt == null || tok == null) {
                throw new IllegalStateException("class-path resources " + STORIES_CHECKPOINT + " and "
                        + STORIES_TOKENIZER + " are missing (is models/stories260K packaged?)");
            }
            Llama2cCheckpoint checkpoint = Llama2cCheckpoint.read(ckpt, STORIES_CHECKPOINT);
            LlamaTokenizer tokenizer = LlamaTokenizer.read(tok, STORIES_TOKENIZER, checkpoint.config().vocab());
            return new LlamaModel(checkpoint::load, tokenizer, true, LLAMA2C_STOPS, device);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stories260K resources: " + e.getMessage(), e);
        }
    }

    /**
     * A llama2.c checkpoint with its llama2.c tokenizer.
     *
     * @param tokenizer a {@code tokenizer.bin}; null for a model without text methods
     */
    public static LlamaModel fromLlama2c(Path checkpoint, Path tokenizer) {
        return fromLlama2c(checkpoint, tokenizer, TorchDevice.CPU);
    }

    /** {@link #fromLlama2c(Path, Path)} with its weights on {@code device}. */
    public static LlamaModel fromLlama2c(Path checkpoint, Path tokenizer, TorchDevice device) {
        Llama2cCheckpoint ckpt = Llama2cCheckpoint.read(checkpoint);
        LlamaTokenizer tok = tokenizer == null ? null : LlamaTokenizer.read(tokenizer, ckpt.config().vocab());
        return new LlamaModel(ckpt::load, tok, true, LLAMA2C_STOPS, device);
    }

    /**
     * A Hugging Face Llama directory: {@code config.json}, {@code model.safetensors} (or sharded
     * {@code model.safetensors.index.json}) in F32/F16/BF16, and {@code tokenizer.json} when present.
     */
    public static LlamaModel fromSafetensors(Path dir) {
        return fromSafetensors(dir, TorchDevice.CPU);
    }

    /** {@link #fromSafetensors(Path)} with its weights on {@code device}. */
    public static LlamaModel fromSafetensors(Path dir, TorchDevice device) {
        HfLlamaDirectory.Config hf = HfLlamaDirectory.readConfig(dir);
        Path tokJson = dir.resolve("tokenizer.json");
        TextTokenizer tok = Files.isRegularFile(tokJson)
                ? new HfTokenizer(tokJson, hf.config.vocab(), hf.bos, hf.eos) : null;
        return new LlamaModel(() -> HfLlamaDirectory.loadWeights(dir, hf.config), tok, true, new int[] {hf.eos}, device);
    }

    /**
     * A Hugging Face Llama directory with an explicit tokenizer (null for none) instead of its {@code tokenizer.json}.
     * The caller keeps ownership of {@code tokenizer}.
     */
    public static LlamaModel fromSafetensors(Path dir, TextTokenizer tokenizer) {
        return fromSafetensors(dir, tokenizer, TorchDevice.CPU);
    }

    /** {@link #fromSafetensors(Path, TextTokenizer)} with its weights on {@code device}. */
    public static LlamaModel fromSafetensors(Path dir, TextTokenizer tokenizer, TorchDevice device) {
        HfLlamaDirectory.Config hf = HfLlamaDirectory.readConfig(dir);
        return new LlamaModel(() -> HfLlamaDirectory.loadWeights(dir, hf.config), tokenizer, false,
                new int[] {tokenizer != null ? tokenizer.eosId() : hf.eos}, device);
    }

    public LlamaConfig config() {
        return config;
    }

    /** Where the weights live and the forward passes run. */
    public TorchDevice device() {
        return device;
    }

    /** The tokenizer, or null when the model was built without one. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public int vocabSize() {
        return config.vocab();
    }

    /** The context length: the most tokens one sequence may have. */
    public int maxSequenceLength() {
        return config.seqLen();
    }

    // ------------------------------------------------------------------------------------------------ forward

    /**
     * Logits of a right-padded batch.
     *
     * @param ids     {@code [batch × length]} token ids, row-major; entries past a row's length are ignored
     * @param lengths real tokens per row, each in {@code [1, length]}; null means every row is full
     * @param hooks   hook points to capture or patch (null for none)
     * @return {@code [batch × length × vocab]} logits, row-major
     */
    public float[] logits(long[] ids, int batch, int length, long[] lengths, Hooks hooks) {
        long[] clean = checkBatch(ids, batch, length, lengths, "ids");
        return call(() -> {
            Tensor x = Tensors.fromLongs(device, clean, batch, length);
            Tensor logits = head(trunk(x, hooks));
            return Tensors.toFloats(logits);
        });
    }

    /** {@link #logits(long[], int, int, long[], Hooks)} without hooks. */
    public float[] logits(long[] ids, int batch, int length, long[] lengths) {
        return logits(ids, batch, length, lengths, null);
    }

    /**
     * Tensor-level logits for callers that already hold int64 tensors (no copy of the input).
     *
     * @param ids     int64 {@code [B, L]} on the model's {@link #device()} (else copied there); entries past a row's
     *                length are ignored
     * @param lengths int64 {@code [B]} with entries in {@code [1, L]}, or null for full rows
     * @param hooks   null for none
     * @return float32 {@code [B, L, vocab]} on the model's device (read it through {@link Tensors}); it is attached
     *     to the caller's innermost {@link PointerScope} when there is one (otherwise close it, or leave it to the
     *     garbage collector)
     */
    public Tensor logits(Tensor ids, Tensor lengths, Hooks hooks) {
        // scalar_type() returns a fresh enum instance: compare interned values
        if (ids == null || ids.dim() != 2 || ids.scalar_type().intern() != ScalarType.Long) {
            throw new IllegalArgumentException("ids must be an int64 tensor of shape [batch, length]" + (ids == null
                    ? ", got null" : ", got " + ids.scalar_type().intern() + " with " + ids.dim() + " dims"));
        }
        long b = ids.size(0), len = ids.size(1);
        if (b < 1 || len < 1) {
            throw new IllegalArgumentException("ids must have at least one row and one column, got [" + b + ", "
                    + len + "]");
        }
        checkLength(len, "sequence length");
        if (lengths != null && (lengths.dim() != 1 || lengths.size(0) != b
                || lengths.scalar_type().intern() != ScalarType.Long)) {
            throw new IllegalArgumentException("lengths must be an int64 tensor of shape [" + b + "]");
        }
        PointerScope outer = PointerScope.getInnerScope();
        Tensor out = call(() -> {
            Tensor lens = null;
            if (lengths != null) {
                lens = device.on(lengths);
                long lo = lens.min().item_long(), hi = lens.max().item_long();
                if (lo < 1 || hi > len) {
                    throw new IllegalArgumentException("lengths must lie in [1, " + len + "], got [" + lo + ", "
                            + hi + "]");
                }
                lens = lens.unsqueeze(1);
            }
            Tensor x = clearPadding(device.on(ids), lens, "token ids");
            Tensor logits = head(trunk(x, hooks));
            logits.retainReference();  // survives this call's scope
            return logits;
        });
        if (outer != null) {
            outer.attach(out);
            out.releaseReference();
        }
        return out;
    }

    /**
     * The final norm and LM head applied to hidden states (e.g. a captured {@link HookName#residPost(int)} for a
     * logit lens): {@code hidden} holds {@code n × dim} floats, the result {@code n × vocab} logits.
     */
    public float[] lmHead(float[] hidden) {
        int d = config.dim();
        if (hidden == null || hidden.length == 0 || hidden.length % d != 0) {
            throw new IllegalArgumentException("hidden must hold a positive multiple of dim " + d + " floats, got "
                    + (hidden == null ? "null" : hidden.length));
        }
        return call(() -> {
            Tensor x = Tensors.fromFloats(device, hidden, hidden.length / d, d);
            return Tensors.toFloats(head(norm(x, finalNorm)));
        });
    }

    // ------------------------------------------------------------------------------------------------ for the tasks

    // LlamaGenerator, SpeculativeDecoder and ContinuationScorer run the network through these. The tensor methods
    // read the weights, so they run only inside call(...), which holds the model open.

    /**
     * Runs {@code body} in its own PointerScope and InferenceMode under the read lock, so {@link #close()} waits for
     * it; on a closed model it throws {@link IllegalStateException} instead.
     */
    <T> T call(Supplier<T> body) {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the model is closed");
            }
            try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
                return body.get();
            }
        } finally {
            r.unlock();
        }
    }

    /** Embedding, blocks and final norm of a full batch starting at position 0 (causal). */
    Tensor trunk(Tensor ids, Hooks hooks) {
        return forward(ids, 0, null, hooks);
    }

    /**
     * The decoder up to the final norm for ids {@code [B, T]} at positions {@code start..start+T-1}. With a cache,
     * keys and values of the new tokens are written at those positions and attention reads the cache from position
     * 0; without (null), attention is over the T tokens themselves.
     */
    Tensor forward(Tensor ids, int start, KvCache cache, Hooks hooks) {
        long t = ids.size(1);
        int hs = config.headSize();
        Tensor cos = ropeCos.narrow(0, start, t).view(1, t, 1, hs / 2);  // positions start..start+t-1
        Tensor sin = ropeSin.narrow(0, start, t).view(1, t, 1, hs / 2);
        long span = start + t;  // keys visible to the last query
        Tensor mask = null;     // additive [T, span]: -inf where a key lies after its query
        if (t > 1) {
            Tensor kpos = torch.arange(new Scalar(span), device.options(ScalarType.Long)).unsqueeze(0);
            Tensor qpos = torch.arange(new Scalar((long) start), new Scalar(span),
                    device.options(ScalarType.Long)).unsqueeze(1);
            mask = torch.zeros(new long[] {t, span}, device.options(ScalarType.Float))
                    .masked_fill(kpos.gt(qpos), new Scalar(Float.NEGATIVE_INFINITY));
        }
        return blocks(ids, cos, sin, mask, start, cache, hooks);
    }

    /**
     * {@link #forward} with any positions (one per token) and an additive mask {@code [T, start + T]} (null: none)
     * instead of the causal one; the new keys and values go to cache slots {@code start..start+T-1}.
     */
    Tensor forwardAt(Tensor ids, int[] positions, Tensor mask, int start, KvCache cache) {
        return blocks(ids, ropeRows(ropeCos, positions), ropeRows(ropeSin, positions), mask, start, cache, null);
    }

    /** The LM head: logits {@code [..., vocab]} of final-norm outputs {@code [..., dim]}. */
    Tensor head(Tensor hidden) {
        return torch.linear(hidden, classifier);
    }

    /** An empty cache for one sequence of up to {@code capacity} tokens. */
    KvCache newCache(int capacity) {
        LlamaConfig c = config;
        Tensor[][] cache = new Tensor[2][c.layers()];
        for (Tensor[] kv : cache) {
            for (int l = 0; l < c.layers(); l++) {
                kv[l] = torch.zeros(new long[] {1, c.kvHeads(), capacity, c.headSize()},
                        device.options(ScalarType.Float));
            }
        }
        return new KvCache(cache[0], cache[1]);
    }

    /** Whether {@code token} ends a sequence (see {@link LlamaGenerator}). */
    boolean isStop(int token) {
        for (int id : stopIds) {
            if (token == id) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code ids} [B, L] with 0 past each row's length ({@code lens} [B, 1]; null: full rows), every id checked
     * against the vocabulary (one min and one max read).
     */
    Tensor clearPadding(Tensor ids, Tensor lens, String what) {
        Tensor x = ids;
        if (lens != null) {
            Tensor pos = torch.arange(new Scalar(ids.size(1)), device.options(ScalarType.Long)).unsqueeze(0);
            x = x.masked_fill(pos.ge(lens), new Scalar(0L));
        }
        long lo = x.min().item_long(), hi = x.max().item_long();
        if (lo < 0 || hi >= config.vocab()) {
            throw new IllegalArgumentException(what + " must lie in [0, " + config.vocab() + "), got [" + lo + ", "
                    + hi + "]");
        }
        return x;
    }

    void checkLength(long length, String what) {
        if (length > config.seqLen()) {
            throw new IllegalArgumentException(what + " is " + length + " tokens, more than the model's context of "
                    + config.seqLen() + " tokens (seq_len)");
        }
    }

    /**
     * A prompt to generate {@code steps} tokens after: at least one token, every id in the vocabulary, and prompt
     * plus steps inside the context (the prompt alone named first when it is already too long).
     */
    void checkPrompt(int[] prompt, int steps) {
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must have at least one token (BOS)");
        }
        for (int t : prompt) {
            checkId(t, "prompt");
        }
        checkLength(prompt.length, "prompt");
        checkLength((long) prompt.length + steps, "prompt (" + prompt.length + " tokens) plus " + steps
                + " generated tokens");
    }

    void checkId(long id, String what) {
        if (id < 0 || id >= config.vocab()) {
            throw new IllegalArgumentException(what + " token id " + id + " is outside the vocabulary [0, "
                    + config.vocab() + ")");
        }
    }

    /** Validates a right-padded batch and returns a copy whose padding is 0. */
    long[] checkBatch(long[] ids, int batch, int length, long[] lengths, String what) {
        if (batch < 1 || length < 1) {
            throw new IllegalArgumentException("batch and length must be >= 1, got " + batch + " and " + length);
        }
        checkLength(length, "sequence length");
        if (ids == null || ids.length != (long) batch * length) {
            throw new IllegalArgumentException(what + " must hold batch * length = " + (long) batch * length
                    + " values, got " + (ids == null ? "null" : ids.length));
        }
        if (lengths != null && lengths.length != batch) {
            throw new IllegalArgumentException("lengths must have " + batch + " entries, got " + lengths.length);
        }
        long[] clean = new long[ids.length];
        for (int r = 0; r < batch; r++) {
            long len = lengths == null ? length : lengths[r];
            if (len < 1 || len > length) {
                throw new IllegalArgumentException("lengths[" + r + "] = " + len + " must lie in [1, " + length + "]");
            }
            for (int i = 0; i < len; i++) {
                long id = ids[r * length + i];
                if (id < 0 || id >= config.vocab()) {
                    throw new IllegalArgumentException(what + "[" + r + ", " + i + "] = " + id
                            + " is outside the vocabulary [0, " + config.vocab() + ")");
                }
                clean[r * length + i] = id;
            }
        }
        return clean;
    }

    static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ the network

    /**
     * The decoder up to the final norm for ids {@code [B, T]} with rotary tables {@code cos}/{@code sin}
     * ({@code [1, T, 1, hs/2]}, so any positions) and an additive mask {@code [T, start + T]} (null: none). With
     * caches, the new keys and values go to cache slots {@code start..start+T-1} and attention reads slots
     * {@code 0..start+T-1}; without, attention is over the T tokens themselves. A slot is not a position: tree
     * decoding stores tokens of equal depth side by side.
     */
    private Tensor blocks(Tensor ids, Tensor cos, Tensor sin, Tensor mask, int start, KvCache cache, Hooks hooks) {
        LlamaConfig c = config;
        boolean hooked = hooks != null && !hooks.isEmpty();
        long b = ids.size(0), t = ids.size(1);
        int d = c.qDim(), hs = c.headSize(), nh = c.heads(), nkv = c.kvHeads(), kvd = c.kvDim(), hid = c.hiddenDim();
        long span = start + t;
        Tensor x = torch.embedding(embed, ids);  // [B, T, D]
        if (hooked) {
            x = hooks.apply(HookName.embed(), x);
        }
        Scalar scale = new Scalar(1.0 / Math.sqrt(hs));
        int group = nh / nkv;
        for (int l = 0; l < c.layers(); l++) {
            Tensor n = norm(x, attnNorm[l]);
            Tensor qkv = bqkv[l] == null ? torch.linear(n, wqkv[l])
                    : torch.linear(n, wqkv[l], new TensorOptional(bqkv[l]));  // [B, T, qD + 2 kvD]
            // q and k heads are adjacent in qkv: rotate them in one go
            Tensor qk = rope(qkv.narrow(2, 0, d + kvd).reshape(b, t, nh + nkv, hs), cos, sin);
            Tensor q = qk.narrow(2, 0, nh).transpose(1, 2);     // [B, H, T, hs]
            Tensor k = qk.narrow(2, nh, nkv).transpose(1, 2);   // [B, kvH, T, hs]
            Tensor v = qkv.narrow(2, d + kvd, kvd).view(b, t, nkv, hs).transpose(1, 2);  // [B, kvH, T, hs]
            if (cache != null) {
                cache.keys()[l].narrow(2, start, t).copy_(k);
                cache.values()[l].narrow(2, start, t).copy_(v);
                k = cache.keys()[l].narrow(2, 0, span);
                v = cache.values()[l].narrow(2, 0, span);
            }
            if (group > 1) {
                k = k.repeat_interleave(group, new org.bytedeco.pytorch.LongOptional(1),
                        new org.bytedeco.pytorch.LongOptional());
                v = v.repeat_interleave(group, new org.bytedeco.pytorch.LongOptional(1),
                        new org.bytedeco.pytorch.LongOptional());
            }
            // plain attention (LibTorch's fused CPU kernel parallelises even tiny problems, which costs
            // milliseconds per call on a busy machine)
            Tensor scores = torch.matmul(q, k.transpose(2, 3)).mul(scale);  // [B, H, T, span]
            if (mask != null) {
                scores = scores.add(mask);
            }
            Tensor att = torch.matmul(torch.softmax(scores, 3), v);  // [B, H, T, hs]
            att = att.transpose(1, 2).reshape(b, t, d);
            x = x.add(torch.linear(att, wo[l]));
            Tensor m = norm(x, ffnNorm[l]);
            Tensor gu = torch.linear(m, w13[l]);  // [B, T, 2 H]
            Tensor act = torch.silu(gu.narrow(2, 0, hid)).mul(gu.narrow(2, hid, hid));
            x = x.add(torch.linear(act, w2[l]));
            if (hooked) {
                x = hooks.apply(HookName.residPost(l), x);
            }
        }
        x = norm(x, finalNorm);
        if (hooked) {
            x = hooks.apply(HookName.lnFinal(), x);
        }
        return x;
    }

    private Tensor norm(Tensor x, Tensor weight) {
        return torch.rms_norm(x, new long[] {config.dim()}, new TensorOptional(weight),
                new DoubleOptional(config.rmsEps()));
    }

    /**
     * Rotary embedding of {@code x} [B, T, heads, hs] with tables [1, T, 1, hs/2]. Each pair (a, b) becomes
     * (a cos - b sin, a sin + b cos), as in run.c; pairs are adjacent elements (interleaved) or element i and
     * i + hs/2 (half). Both styles use the same elementwise operations, so a checkpoint and its permuted Hugging Face
     * export round alike.
     */
    private Tensor rope(Tensor x, Tensor cos, Tensor sin) {
        long b = x.size(0), t = x.size(1), h = x.size(2), hs = x.size(3), half = hs / 2;
        if (config.rope() == LlamaConfig.RopeStyle.INTERLEAVED) {
            Tensor pairs = x.reshape(b, t, h, half, 2);
            Tensor x0 = pairs.select(4, 0), x1 = pairs.select(4, 1);
            Tensor r0 = x0.mul(cos).sub(x1.mul(sin)), r1 = x0.mul(sin).add(x1.mul(cos));
            return torch.stack(new TensorVector(r0, r1), 4).reshape(b, t, h, hs);
        }
        Tensor x0 = x.narrow(3, 0, half), x1 = x.narrow(3, half, half);
        return torch.cat(new TensorVector(x0.mul(cos).sub(x1.mul(sin)), x0.mul(sin).add(x1.mul(cos))), 3);
    }

    /** Rows of a rotary table at arbitrary positions, shaped {@code [1, T, 1, hs/2]}. */
    private Tensor ropeRows(Tensor table, int[] positions) {
        Tensor index = Tensors.fromLongs(device, toLongs(positions), positions.length);
        return table.index_select(0, index).view(1, positions.length, 1, config.headSize() / 2);
    }

    /** Releases the weights (and the tokenizer when the model owns it); waits for running calls. */
    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseAll();
            if (ownsTokenizer && tokenizer != null) {
                tokenizer.close();
            }
        } finally {
            w.unlock();
        }
    }

    @Override
    public String toString() {
        return "LlamaModel" + config;
    }
}

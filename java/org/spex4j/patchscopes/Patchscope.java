package org.spex4j.patchscopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.TextTokenizer;

/**
 * The Patchscope operation on a Llama decoder: the hidden state {@code h} at (source layer {@code l}, position
 * {@code i}) of a source prompt, mapped by {@code f}, overwrites the hidden state at (target layer {@code l*},
 * position {@code i*}) of a target prompt during the target's forward pass; then the next-token distribution at the
 * target's last position is read, or a few tokens are decoded greedily.
 *
 * <p>Layers are numbered {@code 0..L}: 0 is the embedding output, {@code l >= 1} the output of block {@code l}
 * (see {@link #hookName(int)}). Positions count tokens from 0 (BOS) and may be negative, Python-style: {@code -1}
 * is the last token.
 *
 * <pre>{@code
 * Patchscope scope = new Patchscope(LlamaModel.stories260k());
 * Patchscope.SourceRun src = scope.runSource(scope.encode("Lily went to the park."));
 * Patchscope.Target t = scope.target(scope.encode("Lily, Lily. mom, mom. big, big. ?"), -1, 2);
 * NextTokens out = scope.read(t, src.state(2, 3));   // what layer 2 at token 3 decodes to
 * }</pre>
 *
 * <p>Thread-safety: as safe as the model (every call is one independent forward pass).
 */
public final class Patchscope {
    private final LlamaModel model;
    private final LlamaGenerator generator;

    /** A Patchscope on {@code model} (the caller keeps closing the model). */
    public Patchscope(LlamaModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.model = model;
        this.generator = new LlamaGenerator(model);
    }

    public LlamaModel model() {
        return model;
    }

    /** L, the number of blocks; valid layers are {@code 0..L}. */
    public int layers() {
        return model.config().layers();
    }

    /** The hidden width d. */
    public int dim() {
        return model.config().dim();
    }

    /** The hook point of {@code layer}: 0 is the embedding output, {@code l >= 1} the residual stream after block l. */
    public static String hookName(int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        return layer == 0 ? HookName.embed() : HookName.residPost(layer - 1);
    }

    /** Checks {@code layer} against {@code 0..L}. */
    public int checkLayer(int layer, String what) {
        if (layer < 0 || layer > layers()) {
            throw new IllegalArgumentException(what + " " + layer + " is out of range: layers run from 0 (embedding "
                    + "output) to " + layers() + " (last block)");
        }
        return layer;
    }

    /** {@code position} in {@code [0, length)}, a negative one counting from the end. */
    public static int resolvePosition(int position, int length, String what) {
        int p = position < 0 ? length + position : position;
        if (p < 0 || p >= length) {
            throw new IllegalArgumentException(what + " " + position + " is out of range for a prompt of " + length
                    + " tokens (use 0.." + (length - 1) + ", or -1.." + (-length) + " from the end)");
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------------ text

    /** The ids of {@code text} with BOS; an empty text (nothing but BOS) is an error. */
    public int[] encode(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        int[] ids = tokenizer().encodeIds(text, true, false);
        if (ids.length < 2) {
            throw new IllegalArgumentException("the " + what + " has no tokens");
        }
        return ids;
    }

    /** {@link #encode(String, String)} for a prompt. */
    public int[] encode(String text) {
        return encode(text, "prompt");
    }

    /** The text of one token (BOS renders as {@code <s>}). */
    public String tokenText(int id) {
        TextTokenizer tok = model.tokenizer();
        if (tok == null) {
            return "#" + id;
        }
        if (id == tok.bosId()) {
            return "<s>";
        }
        if (id == tok.eosId()) {
            return "</s>";
        }
        return tok.decode(new int[] {id});
    }

    /** The text of {@code ids}. */
    public String text(int[] ids) {
        return tokenizer().decode(ids);
    }

    private TextTokenizer tokenizer() {
        TextTokenizer tok = model.tokenizer();
        if (tok == null) {
            throw new IllegalStateException("the model has no tokenizer; use token ids");
        }
        return tok;
    }

    // ------------------------------------------------------------------------------------------------ source

    /** A source prompt run once: its hidden states at every layer and position, and its own next-token logits. */
    public final class SourceRun {
        private final int[] ids;
        private final float[][] states;  // [layer] -> [position * d]
        private final float[] logits;    // [position * vocab]

        private SourceRun(int[] ids, float[][] states, float[] logits) {
            this.ids = ids;
            this.states = states;
            this.logits = logits;
        }

        public int[] ids() {
            return ids.clone();
        }

        public int length() {
            return ids.length;
        }

        /** The token at {@code position} (negative counts from the end). */
        public int token(int position) {
            return ids[resolvePosition(position, ids.length, "source position")];
        }

        /** h at ({@code layer}, {@code position}). */
        public float[] state(int layer, int position) {
            checkLayer(layer, "source layer");
            int p = resolvePosition(position, ids.length, "source position");
            int d = dim();
            return Arrays.copyOfRange(states[layer], p * d, (p + 1) * d);
        }

        /** The model's own next-token distribution after {@code position}: p_orig(. | S, i). */
        public NextTokens nextTokens(int position) {
            int p = resolvePosition(position, ids.length, "source position");
            int v = model.vocabSize();
            return new NextTokens(Arrays.copyOfRange(logits, p * v, (p + 1) * v));
        }
    }

    /** Runs {@code ids} (which should start with BOS) once, recording every layer. */
    public SourceRun runSource(int[] ids) {
        checkIds(ids, "source prompt");
        Hooks hooks = new Hooks();
        for (int l = 0; l <= layers(); l++) {
            hooks.capture(hookName(l));
        }
        float[] logits = model.logits(toLongs(ids), 1, ids.length, null, hooks);
        float[][] states = new float[layers() + 1][];
        for (int l = 0; l <= layers(); l++) {
            states[l] = hooks.captured(hookName(l)).values();
        }
        return new SourceRun(ids.clone(), states, logits);
    }

    // ------------------------------------------------------------------------------------------------ target

    /** Where a state is written: prompt ids, a resolved position inside them, and a layer in {@code 0..L}. */
    public record Target(int[] ids, int position, int layer) {
        public Target {
            ids = ids.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        public int length() {
            return ids.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Target t && Arrays.equals(t.ids, ids) && t.position == position && t.layer == layer;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids) * 31 * 31 + position * 31 + layer;
        }

        @Override
        public String toString() {
            return "Target[" + ids.length + " tokens, position " + position + ", layer " + layer + "]";
        }
    }

    /** A validated target ({@code position} may be negative: {@code -1} is the last token). */
    public Target target(int[] ids, int position, int layer) {
        checkIds(ids, "target prompt");
        return new Target(ids, resolvePosition(position, ids.length, "target position"), checkLayer(layer,
                "target layer"));
    }

    /** The next-token distribution at the target's last position, with {@code state} written at the target. */
    public NextTokens read(Target target, float[] state) {
        float[] logits = patchedLogits(target, state);
        int v = model.vocabSize(), last = target.length() - 1;
        return new NextTokens(Arrays.copyOfRange(logits, last * v, (last + 1) * v));
    }

    /** The logits at every target position ({@code length × vocab}, row-major) with {@code state} written. */
    public float[] patchedLogits(Target target, float[] state) {
        return model.logits(toLongs(target.ids), 1, target.length(), null, hooks(target, state));
    }

    /**
     * Several patches of one target prompt in one batched forward pass: row {@code r} writes {@code states[r]} at
     * (layer {@code layers[r]}, {@code position}) and gives the next-token distribution at the last position. Equal,
     * up to float rounding, to {@link #read} row by row.
     */
    public NextTokens[] readBatch(int[] targetIds, int position, int[] layers, float[][] states) {
        checkIds(targetIds, "target prompt");
        int p = resolvePosition(position, targetIds.length, "target position");
        if (layers == null || states == null || layers.length != states.length || layers.length == 0) {
            throw new IllegalArgumentException("layers and states must be non-empty and of equal length, got "
                    + (layers == null ? "null" : layers.length) + " layers and "
                    + (states == null ? "null" : states.length) + " states");
        }
        int rows = layers.length, len = targetIds.length;
        Hooks hooks = new Hooks();
        for (int l = 0; l <= layers(); l++) {
            float[][] at = null;
            for (int r = 0; r < rows; r++) {
                if (checkLayer(layers[r], "target layer") == l) {
                    if (at == null) {
                        at = new float[rows][];
                    }
                    at[r] = checkState(states[r]);
                }
            }
            if (at != null) {
                hooks.patchRows(hookName(l), p, at);
            }
        }
        long[] ids = new long[rows * len];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < len; i++) {
                ids[r * len + i] = targetIds[i];
            }
        }
        float[] logits = model.logits(ids, rows, len, null, hooks);
        int v = model.vocabSize();
        NextTokens[] out = new NextTokens[rows];
        for (int r = 0; r < rows; r++) {
            int from = (r * len + len - 1) * v;
            out[r] = new NextTokens(Arrays.copyOfRange(logits, from, from + v));
        }
        return out;
    }

    /** A greedy continuation of a patched target. */
    public record Decoded(int[] tokens, List<NextTokens> steps) {}

    /**
     * Greedy decoding of up to {@code steps} tokens after the target, with {@code state} written at the target during
     * the prompt's forward pass only (the prefill); later tokens see it through the KV cache. {@code useKvCache =
     * false} re-runs the whole sequence each step, patching the same prompt position, and gives the same tokens.
     * Stops after an end-of-sequence token.
     */
    public Decoded generate(Target target, float[] state, int steps, boolean useKvCache) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        LlamaGenerator.Generation g = generator.generateGreedyWithLogits(target.ids(), steps,
                (useKvCache ? Greedy.CACHED : Greedy.UNCACHED).untilEos(), hooks(target, state));
        int[] tokens = Arrays.copyOfRange(g.tokens(), target.length(), g.tokens().length);
        List<NextTokens> dists = new ArrayList<>();
        for (float[] l : g.stepLogits()) {
            dists.add(new NextTokens(l));
        }
        return new Decoded(tokens, List.copyOf(dists));
    }

    private Hooks hooks(Target target, float[] state) {
        return new Hooks().patch(hookName(target.layer()), target.position(), checkState(state));
    }

    private float[] checkState(float[] state) {
        if (state == null || state.length != dim()) {
            throw new IllegalArgumentException("the patched state must hold " + dim() + " values, got "
                    + (state == null ? "null" : state.length));
        }
        for (float x : state) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("the patched state has a non-finite value " + x);
            }
        }
        return state;
    }

    // ------------------------------------------------------------------------------------------------ in one call

    /**
     * One Patchscope: source ids, position and layer; a map (null for the identity); target ids, position and layer.
     * Positions may be negative (from the end).
     */
    public record Request(int[] sourceIds, int sourcePosition, int sourceLayer, AffineMap map, int[] targetIds,
            int targetPosition, int targetLayer) {}

    /**
     * What one Patchscope gives: the resolved source position, the source token and the model's own next-token
     * distribution there, the target, the patched vector and the patched next-token distribution.
     */
    public record Result(int sourcePosition, int sourceToken, NextTokens sourceNext, Target target, float[] patched,
            NextTokens next) {}

    /** Runs {@code r}: one source forward and one patched target forward. */
    public Result inspect(Request r) {
        SourceRun src = runSource(r.sourceIds());
        int i = resolvePosition(r.sourcePosition(), src.length(), "source position");
        float[] h = src.state(r.sourceLayer(), i);
        float[] mapped = map(r.map(), h);
        Target t = target(r.targetIds(), r.targetPosition(), r.targetLayer());
        return new Result(i, src.token(i), src.nextTokens(i), t, mapped, read(t, mapped));
    }

    /** {@code f(h)}, where a null map is the identity. */
    public float[] map(AffineMap f, float[] h) {
        if (f == null) {
            return h.clone();
        }
        if (f.outputDim() != dim()) {
            throw new IllegalArgumentException("the map gives " + f.outputDim() + " values, the model's width is "
                    + dim());
        }
        return f.apply(h);
    }

    // ------------------------------------------------------------------------------------------------ named

    /**
     * The logit lens as a Patchscope: target = the source prefix up to and including {@code position} (a causal model
     * computes the same states there), target position = that last token, target layer = L, identity map. The
     * result is the final norm and LM head applied to h at ({@code layer}, {@code position}).
     */
    public NextTokens logitLens(int[] sourceIds, int position, int layer) {
        checkIds(sourceIds, "source prompt");
        int i = resolvePosition(position, sourceIds.length, "source position");
        checkLayer(layer, "source layer");
        SourceRun src = runSource(sourceIds);
        Target t = target(Arrays.copyOf(sourceIds, i + 1), i, layers());
        return read(t, src.state(layer, i));
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private void checkIds(int[] ids, String what) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        if (ids.length > model.maxSequenceLength()) {
            throw new IllegalArgumentException("the " + what + " has " + ids.length + " tokens, more than the "
                    + "model's context of " + model.maxSequenceLength());
        }
    }

    static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}

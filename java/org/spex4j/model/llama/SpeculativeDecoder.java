package org.spex4j.model.llama;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;

/**
 * Speculative greedy decoding with a {@link LlamaModel}: one decoder pass verifies a draft tree (a trie of candidate
 * continuations, e.g. outputs seen before for similar prompts), and decoding falls back to cached greedy steps where
 * the draft misses. The tokens are {@link LlamaGenerator}'s; only the number of passes changes.
 *
 * <p>Thread-safety and closing follow the model's: every call holds the model open.
 */
public final class SpeculativeDecoder {
    private final LlamaModel model;
    private final TorchDevice device;
    private final LlamaConfig config;

    public SpeculativeDecoder(LlamaModel model) {
        if (model == null) {
            throw new IllegalArgumentException("the decoder needs a model");
        }
        this.model = model;
        this.device = model.device();
        this.config = model.config();
    }

    /**
     * A greedy generation checked against a draft tree (see {@link #generateGreedy}).
     *
     * @param tokens   the prompt followed by the generated tokens, exactly as
     *                 {@link LlamaGenerator#generateGreedy} returns them
     * @param verified generated tokens decided by the single pass over prompt and tree
     * @param hit      true when the whole generation was decided by that pass (no fallback decoding)
     * @param passes   decoder passes used: 1 on a hit, 1 + fallback steps otherwise
     */
    public record TreeGeneration(int[] tokens, int verified, boolean hit, int passes) {}

    /**
     * Greedy decoding verified against a draft tree (speculative decoding over a trie of candidate continuations).
     * One decoder pass runs over the prompt followed by the flattened tree: prompt tokens attend causally, a tree
     * node attends to the whole prompt, its ancestors and itself, at position {@code prompt.length + depth} (depth 0
     * for a child of the root). The greedy walk then follows the argmax through the tree; when the argmax is not a
     * child of the current node, decoding falls back to ordinary cached greedy steps from that point (the accepted
     * path's keys and values are reused). The tokens equal {@link LlamaGenerator#generateGreedy}'s up to
     * floating-point ties: only the cost changes.
     *
     * @param treeTokens  the token of every tree node
     * @param treeParents the parent of every node, -1 for a child of the root; a parent precedes its children
     */
    public TreeGeneration generateGreedy(int[] prompt, int steps, boolean stopAtEos, int[] treeTokens,
                                         int[] treeParents) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        model.checkPrompt(prompt, steps);
        int[] depth = treeDepths(treeTokens, treeParents, steps);
        return model.call(() -> treeDecode(prompt, steps, stopAtEos, treeTokens, treeParents, depth));
    }

    /**
     * Logits of {@code tokens} placed after a causally encoded {@code prefix}, with explicit positions and an explicit
     * additive attention mask: row {@code i} of {@code mask} ({@code tokens.length × (prefix.length + tokens.length)},
     * row-major; 0 = visible, -inf = hidden) says which prefix and new tokens token {@code i} attends to.
     *
     * @return {@code tokens.length × vocab} logits, row-major
     */
    public float[] logitsAfterPrefix(int[] prefix, int[] tokens, int[] positions, float[] mask) {
        if (prefix == null || prefix.length == 0 || tokens == null || tokens.length == 0) {
            throw new IllegalArgumentException("prefix and tokens must each have at least one token");
        }
        int p = prefix.length, t = tokens.length;
        if (positions == null || positions.length != t) {
            throw new IllegalArgumentException("positions must have one entry per token (" + t + ")");
        }
        if (mask == null || mask.length != (long) t * (p + t)) {
            throw new IllegalArgumentException("mask must hold tokens x (prefix + tokens) = " + (long) t * (p + t)
                    + " values, got " + (mask == null ? "null" : mask.length));
        }
        for (int id : prefix) {
            model.checkId(id, "prefix");
        }
        for (int id : tokens) {
            model.checkId(id, "token");
        }
        model.checkLength(p, "prefix");
        for (int pos : positions) {
            if (pos < 0 || pos >= config.seqLen()) {
                throw new IllegalArgumentException("position " + pos + " is outside the context [0, "
                        + config.seqLen() + ")");
            }
        }
        for (int i = 0; i < t; i++) {
            boolean any = false;
            for (int j = 0; j < p + t && !any; j++) {
                any = mask[i * (p + t) + j] != Float.NEGATIVE_INFINITY;
            }
            if (!any) {
                throw new IllegalArgumentException("mask row " + i + " hides every key");
            }
        }
        return model.call(() -> {
            KvCache cache = model.newCache(p + t);
            model.forward(Tensors.fromLongs(device, LlamaModel.toLongs(prefix), 1, p), 0, cache, null);
            Tensor h = model.forwardAt(Tensors.fromLongs(device, LlamaModel.toLongs(tokens), 1, t), positions,
                    Tensors.fromFloats(device, mask, t, p + t), p, cache);
            return Tensors.toFloats(model.head(h));
        });
    }

    /** Depth of every tree node (0 for a child of the root), validating ids and parent order. */
    private int[] treeDepths(int[] tokens, int[] parents, int steps) {
        if (tokens == null || parents == null || tokens.length != parents.length) {
            throw new IllegalArgumentException("treeTokens and treeParents must be non-null and of equal length");
        }
        int[] depth = new int[tokens.length];
        for (int j = 0; j < tokens.length; j++) {
            model.checkId(tokens[j], "tree");
            int parent = parents[j];
            if (parent < -1 || parent >= j) {
                throw new IllegalArgumentException("tree node " + j + " has parent " + parent
                        + "; a parent must be -1 (the root) or an earlier node");
            }
            depth[j] = parent < 0 ? 0 : depth[parent] + 1;
            if (depth[j] >= steps) {
                throw new IllegalArgumentException("tree node " + j + " lies at depth " + depth[j]
                        + ", beyond the " + steps + " generated tokens");
            }
        }
        return depth;
    }

    private TreeGeneration treeDecode(int[] prompt, int steps, boolean stopAtEos, int[] treeTokens, int[] parents,
                                      int[] depth) {
        int p = prompt.length, t = treeTokens.length, total = p + t;
        KvCache cache = model.newCache(p + Math.max(t, steps));
        // 1. one pass over prompt and tree: causal prompt, tree nodes see the prompt, their ancestors and themselves
        long[] ids = new long[total];
        int[] positions = new int[total];
        float[] mask = new float[total * total];
        Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < p; i++) {
            ids[i] = prompt[i];
            positions[i] = i;
            Arrays.fill(mask, i * total, i * total + i + 1, 0f);
        }
        for (int j = 0; j < t; j++) {
            int row = p + j;
            ids[row] = treeTokens[j];
            positions[row] = p + depth[j];
            Arrays.fill(mask, row * total, row * total + p, 0f);
            for (int a = j; a >= 0; a = parents[a]) {
                mask[row * total + p + a] = 0f;
            }
        }
        Tensor h = model.forwardAt(Tensors.fromLongs(device, ids, 1, total), positions,
                total > 1 ? Tensors.fromFloats(device, mask, total, total) : null, 0, cache);
        // the LM head only where the walk goes: the prompt's last token (row p - 1), then the accepted nodes
        Tensor rows = h.select(0, 0);
        IntUnaryOperator argmax = row -> (int) model.head(rows.select(0, row)).argmax().item_long();
        // 2. the greedy walk through the tree
        Map<Long, Integer> children = new HashMap<>();  // (parent + 1) * vocab + token -> child
        for (int j = 0; j < t; j++) {
            children.put((long) (parents[j] + 1) * config.vocab() + treeTokens[j], j);
        }
        int[] out = Arrays.copyOf(prompt, p + steps);
        List<Integer> path = new ArrayList<>();
        int node = -1, produced = 0;
        int pick = argmax.applyAsInt(p - 1);
        while (true) {
            out[p + produced++] = pick;
            if (produced == steps || (stopAtEos && model.isStop(pick))) {
                return new TreeGeneration(Arrays.copyOf(out, p + produced), produced, true, 1);
            }
            Integer child = children.get((long) (node + 1) * config.vocab() + pick);
            if (child == null) {
                break;
            }
            node = child;
            path.add(child);
            pick = argmax.applyAsInt(p + child);
        }
        int verified = produced;
        // 3. a miss: move the accepted path's keys and values to sequence order, then decode step by step with the
        // cache, as LlamaGenerator does
        if (!path.isEmpty()) {
            long[] slots = new long[path.size()];
            for (int k = 0; k < slots.length; k++) {
                slots[k] = p + path.get(k);
            }
            cache.copySlots(Tensors.fromLongs(device, slots, slots.length), p);
        }
        int passes = 1;
        int pos = p + path.size();
        while (produced < steps && !(stopAtEos && model.isStop(pick))) {
            try (PointerScope step = new PointerScope()) {
                Tensor x = Tensors.fromLongs(device, new long[] {pick}, 1, 1);
                Tensor hs = model.forward(x, pos, cache, null);
                pick = (int) model.head(hs.select(1, 0)).reshape(-1).argmax().item_long();
            }
            passes++;
            pos++;
            out[p + produced++] = pick;
        }
        return new TreeGeneration(Arrays.copyOf(out, p + produced), verified, false, passes);
    }
}

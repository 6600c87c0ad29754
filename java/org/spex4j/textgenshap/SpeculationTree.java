package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trie of every output generated so far, the draft that speculative decoding verifies in one decoder pass. Nodes
 * are numbered in insertion order, so a parent always precedes its children; node {@code j} holds a token, its parent
 * (-1 under the root, which stands for the prompt) and its depth (0 for a first generated token).
 *
 * <p>The tree also counts how often each output was seen, so that {@link #draft} can verify only the most frequent
 * outputs: on a CPU the verification pass costs about as much per tree token as a decoding step costs per pass, so
 * a draft of every output ever seen (hundreds of nodes) would be slower than plain decoding.
 */
public final class SpeculationTree {
    private final int maxNodes;
    private int[] tokens = new int[16];
    private int[] parents = new int[16];
    private int[] depths = new int[16];
    private int size;
    private final Map<Long, Integer> children = new HashMap<>();
    private final List<int[]> outputs = new ArrayList<>();     // by first appearance
    private final List<Integer> seen = new ArrayList<>();      // how often each output was added
    private final Map<String, Integer> outputIndex = new HashMap<>();
    private int latest = -1;                                    // the output added last

    /** An empty tree that stops growing at {@code maxNodes} nodes (the verification pass grows with the tree). */
    public SpeculationTree(int maxNodes) {
        if (maxNodes < 0) {
            throw new IllegalArgumentException("maxNodes must be >= 0, got " + maxNodes);
        }
        this.maxNodes = maxNodes;
    }

    /**
     * Adds {@code output} as a path from the root; returns false (and adds nothing) when the new nodes would pass
     * the size limit.
     */
    public boolean add(int[] output) {
        String key = Arrays.toString(output);
        Integer known = outputIndex.get(key);
        if (known != null) {
            seen.set(known, seen.get(known) + 1);
            latest = known;
            return true;
        }
        if (!insert(output)) {
            return false;
        }
        latest = outputs.size();
        outputIndex.put(key, outputs.size());
        outputs.add(output.clone());
        seen.add(1);
        return true;
    }

    private boolean insert(int[] output) {
        int node = -1, k = 0;
        while (k < output.length) {
            Integer child = children.get(key(node, output[k]));
            if (child == null) {
                break;
            }
            node = child;
            k++;
        }
        if (k == output.length) {
            return true;
        }
        if (size + output.length - k > maxNodes) {
            return false;
        }
        for (; k < output.length; k++) {
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, size * 2);
                parents = Arrays.copyOf(parents, size * 2);
                depths = Arrays.copyOf(depths, size * 2);
            }
            tokens[size] = output[k];
            parents[size] = node;
            depths[size] = node < 0 ? 0 : depths[node] + 1;
            children.put(key(node, output[k]), size);
            node = size++;
        }
        return true;
    }

    /** True when {@code output} is a path from the root. */
    public boolean contains(int[] output) {
        int node = -1;
        for (int t : output) {
            Integer child = children.get(key(node, t));
            if (child == null) {
                return false;
            }
            node = child;
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** Distinct outputs held. */
    public int sequences() {
        return outputs.size();
    }

    /**
     * The output added last (coalitions played in sequence, such as S and S ∪ {i}, often share their output), then the
     * most frequent outputs (ties: the earlier first), as a flattened tree of at most {@code maxNodes} nodes of depth
     * below {@code maxDepth}: {@code {tokens, parents}}. Outputs that do not fit are skipped.
     */
    public int[][] draft(int maxDepth, int maxNodes) {
        Integer[] order = new Integer[outputs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> a == latest || b == latest ? (a == latest ? -1 : 1)
                : seen.get(b).equals(seen.get(a)) ? Integer.compare(a, b) : Integer.compare(seen.get(b), seen.get(a)));
        SpeculationTree picked = new SpeculationTree(maxNodes);
        for (int i : order) {
            int[] o = outputs.get(i);
            picked.insert(Arrays.copyOf(o, Math.min(o.length, maxDepth)));
        }
        return picked.flatten(maxDepth);
    }

    /**
     * The nodes of depth below {@code maxDepth} (all of a generation's reachable nodes), flattened:
     * {@code {tokens, parents}} with parents renumbered into the kept nodes.
     */
    public int[][] flatten(int maxDepth) {
        int[] index = new int[size];
        int kept = 0;
        for (int j = 0; j < size; j++) {
            index[j] = depths[j] < maxDepth ? kept++ : -1;
        }
        int[] tok = new int[kept], par = new int[kept];
        for (int j = 0; j < size; j++) {
            if (index[j] >= 0) {
                tok[index[j]] = tokens[j];
                par[index[j]] = parents[j] < 0 ? -1 : index[parents[j]];
            }
        }
        return new int[][] {tok, par};
    }

    private static long key(int parent, int token) {
        return ((long) (parent + 1) << 32) | (token & 0xffffffffL);
    }
}

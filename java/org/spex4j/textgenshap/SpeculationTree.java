package org.spex4j.textgenshap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A trie of every output generated so far, the draft that speculative decoding verifies in one decoder pass. Nodes
 * are numbered in insertion order, so a parent always precedes its children; node {@code j} holds a token, its parent
 * (-1 under the root, which stands for the prompt) and its depth (0 for a first generated token).
 */
public final class SpeculationTree {
    private final int maxNodes;
    private int[] tokens = new int[16];
    private int[] parents = new int[16];
    private int[] depths = new int[16];
    private int size;
    private int sequences;
    private final Map<Long, Integer> children = new HashMap<>();

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
        sequences++;
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

    /** Outputs that added at least one node. */
    public int sequences() {
        return sequences;
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

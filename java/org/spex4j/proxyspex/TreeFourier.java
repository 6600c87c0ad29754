package org.spex4j.proxyspex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spex4j.math.FeatureSet;

/**
 * The exact Fourier transform of a tree ensemble over 0/1 masks, in the project's convention
 * {@code f(m) = Σ_k F(k) (−1)^{|m ∩ k|}} with bit 1 keeping a feature.
 *
 * <p>A leaf with value v is the constant {@code {∅: v}}. A split on feature j whose child for {@code m_j = 0} has
 * transform L and whose child for {@code m_j = 1} has transform R is {@code f = (L + R)/2 + (L − R)/2 · (−1)^{m_j}},
 * so {@code F(S) += (L_S + R_S)/2} and {@code F(S Δ {j}) += (L_S − R_S)/2}; the symmetric difference keeps a path
 * that splits twice on one feature exact. A split whose two bits reach the same child does not depend on j and is
 * that child. The ensemble's transform is the sum over its trees.
 */
final class TreeFourier {
    private TreeFourier() {
    }

    /** Σ over {@code trees} of each tree's transform, plus {@code constant} on ∅. */
    static Map<FeatureSet, Double> ensemble(List<Tree> trees, double constant) {
        Map<FeatureSet, Double> sum = new HashMap<>();
        sum.put(FeatureSet.EMPTY, constant);
        for (Tree tree : trees) {
            of(tree).forEach((k, v) -> sum.merge(k, v, Double::sum));
        }
        sum.values().removeIf(v -> v == 0.0);
        return sum;
    }

    /** The transform of one tree. */
    static Map<FeatureSet, Double> of(Tree tree) {
        return node(tree, 0, 0);
    }

    private static Map<FeatureSet, Double> node(Tree tree, int node, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("tree deeper than 64 levels, or a cycle at node " + node);
        }
        if (tree.isLeaf(node)) {
            Map<FeatureSet, Double> leaf = new HashMap<>();
            leaf.put(FeatureSet.EMPTY, tree.value()[node]);
            return leaf;
        }
        int zero = tree.child(node, 0);
        int one = tree.child(node, 1);
        if (zero == one) {
            return node(tree, zero, depth + 1);
        }
        Map<FeatureSet, Double> l = node(tree, zero, depth + 1);
        Map<FeatureSet, Double> r = node(tree, one, depth + 1);
        int j = tree.feature()[node];
        Map<FeatureSet, Double> out = new HashMap<>();
        for (Map.Entry<FeatureSet, Double> e : l.entrySet()) {
            double lv = e.getValue();
            double rv = r.getOrDefault(e.getKey(), 0.0);
            out.merge(e.getKey(), (lv + rv) / 2, Double::sum);
            out.merge(toggle(e.getKey(), j), (lv - rv) / 2, Double::sum);
        }
        for (Map.Entry<FeatureSet, Double> e : r.entrySet()) {
            if (!l.containsKey(e.getKey())) {
                double rv = e.getValue();
                out.merge(e.getKey(), rv / 2, Double::sum);
                out.merge(toggle(e.getKey(), j), -rv / 2, Double::sum);
            }
        }
        return out;
    }

    /** {@code s Δ {j}}. */
    static FeatureSet toggle(FeatureSet s, int j) {
        int[] a = s.toArray();
        int at = java.util.Arrays.binarySearch(a, j);
        if (at >= 0) {
            int[] out = new int[a.length - 1];
            System.arraycopy(a, 0, out, 0, at);
            System.arraycopy(a, at + 1, out, at, a.length - at - 1);
            return FeatureSet.of(out);
        }
        int[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = j;
        return FeatureSet.of(out);
    }
}

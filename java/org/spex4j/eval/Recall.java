package org.spex4j.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spex4j.math.Basis;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * Top-k recall against an exhaustive ground truth (spec §9.3): for n <= 20 the whole 2^n table is queried, its
 * Möbius transform taken exactly, and recall@k = |top-k(true) ∩ top-k(estimate)| / k, ranking non-empty
 * interactions of order <= maxOrder by |Möbius coefficient|.
 */
public final class Recall {
    public static final int MAX_EXHAUSTIVE_N = 20;

    private Recall() {}

    /** The exact Möbius coefficients of f over n <= 20 features (all 2^n queries). */
    public static SparseCoefficients exactMobius(ValueFunction f, int n, int batchSize) {
        if (n < 1 || n > MAX_EXHAUSTIVE_N) {
            throw new IllegalArgumentException("exhaustive ground truth needs 1 <= n <= " + MAX_EXHAUSTIVE_N
                    + ", got " + n);
        }
        int size = 1 << n;
        MaskBatch all = MaskBatch.zeros(n, size);
        for (int m = 0; m < size; m++) {
            all.words()[m] = m;  // one word per row for n <= 64: bit i of m keeps feature i
        }
        double[] a = Faithfulness.evaluateInBatches(f, all, batchSize);
        // in-place Möbius transform over subsets: a(S) = Σ_{T ⊆ S} (-1)^{|S|-|T|} f(T)
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < size; m++) {
                if ((m & (1 << i)) != 0) {
                    a[m] -= a[m ^ (1 << i)];
                }
            }
        }
        SparseCoefficients.Builder b = SparseCoefficients.builder(n, Basis.MOBIUS);
        for (int m = 0; m < size; m++) {
            if (Math.abs(a[m]) > 1e-12) {
                b.put(FeatureSet.ofBits(m), a[m]);
            }
        }
        return b.build();
    }

    /** recall@k of the estimate's top-k interactions (1 <= order <= maxOrder) against the truth's. */
    public static double recallAtK(SparseCoefficients truth, SparseCoefficients estimate, int k, int maxOrder) {
        Set<FeatureSet> top = topK(Conversions.to(truth, Basis.MOBIUS), k, maxOrder);
        Set<FeatureSet> got = topK(Conversions.to(estimate, Basis.MOBIUS), k, maxOrder);
        int hit = 0;
        for (FeatureSet s : got) {
            if (top.contains(s)) {
                hit++;
            }
        }
        return (double) hit / k;
    }

    private static Set<FeatureSet> topK(SparseCoefficients c, int k, int maxOrder) {
        Set<FeatureSet> out = new HashSet<>();
        List<Map.Entry<FeatureSet, Double>> entries = c.entries();
        for (Map.Entry<FeatureSet, Double> e : entries) {
            int order = e.getKey().size();
            if (order >= 1 && order <= maxOrder) {
                out.add(e.getKey());
                if (out.size() == k) {
                    break;
                }
            }
        }
        return out;
    }
}

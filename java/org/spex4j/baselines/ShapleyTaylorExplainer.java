package org.spex4j.baselines;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.Binomial;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.InteractionIndices;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/**
 * Shapley–Taylor interactions of order ℓ (Sundararajan, Dhamdhere, Agarwal, arXiv 1902.05622), estimated by
 * permutation sampling of their definition:
 *
 * <ul>
 *   <li>{@code |T| < ℓ}: {@code STII(T) = δ_T f(∅) = Σ_{W ⊆ T} (−1)^{|T|−|W|} f(W)} — the Möbius coefficient a(T),
 *       computed exactly from every coalition of fewer than ℓ features;</li>
 *   <li>{@code |T| = ℓ}: {@code STII(T) = E_π[δ_T f(S_π(T))]}, where {@code S_π(T)} holds the features that precede
 *       every feature of T in a uniformly random permutation π and
 *       {@code δ_T f(S) = Σ_{W ⊆ T} (−1)^{ℓ−|W|} f(S ∪ W)}; its expectation is
 *       {@code Σ_{S ⊇ T} a(S) / C(|S|, ℓ)} (SPEX.md §3.3). Each permutation gives one sample for every T and costs
 *       the distinct coalitions it needs; the budget left after the lower orders buys as many whole permutations as
 *       fit.</li>
 * </ul>
 * For ℓ = 1 this is permutation sampling of the Shapley value (n + 1 coalitions per permutation). When the budget
 * covers all 2^n masks (n &lt;= 30), they are all queried and STII is computed exactly from the Möbius transform.
 *
 * <p>The surrogate is {@code g(m) = Σ_{T ⊆ m, |T| <= ℓ} STII(T)} (Möbius basis), which sums to f(1) at the full mask
 * (STII's efficiency, exact per permutation), and whose own STII of order ℓ is the estimate. The reference runs
 * shapiq's STII approximator (SPEX.md §8.6). An order that the feasibility rule (§8.5) forbids for n is refused; an
 * order above n is lowered to n.
 */
public final class ShapleyTaylorExplainer extends InteractionExplainer {
    public ShapleyTaylorExplainer(int order) {
        super("shapley-taylor", order);
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        Runs.Call call = new Runs.Call(name(), subject, budget, seed);
        int n = subject.n();
        int l = Runs.order(call, order());
        if (n <= 30 && budget >= 1L << n) {
            return exhaustive(call, l);
        }
        return l == 1 ? shapleyPermutations(call) : permutations(call, l);
    }

    /** All 2^n masks, the exact Möbius transform, then STII (§3.3). */
    private Explanation exhaustive(Runs.Call call, int l) {
        int n = call.n();
        long start = System.nanoTime();
        int all = 1 << n;
        MaskBatch.Builder masks = MaskBatch.builder(n, all);
        for (int m = 0; m < all; m++) {
            masks.addBits(m);
        }
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        double[] a = evaluated.values().clone();
        for (int i = 0; i < n; i++) {
            int bit = 1 << i;
            for (int m = 0; m < all; m++) {
                if ((m & bit) != 0) {
                    a[m] -= a[m ^ bit];
                }
            }
        }
        Map<FeatureSet, Double> mobius = new HashMap<>();
        for (int m = 0; m < all; m++) {
            if (a[m] != 0.0) {
                mobius.put(FeatureSet.ofBits(m), a[m]);
            }
        }
        SparseCoefficients stii = InteractionIndices.compute(SparseCoefficients.of(n, Basis.MOBIUS, mobius),
                Index.STII, l);
        SparseCoefficients fourier = Conversions.mobiusToFourier(stii);
        long end = System.nanoTime();
        return Runs.explanation(call, fourier, l, all, evaluated, start, fitStart, end)
                .iterations(0)
                .baseline(evaluated.values()[0])
                .full(evaluated.values()[all - 1])
                .build();
    }

    /** Order 1: the Shapley value by permutation sampling, n + 1 coalitions per permutation. */
    private Explanation shapleyPermutations(Runs.Call call) {
        int n = call.n();
        long permutations = call.budget() / (n + 1L);
        if (permutations < 1) {
            throw new IllegalArgumentException("shapley-taylor of order 1 over n = " + n + " features needs n + 1 = "
                    + (n + 1L) + " queries per permutation, more than the budget of " + call.budget());
        }
        long start = System.nanoTime();
        int rows = Runs.rowsOf(permutations * (n + 1), n, name());
        MaskBatch.Builder masks = MaskBatch.builder(n, rows);
        SplittableRandom random = new SplittableRandom(call.seed());
        int[][] orders = new int[(int) permutations][];
        for (int p = 0; p < permutations; p++) {
            int[] pi = permutation(n, random);
            orders[p] = pi;
            int row = masks.addEmpty();
            for (int k = 0; k < n; k++) {
                row = masks.addCopy(row);
                masks.set(row, pi[k]);
            }
        }
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        double[] y = evaluated.values();
        double[] sv = new double[n];
        for (int p = 0; p < permutations; p++) {
            int base = p * (n + 1);
            for (int k = 0; k < n; k++) {
                sv[orders[p][k]] += y[base + k + 1] - y[base + k];
            }
        }
        SparseCoefficients.Builder mobius = SparseCoefficients.builder(n, Basis.MOBIUS);
        mobius.put(FeatureSet.EMPTY, y[0]);
        for (int i = 0; i < n; i++) {
            mobius.put(FeatureSet.of(i), sv[i] / permutations);
        }
        SparseCoefficients fourier = Conversions.mobiusToFourier(mobius.build());
        long end = System.nanoTime();
        return Runs.explanation(call, fourier, 1, rows, evaluated, start, fitStart, end)
                .iterations((int) permutations)
                .baseline(y[0])
                .full(y[n])
                .build();
    }

    /** Order ℓ >= 2 (so n &lt;= 63 by the feasibility rule): exact lower orders, sampled top order. */
    private Explanation permutations(Runs.Call call, int l) {
        int n = call.n();
        long lower = (long) Binomial.subsetsUpTo(n, l - 1);
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        Set<Long> distinct = new HashSet<>();
        forEachCoalition(identity, l, (t, mask) -> distinct.add(mask));
        long perPermutation = distinct.size();
        long permutations = (call.budget() - lower) / perPermutation;
        if (permutations < 1) {
            throw new IllegalArgumentException("shapley-taylor of order " + l + " over n = " + n + " features needs "
                    + "at least " + (lower + perPermutation) + " queries (" + lower + " coalitions of fewer than " + l
                    + " features and " + perPermutation + " per permutation), more than the budget of "
                    + call.budget());
        }
        long start = System.nanoTime();
        int rows = Runs.rowsOf(lower + permutations * perPermutation, n, name());
        MaskBatch.Builder masks = MaskBatch.builder(n, rows);
        SplittableRandom random = new SplittableRandom(call.seed());

        // 1. every coalition of fewer than ℓ features
        Map<Long, Integer> lowerRows = new HashMap<>();
        for (FeatureSet s : SetRegression.termsUpTo(n, l - 1)) {
            lowerRows.put(s.toBits(), masks.addBits(s.toBits()));
        }
        // 2. per permutation, the distinct coalitions S_π(T) ∪ W, W ⊆ T, for every T of ℓ features
        int terms = (int) Binomial.of(n, l);
        int perTerm = 1 << l;
        long[][] termBits = new long[(int) permutations][terms];
        int[][] refs = new int[(int) permutations][terms * perTerm];
        for (int p = 0; p < permutations; p++) {
            int[] pi = permutation(n, random);
            Map<Long, Integer> rowOf = new HashMap<>();
            long[] tb = termBits[p];
            int[] rf = refs[p];
            int[] next = {0, 0};
            forEachTerm(pi, l, (t, prefix) -> {
                tb[next[0]++] = t;
                for (long sub = t; ; sub = (sub - 1) & t) {
                    long mask = prefix | sub;
                    Integer row = rowOf.get(mask);
                    if (row == null) {
                        row = masks.addBits(mask);
                        rowOf.put(mask, row);
                    }
                    rf[next[1]++] = row;
                    if (sub == 0) {
                        break;
                    }
                }
            });
        }
        // 3. evaluate
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        double[] y = evaluated.values();
        SparseCoefficients.Builder mobius = SparseCoefficients.builder(n, Basis.MOBIUS);
        for (Map.Entry<Long, Integer> e : lowerRows.entrySet()) {
            long t = e.getKey();
            int size = Long.bitCount(t);
            double a = 0;
            for (long sub = t; ; sub = (sub - 1) & t) {
                double v = y[lowerRows.get(sub)];
                a += (size - Long.bitCount(sub)) % 2 == 0 ? v : -v;
                if (sub == 0) {
                    break;
                }
            }
            mobius.put(FeatureSet.ofBits(t), a);
        }
        Map<Long, Double> sums = new HashMap<>();
        for (int p = 0; p < permutations; p++) {
            int k = 0;
            for (int j = 0; j < terms; j++) {
                long t = termBits[p][j];
                double delta = 0;
                for (long sub = t; ; sub = (sub - 1) & t) {
                    double v = y[refs[p][k++]];
                    delta += (l - Long.bitCount(sub)) % 2 == 0 ? v : -v;
                    if (sub == 0) {
                        break;
                    }
                }
                sums.merge(t, delta, Double::sum);
            }
        }
        for (Map.Entry<Long, Double> e : sums.entrySet()) {
            mobius.put(FeatureSet.ofBits(e.getKey()), e.getValue() / permutations);
        }
        SparseCoefficients fourier = Conversions.mobiusToFourier(mobius.build());
        long end = System.nanoTime();
        return Runs.explanation(call, fourier, l, masks.rows(), evaluated, start, fitStart, end)
                .iterations((int) permutations)
                .baseline(y[lowerRows.get(0L)])
                .build();
    }

    private interface TermAction {
        void accept(long term, long prefix);
    }

    private interface CoalitionAction {
        void accept(long term, long mask);
    }

    /**
     * Calls {@code action} for every T of ℓ features with the bits of T and of the features that precede all of T in
     * π: T's first feature at position k, the other ℓ − 1 chosen after it.
     */
    private static void forEachTerm(int[] pi, int l, TermAction action) {
        int n = pi.length;
        long prefix = 0;
        int c = l - 1;
        int[] pos = new int[c];
        for (int k = 0; k < n; k++) {
            int first = k + 1;
            if (n - first >= c) {
                for (int i = 0; i < c; i++) {
                    pos[i] = first + i;
                }
                while (true) {
                    long t = 1L << pi[k];
                    for (int i = 0; i < c; i++) {
                        t |= 1L << pi[pos[i]];
                    }
                    action.accept(t, prefix);
                    int i = c - 1;
                    while (i >= 0 && pos[i] == n - c + i) {
                        i--;
                    }
                    if (i < 0) {
                        break;
                    }
                    pos[i]++;
                    for (int j = i + 1; j < c; j++) {
                        pos[j] = pos[j - 1] + 1;
                    }
                }
            }
            prefix |= 1L << pi[k];
        }
    }

    /** Every coalition {@code S_π(T) ∪ W}, W ⊆ T, that the permutation π asks for (with repeats). */
    private static void forEachCoalition(int[] pi, int l, CoalitionAction action) {
        forEachTerm(pi, l, (t, prefix) -> {
            for (long sub = t; ; sub = (sub - 1) & t) {
                action.accept(t, prefix | sub);
                if (sub == 0) {
                    break;
                }
            }
        });
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    private static int[] permutation(int n, SplittableRandom random) {
        int[] pi = new int[n];
        for (int i = 0; i < n; i++) {
            pi[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = pi[i];
            pi[i] = pi[j];
            pi[j] = tmp;
        }
        return pi;
    }
}

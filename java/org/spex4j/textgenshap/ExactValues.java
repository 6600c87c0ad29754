package org.spex4j.textgenshap;

import java.util.HashMap;
import java.util.Map;
import org.spex4j.math.MaskBatch;

/**
 * Exact Shapley and (weighted) Banzhaf values of a game by enumerating all 2^n coalitions (n ≤ 12): the ground truth
 * the samplers converge to. Values and inclusion parts are given per output label.
 */
public final class ExactValues {
    public static final int MAX_N = 12;

    private ExactValues() {}

    /** Shapley values {@code φ_i(y) = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! Δ_i,y(S)} per label. */
    public static Map<Integer, Attribution> shapley(Game game) {
        int n = game.n();
        double[] weight = new double[n];  // by |S|
        for (int s = 0; s < n; s++) {
            weight[s] = 1.0 / (n * binomial(n - 1, s));
        }
        return enumerate(game, size -> weight[size]);
    }

    /** Banzhaf values with inclusion probability p (0.5: the Banzhaf value) per label. */
    public static Map<Integer, Attribution> banzhaf(Game game, double p) {
        int n = game.n();
        return enumerate(game, size -> Math.pow(p, size) * Math.pow(1 - p, n - 1 - size));
    }

    private static Map<Integer, Attribution> enumerate(Game game, java.util.function.IntToDoubleFunction weight) {
        int n = game.n();
        if (n > MAX_N) {
            throw new IllegalArgumentException("exact values enumerate 2^n coalitions; n = " + n + " exceeds "
                    + MAX_N);
        }
        int all = 1 << n;
        MaskBatch b = MaskBatch.zeros(n, all);
        for (int s = 0; s < all; s++) {
            b.words()[s] = s;
        }
        Outcome[] v = game.play(b);
        Map<Integer, double[][]> sums = new HashMap<>();
        for (int s = 0; s < all; s++) {
            for (int i = 0; i < n; i++) {
                if ((s & (1 << i)) != 0) {
                    continue;
                }
                double w = weight.applyAsDouble(Integer.bitCount(s));
                Outcome before = v[s], after = v[s | (1 << i)];
                if (before.label() == after.label()) {
                    add(sums, n, after.label(), i, w, after.value() - before.value());
                } else {
                    add(sums, n, after.label(), i, w, after.value());
                    add(sums, n, before.label(), i, w, -before.value());
                }
            }
        }
        Map<Integer, Attribution> out = new HashMap<>();
        sums.forEach((label, s) -> out.put(label, new Attribution(s[0], s[1], new double[n], new double[n])));
        return out;
    }

    private static void add(Map<Integer, double[][]> sums, int n, int label, int i, double w, double delta) {
        double[][] s = sums.computeIfAbsent(label, k -> new double[2][n]);
        s[0][i] += w * delta;
        s[1][i] += w * Math.max(delta, 0);
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int j = 1; j <= k; j++) {
            r = r * (n - k + j) / j;
        }
        return r;
    }
}

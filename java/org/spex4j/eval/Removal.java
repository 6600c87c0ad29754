package org.spex4j.eval;

import org.spex4j.math.SparseCoefficients;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * Removal curves Rem(r) (spec §8.3): choose r features to remove so as to move the surrogate most (greedily, one
 * at a time, in the direction that lowers f(1) when {@code decrease}), then measure the real relative change
 * |f(1) - f(m_r)| / |f(1)| on the value function.
 */
public final class Removal {
    private Removal() {}

    /** Rem(r) for r = 0..maxRemoved (index r of the result). */
    public static double[] curve(SparseCoefficients surrogate, ValueFunction f, int maxRemoved, boolean decrease) {
        int n = surrogate.n();
        if (maxRemoved < 0 || maxRemoved > n) {
            throw new IllegalArgumentException("maxRemoved must be in 0.." + n + ", got " + maxRemoved);
        }
        MaskBatch masks = MaskBatch.zeros(n, maxRemoved + 1);
        boolean[] removed = new boolean[n];
        MaskBatch current = MaskBatch.allKept(n);
        for (int r = 0; r <= maxRemoved; r++) {
            if (r > 0) {
                removeBest(surrogate, current, removed, decrease);
            }
            for (int i = 0; i < n; i++) {
                masks.set(r, i, !removed[i]);
            }
        }
        double[] y = f.evaluate(masks);
        double[] rem = new double[maxRemoved + 1];
        for (int r = 0; r <= maxRemoved; r++) {
            rem[r] = y[0] == 0 ? Math.abs(y[r] - y[0]) : Math.abs(y[0] - y[r]) / Math.abs(y[0]);
        }
        return rem;
    }

    /** Removes the one feature whose removal moves the surrogate most in the chosen direction. */
    private static void removeBest(SparseCoefficients surrogate, MaskBatch current, boolean[] removed,
            boolean decrease) {
        int best = -1;
        double bestScore = 0;
        for (int i = 0; i < surrogate.n(); i++) {
            if (removed[i]) {
                continue;
            }
            current.set(0, i, false);
            double v = surrogate.evaluate(current.words(), 0);
            current.set(0, i, true);
            double score = decrease ? -v : v;
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        removed[best] = true;
        current.set(0, best, false);
    }
}

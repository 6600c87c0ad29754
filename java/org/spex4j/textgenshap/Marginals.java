package org.spex4j.textgenshap;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Running sums of sampled marginal contributions per unit and output label: for a unit added to coalition S, the
 * payoff change {@code Δ_y = v_y(S ∪ unit) − v_y(S)} and its inclusion part {@code max(Δ_y, 0)} (for indicator
 * games: the output switched to y). Means are the estimates, and their standard errors feed the hierarchy's scores.
 */
final class Marginals {
    private static final int SUM = 0, SQ = 1, POS = 2, POS_SQ = 3;

    private final int units;
    private final long[] count;
    private final Map<Integer, double[][]> byLabel = new HashMap<>();

    Marginals(int units) {
        this.units = units;
        this.count = new long[units];
    }

    /** One sampled contribution of {@code unit}: the outcome before and after adding it. */
    void record(int unit, Outcome before, Outcome after) {
        count[unit]++;
        if (before.label() == after.label()) {
            add(after.label(), unit, after.value() - before.value());
        } else {
            add(after.label(), unit, after.value());
            add(before.label(), unit, -before.value());
        }
    }

    private void add(int label, int unit, double delta) {
        double[][] s = byLabel.computeIfAbsent(label, k -> new double[4][units]);
        double pos = Math.max(delta, 0);
        s[SUM][unit] += delta;
        s[SQ][unit] += delta * delta;
        s[POS][unit] += pos;
        s[POS_SQ][unit] += pos * pos;
    }

    long count(int unit) {
        return count[unit];
    }

    /** Labels with a nonzero contribution somewhere, ascending. */
    TreeSet<Integer> labels() {
        return new TreeSet<>(byLabel.keySet());
    }

    double mean(int label, int unit) {
        return stat(label, unit, SUM);
    }

    double inclusion(int label, int unit) {
        return stat(label, unit, POS);
    }

    double meanSe(int label, int unit) {
        return se(label, unit, SUM, SQ);
    }

    double inclusionSe(int label, int unit) {
        return se(label, unit, POS, POS_SQ);
    }

    /**
     * The hierarchy's score of a unit: for indicator games {@code max_y (mean inclusion − standard error)} (the
     * reference's rule), for scalar games {@code |mean| − standard error} (a unit matters in either direction).
     */
    double score(int unit, boolean indicator) {
        if (count[unit] == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double best = Double.NEGATIVE_INFINITY;  // may be negative: every mean below its standard error
        for (int label : byLabel.keySet()) {
            double s = indicator ? inclusion(label, unit) - inclusionSe(label, unit)
                    : Math.abs(mean(label, unit)) - meanSe(label, unit);
            best = Math.max(best, s);
        }
        return best > Double.NEGATIVE_INFINITY ? best : 0;  // 0 when no label was recorded
    }

    private double stat(int label, int unit, int k) {
        double[][] s = byLabel.get(label);
        return s == null || count[unit] == 0 ? 0 : s[k][unit] / count[unit];
    }

    private double se(int label, int unit, int k, int sq) {
        double[][] s = byLabel.get(label);
        long c = count[unit];
        if (s == null || c < 2) {
            return 0;
        }
        double mean = s[k][unit] / c;
        double var = Math.max(0, (s[sq][unit] - c * mean * mean) / (c - 1));
        return Math.sqrt(var / c);
    }
}

package org.spex4j.eval;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * Faithfulness of a feature ranking by erasure, the protocol of the NormXLogit paper (after ERASER): rank the n
 * features by score, then for k = 0.1, 0.2, …, 0.9 and m = ⌊k·n⌋
 * <ul>
 * <li><b>comprehensiveness</b>: mask the top m features and keep the rest;</li>
 * <li><b>sufficiency</b>: keep only the top m features and mask the rest;</li>
 * </ul>
 * and measure the confidence drop p(ŷ | x) − p(ŷ | x̃), with ŷ the class predicted on the full input. Each curve is
 * summarised by its mean over the nine values of k (AOPC). A faithful ranking has a high comprehensiveness and a
 * low sufficiency; a random ranking ({@link #randomScores}) is the floor.
 *
 * <p>Masking goes through the {@link ValueFunction} over feature masks, so a masked feature is whatever the model's
 * masker makes of it ([UNK] for minilm, &lt;unk&gt; for stories260k), not the paper's [MASK] token. The value is
 * turned into a confidence by a {@link Confidence}. Scores must say how much a feature supports the predicted
 * class (NormXLogit's do); attributions of a log-odds value are turned so by
 * {@link Confidence#towardPrediction}. Ties in the scores rank the lower index first. One call
 * evaluates 19 masks (the full input and 9 + 9 erased ones) in one batch.
 */
public final class RankingFaithfulness {
    private RankingFaithfulness() {}

    /** The erased fractions k = 0.1..0.9 (m = ⌊k·n⌋ features, computed exactly as ⌊tenths·n / 10⌋). */
    public static final int STEPS = 9;

    /** How a value of the value function becomes the confidence of the class predicted on the full input. */
    public enum Confidence {
        /**
         * The value is the log-odds of a binary prediction (the minilm sentiment task: log-odds of "positive"). The
         * predicted class is positive when f(full) ≥ 0, and the confidence is σ(f) or σ(−f) accordingly: the
         * probability of that class.
         */
        LOG_ODDS {
            @Override
            public double of(double value, double full) {
                double z = full >= 0 ? value : -value;
                return 1 / (1 + Math.exp(-z));
            }
        },
        /** The value is a log-probability (the decoder's log-probability of its own continuation): exp(f). */
        LOG_PROB {
            @Override
            public double of(double value, double full) {
                return Math.exp(value);
            }
        },
        /** The value itself (the drop is then f(full) − f(erased)). */
        VALUE {
            @Override
            public double of(double value, double full) {
                return value;
            }
        };

        /** The confidence at {@code value} when the full input's value is {@code full}. */
        public abstract double of(double value, double full);

        /**
         * Attributions of the value (Shapley values of the log-odds, say) turned into support for the predicted
         * class, which is what the protocol ranks by: negated under {@link #LOG_ODDS} when the full input is
         * predicted negative (f(full) &lt; 0), unchanged otherwise. A copy.
         */
        public double[] towardPrediction(double[] valueAttributions, double full) {
            double sign = this == LOG_ODDS && full < 0 ? -1 : 1;
            double[] out = new double[valueAttributions.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = sign * valueAttributions[i];
            }
            return out;
        }
    }

    /**
     * Confidence drops of one ranking on one input, index s for k = (s + 1)/10, and the values they came from.
     *
     * @param comprehensiveness       drop after masking the top ⌊k·n⌋ features
     * @param sufficiency             drop after keeping only the top ⌊k·n⌋ features
     * @param full                    the value function on the full input
     * @param comprehensivenessValues the value function on each comprehensiveness input (e.g. for an accuracy
     *                                variant: the label the model gives the erased input)
     * @param sufficiencyValues       the value function on each sufficiency input
     */
    public record Curves(double[] comprehensiveness, double[] sufficiency, double full,
            double[] comprehensivenessValues, double[] sufficiencyValues) {
        public Curves {
            for (double[] v : new double[][] {comprehensiveness, sufficiency, comprehensivenessValues,
                sufficiencyValues}) {
                if (v.length != STEPS) {
                    throw new IllegalArgumentException("curves need " + STEPS + " values each");
                }
            }
            comprehensiveness = comprehensiveness.clone();
            sufficiency = sufficiency.clone();
            comprehensivenessValues = comprehensivenessValues.clone();
            sufficiencyValues = sufficiencyValues.clone();
        }

        @Override
        public double[] comprehensiveness() {
            return comprehensiveness.clone();
        }

        @Override
        public double[] sufficiency() {
            return sufficiency.clone();
        }

        @Override
        public double[] comprehensivenessValues() {
            return comprehensivenessValues.clone();
        }

        @Override
        public double[] sufficiencyValues() {
            return sufficiencyValues.clone();
        }

        /** The mean comprehensiveness drop over k = 0.1..0.9 (higher is more faithful). */
        public double aopcComprehensiveness() {
            return mean(comprehensiveness);
        }

        /** The mean sufficiency drop over k = 0.1..0.9 (lower is more faithful). */
        public double aopcSufficiency() {
            return mean(sufficiency);
        }
    }

    /** The number of top features erased or kept at step s (k = (s + 1)/10) for n features: ⌊k·n⌋. */
    public static int count(int step, int n) {
        if (step < 0 || step >= STEPS) {
            throw new IllegalArgumentException("step must be in 0.." + (STEPS - 1) + ", got " + step);
        }
        return (step + 1) * n / 10;
    }

    /**
     * The comprehensiveness and sufficiency curves of the ranking given by {@code scores} (one per feature, larger
     * ranks first).
     */
    public static Curves evaluate(ValueFunction f, double[] scores, Confidence confidence) {
        if (f == null || scores == null || confidence == null) {
            throw new IllegalArgumentException("value function, scores and confidence must not be null");
        }
        int n = scores.length;
        if (n < 1) {
            throw new IllegalArgumentException("the ranking needs at least one feature");
        }
        int[] order = ranking(scores);
        MaskBatch masks = MaskBatch.zeros(n, 1 + 2 * STEPS);
        for (int i = 0; i < n; i++) {
            masks.set(0, i, true);
        }
        for (int s = 0; s < STEPS; s++) {
            int m = count(s, n);
            int comp = 1 + s, suff = 1 + STEPS + s;
            for (int r = 0; r < n; r++) {
                boolean top = r < m;
                masks.set(comp, order[r], !top);
                masks.set(suff, order[r], top);
            }
        }
        double[] y = f.evaluate(masks);
        if (y.length != masks.rows()) {
            throw new IllegalStateException("the value function returned " + y.length + " values for "
                    + masks.rows() + " masks");
        }
        double p = confidence.of(y[0], y[0]);
        double[] comp = new double[STEPS], suff = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            comp[s] = p - confidence.of(y[1 + s], y[0]);
            suff[s] = p - confidence.of(y[1 + STEPS + s], y[0]);
        }
        return new Curves(comp, suff, y[0], Arrays.copyOfRange(y, 1, 1 + STEPS),
                Arrays.copyOfRange(y, 1 + STEPS, 1 + 2 * STEPS));
    }

    /** Feature indices from the highest score to the lowest; equal scores keep index order. */
    public static int[] ranking(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));  // stable: ties keep index order
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** Scores of a uniformly random ranking of n features (a seeded permutation of 0..n−1): the floor. */
    public static double[] randomScores(int n, long seed) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    /** The pointwise mean of several curves, values included (the paper averages over instances). */
    public static Curves mean(List<Curves> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no curves to average");
        }
        double[] comp = new double[STEPS], suff = new double[STEPS], compV = new double[STEPS];
        double[] suffV = new double[STEPS];
        double full = 0;
        for (Curves c : curves) {
            for (int s = 0; s < STEPS; s++) {
                comp[s] += c.comprehensiveness[s] / curves.size();
                suff[s] += c.sufficiency[s] / curves.size();
                compV[s] += c.comprehensivenessValues[s] / curves.size();
                suffV[s] += c.sufficiencyValues[s] / curves.size();
            }
            full += c.full / curves.size();
        }
        return new Curves(comp, suff, full, compV, suffV);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

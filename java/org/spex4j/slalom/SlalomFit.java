package org.spex4j.slalom;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.spex4j.math.QrLeastSquares;

/**
 * Fits a {@link SlalomModel} to observed (sequence, output) pairs by least squares on F(t) − y:
 * <ul>
 * <li>{@link #sgd}: minibatch Adam on the mean squared error from v = s = 0 (the efficient variant);</li>
 * <li>{@link #als}: alternating least squares (the high-fidelity variant): the v-step regresses y on the softmax
 * weights with s fixed; the s-step solves for x = exp(s) ≥ 0 the linearised equations
 * Σ_j x_j c_nj (v_j − y_n) = 0 (F = y multiplied by the softmax denominator), with Σ x_j = K fixing the scale.</li>
 * </ul>
 */
public final class SlalomFit {
    /** Adam's moment decays and ε, as torch.optim.Adam's defaults. */
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;
    /** An x_j this far below the largest is clamped there, so that s = log x stays finite. */
    private static final double MIN_RELATIVE_X = 1e-8;
    /** ALS stops after this many rounds in a row that improve the error by less than 1e-9 relative. */
    private static final int PATIENCE = 10;

    private SlalomFit() {}

    /** Sequences of type indices over {@code types} types, and the model's output on each. */
    public record Samples(int types, int[][] sequences, double[] y) {
        public Samples {
            if (types < 1) {
                throw new IllegalArgumentException("a SLALOM fit needs at least one type, got " + types);
            }
            if (sequences.length != y.length || sequences.length == 0) {
                throw new IllegalArgumentException("a SLALOM fit needs one output per sequence and at least one "
                        + "sequence, got " + sequences.length + " sequences and " + y.length + " outputs");
            }
            for (int[] seq : sequences) {
                if (seq.length == 0) {
                    throw new IllegalArgumentException("a sequence is empty");
                }
                for (int k : seq) {
                    if (k < 0 || k >= types) {
                        throw new IllegalArgumentException("type " + k + " is outside 0.." + (types - 1));
                    }
                }
            }
        }

        /** The mean squared error of {@code m} on these samples. */
        public double mse(SlalomModel m) {
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                double e = m.predict(sequences[i]) - y[i];
                sum += e * e;
            }
            return sum / y.length;
        }
    }

    /**
     * Minibatch Adam on the mean squared error, from v = s = 0; samples are reshuffled every epoch from a
     * generator seeded with {@code seed}.
     */
    public static SlalomModel sgd(Samples data, int epochs, double learningRate, int batchSize, long seed) {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("SGD needs epochs >= 1, batch size >= 1 and a finite learning rate "
                    + "> 0, got " + epochs + ", " + batchSize + ", " + learningRate);
        }
        int k = data.types(), n = data.y().length;
        double[] p = new double[2 * k];  // v then s
        double[] m1 = new double[2 * k], m2 = new double[2 * k], grad = new double[2 * k];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Arrays.fill(grad, 0);
                for (int b = from; b < to; b++) {
                    accumulate(p, k, data.sequences()[order[b]], data.y()[order[b]], 2.0 / (to - from), grad);
                }
                step++;
                double c1 = 1 - Math.pow(BETA1, step), c2 = 1 - Math.pow(BETA2, step);
                for (int q = 0; q < 2 * k; q++) {
                    m1[q] = BETA1 * m1[q] + (1 - BETA1) * grad[q];
                    m2[q] = BETA2 * m2[q] + (1 - BETA2) * grad[q] * grad[q];
                    p[q] -= learningRate * (m1[q] / c1) / (Math.sqrt(m2[q] / c2) + EPS);
                }
            }
        }
        return new SlalomModel(Arrays.copyOf(p, k), Arrays.copyOfRange(p, k, 2 * k));
    }

    /** Adds scale·(F − y)·∂F/∂(v, s) of one sample to grad. */
    private static void accumulate(double[] p, int k, int[] seq, double y, double scale, double[] grad) {
        double max = Double.NEGATIVE_INFINITY;
        for (int t : seq) {
            max = Math.max(max, p[k + t]);
        }
        double z = 0, num = 0;
        for (int t : seq) {
            double w = Math.exp(p[k + t] - max);
            z += w;
            num += w * p[t];
        }
        double f = num / z, r = scale * (f - y);
        for (int t : seq) {
            double alpha = Math.exp(p[k + t] - max) / z;
            grad[t] += r * alpha;                   // ∂F/∂v_t
            grad[k + t] += r * alpha * (p[t] - f);  // ∂F/∂s_t
        }
    }

    /**
     * Alternating least squares from s = 0: a v-step, then up to {@code rounds} (s-step, v-step) rounds, keeping
     * the model with the lowest squared error seen (the s = 0 one when no round improves on it). The reference
     * code runs exactly one round. More rounds stop after 10 rounds in a row that gain less than 1e-9 relative; the
     * alternation converges slowly (linearly) and can stall short of the optimum, because the s-step minimises the
     * linearised residual rather than the squared error.
     */
    public static SlalomModel als(Samples data, int rounds) {
        if (rounds < 0) {
            throw new IllegalArgumentException("ALS rounds must be >= 0, got " + rounds);
        }
        int k = data.types();
        double[] s = new double[k];
        SlalomModel best = new SlalomModel(valueStep(data, s), s);
        double bestMse = data.mse(best);
        SlalomModel current = best;
        int stale = 0;
        for (int round = 0; round < rounds && stale < PATIENCE; round++) {
            s = importanceStep(data, current.values());
            current = new SlalomModel(valueStep(data, s), s);
            double mse = data.mse(current);
            if (mse < bestMse * (1 - 1e-9)) {
                stale = 0;
            } else {
                stale++;
            }
            if (mse < bestMse) {
                best = current;
                bestMse = mse;
            }
        }
        return best;
    }

    /**
     * Least squares (no intercept) of y on the softmax weights Σ over occurrences of each type, by pivoted QR: the
     * minimum-norm solution, so types absent from every sample get 0.
     */
    static double[] valueStep(Samples data, double[] s) {
        int k = data.types(), n = data.y().length;
        double[] a = new double[n * k];
        for (int i = 0; i < n; i++) {
            int[] seq = data.sequences()[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int t : seq) {
                max = Math.max(max, s[t]);
            }
            double z = 0;
            for (int t : seq) {
                z += Math.exp(s[t] - max);
            }
            for (int t : seq) {
                a[i * k + t] += Math.exp(s[t] - max) / z;
            }
        }
        double[] v = QrLeastSquares.solve(a, n, k, data.y().clone());
        if (v == null) {
            throw new IllegalStateException("the SLALOM value regression could not be factorised");
        }
        return v;
    }

    /**
     * x = exp(s) from the rows Σ_j x_j c_nj (v_j − y_n) ≈ 0 with x ≥ 0 and Σ x = K: non-negative least squares with
     * the scale row weighted like an average row (the direction of x does not depend on that weight).
     */
    static double[] importanceStep(Samples data, double[] v) {
        int k = data.types(), n = data.y().length;
        double[] gram = new double[k * k], rhs = new double[k];
        double[] row = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(row, 0);
            for (int t : data.sequences()[i]) {
                row[t] += v[t] - data.y()[i];
            }
            for (int a = 0; a < k; a++) {
                if (row[a] != 0) {
                    for (int b = 0; b < k; b++) {
                        gram[a * k + b] += row[a] * row[b];
                    }
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < k; a++) {
            trace += gram[a * k + a];
        }
        double w2 = Math.max(trace / k, 1e-12);  // squared weight of the row Σ x = K
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                gram[a * k + b] += w2;
            }
            rhs[a] = w2 * k;
        }
        double[] x = Nnls.solve(gram, rhs, k);
        double max = Arrays.stream(x).max().orElse(0);
        if (!(max > 0)) {
            return new double[k];  // degenerate: keep equal importances
        }
        double[] s = new double[k];
        for (int a = 0; a < k; a++) {
            s[a] = Math.log(Math.max(x[a], MIN_RELATIVE_X * max));
        }
        return s;
    }
}

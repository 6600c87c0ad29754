package org.spex4j.baselines;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/** Small games with known answers, written as value functions, and their exact transforms (n &lt;= 20). */
final class Games {
    private Games() {
    }

    /** {@code f(m) = c + Σ_{i ∈ m} w_i}. */
    static ValueFunction additive(double c, double[] w) {
        return batch -> {
            double[] out = new double[batch.rows()];
            for (int r = 0; r < batch.rows(); r++) {
                double v = c;
                for (int i = 0; i < w.length; i++) {
                    if (batch.get(r, i)) {
                        v += w[i];
                    }
                }
                out[r] = v;
            }
            return out;
        };
    }

    /** The function with the given Möbius (or Fourier) coefficients. */
    static ValueFunction of(SparseCoefficients c) {
        return c::evaluate;
    }

    /** Random Möbius coefficients on ∅, every singleton and {@code pairs} random pairs (values in [−1, 1]). */
    static SparseCoefficients pairwise(int n, int pairs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<FeatureSet, Double> a = new HashMap<>();
        a.put(FeatureSet.EMPTY, random.nextDouble(-1, 1));
        for (int i = 0; i < n; i++) {
            a.put(FeatureSet.of(i), random.nextDouble(-1, 1));
        }
        while (a.size() < n + 1 + pairs) {
            int i = random.nextInt(n);
            int j = random.nextInt(n);
            if (i != j) {
                a.put(FeatureSet.of(i, j), random.nextDouble(-1, 1));
            }
        }
        return SparseCoefficients.of(n, Basis.MOBIUS, a);
    }

    /** A game with an independent random value on every one of the 2^n masks. */
    static double[] randomTable(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] table = new double[1 << n];
        for (int m = 0; m < table.length; m++) {
            table[m] = random.nextDouble(-2, 2);
        }
        return table;
    }

    /** The value function of a table indexed by the mask bits (n &lt;= 20). */
    static ValueFunction table(double[] table) {
        return batch -> {
            double[] out = new double[batch.rows()];
            for (int r = 0; r < batch.rows(); r++) {
                out[r] = table[(int) batch.words()[r * batch.wordsPerRow()]];
            }
            return out;
        };
    }

    /** The exact Möbius coefficients of a table. */
    static SparseCoefficients mobiusOf(double[] table, int n) {
        double[] a = table.clone();
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < a.length; m++) {
                if ((m & (1 << i)) != 0) {
                    a[m] -= a[m ^ (1 << i)];
                }
            }
        }
        Map<FeatureSet, Double> out = new HashMap<>();
        for (int m = 0; m < a.length; m++) {
            out.put(FeatureSet.ofBits(m), a[m]);
        }
        return SparseCoefficients.of(n, Basis.MOBIUS, out);
    }

    /** A value function that counts the masks it is asked for. */
    static final class Counting implements ValueFunction {
        final ValueFunction inner;
        final AtomicLong masks = new AtomicLong();

        Counting(ValueFunction inner) {
            this.inner = inner;
        }

        @Override
        public double[] evaluate(MaskBatch batch) {
            masks.addAndGet(batch.rows());
            return inner.evaluate(batch);
        }
    }
}

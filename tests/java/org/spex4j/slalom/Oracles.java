package org.spex4j.slalom;

import java.util.SplittableRandom;

/** Exact SLALOM oracles for the tests: value functions that are SLALOM models with known (v, s). */
final class Oracles {
    private Oracles() {}

    /** A model over k types with v uniform in [−1.5, 1.5] and s uniform in [−1.5, 1.5]. */
    static SlalomModel random(int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[k], s = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = -1.5 + 3 * r.nextDouble();
            s[i] = -1.5 + 3 * r.nextDouble();
        }
        return new SlalomModel(v, s);
    }

    /** The oracle as a sequence value. */
    static SequenceValue of(SlalomModel m) {
        return sequences -> {
            double[] out = new double[sequences.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = m.predict(sequences[i]);
            }
            return out;
        };
    }

    /** Root mean squared difference. */
    static double rmse(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / a.length);
    }
}

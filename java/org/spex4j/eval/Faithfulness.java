package org.spex4j.eval;

import java.util.SplittableRandom;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * Faithfulness of a surrogate (spec §8.2): R² = 1 - ||y - ŷ||² / ||y - ȳ||² of the surrogate's predictions ŷ
 * against the value function's outputs y on uniformly random masks.
 */
public final class Faithfulness {
    private Faithfulness() {}

    /** The reference's test-set size. */
    public static final int DEFAULT_MASKS = 1000;

    /** R² of {@code surrogate} (Fourier or Möbius) on {@code masks} uniform masks drawn from {@code seed}. */
    public static double r2(SparseCoefficients surrogate, ValueFunction f, int masks, long seed, int batchSize) {
        if (masks < 2) {
            throw new IllegalArgumentException("R² needs at least 2 masks, got " + masks);
        }
        MaskBatch test = MaskBatch.uniform(surrogate.n(), masks, new SplittableRandom(seed));
        double[] y = evaluateInBatches(f, test, batchSize);
        return r2(y, surrogate.evaluate(test));
    }

    /** R² of predictions against targets; an all-constant target gives R² = 1 for an exact fit, -inf otherwise. */
    public static double r2(double[] y, double[] predicted) {
        if (y.length != predicted.length) {
            throw new IllegalArgumentException(y.length + " targets but " + predicted.length + " predictions");
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < y.length; i++) {
            ssRes += (y[i] - predicted[i]) * (y[i] - predicted[i]);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        if (ssTot == 0) {
            return ssRes == 0 ? 1 : Double.NEGATIVE_INFINITY;
        }
        return 1 - ssRes / ssTot;
    }

    /** f on every row of {@code masks}, at most {@code batchSize} rows per call. */
    public static double[] evaluateInBatches(ValueFunction f, MaskBatch masks, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        double[] out = new double[masks.rows()];
        for (int from = 0; from < masks.rows(); from += batchSize) {
            int to = Math.min(masks.rows(), from + batchSize);
            double[] part = f.evaluate(masks.slice(from, to));
            if (part.length != to - from) {
                throw new IllegalStateException("the value function returned " + part.length + " values for "
                        + (to - from) + " masks");
            }
            System.arraycopy(part, 0, out, from, part.length);
        }
        return out;
    }
}

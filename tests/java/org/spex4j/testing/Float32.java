package org.spex4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How far apart two float32 computations of the same quantity may land when they sum in different orders: another
 * CPU, another BLAS kernel (OpenBLAS picks kernels by CPU, by {@code OPENBLAS_CORETYPE} and by matrix shape), a batch
 * versus one row, a cached versus an uncached pass.
 *
 * <p>Each of the K additions of a float32 reduction rounds with a relative error of at most u = 2^-24 of a partial sum;
 * with partial sums of magnitude at most s, the errors add up like a random walk: roughly sqrt(K)·u·s, and more than
 * λ·sqrt(K)·u·s only with probability about 2·exp(−λ²/2) (Higham and Mary's probabilistic rounding error analysis,
 * SIAM J. Sci. Comput. 2019). Through a network the reductions follow each other, so K is the summed length of the
 * reductions along the deepest path (see {@link #STORIES260K} and {@link #MINILM}). Tests compare with this bound at
 * λ = {@link #LAMBDA}, scaled to the values compared, instead of a bare absolute epsilon. Where bit-identity is the
 * point (the same computation twice on one machine), tests compare exactly and do not use this class.
 */
public final class Float32 {
    /** The unit roundoff of float32: the largest relative error of one rounding to nearest. */
    public static final double UNIT_ROUNDOFF = 0x1p-24;

    /** Safety factor of the probabilistic bound: exceeded by chance with probability about 2e-14 per reduction. */
    public static final double LAMBDA = 8;

    /**
     * stories260K (dim 64, FFN 172, 5 layers, vocabulary 512): per layer the q/k/v/o and FFN-up projections reduce over
     * 64, the FFN-down over 172, attention over at most the sequence (~64 here); then the head over 64.
     */
    public static final long STORIES260K = 5L * (64 + 64 + 172 + 64) + 64;

    /**
     * all-MiniLM-L6-v2 (hidden 384, FFN 1536, 6 layers, up to 512 tokens): per layer the projections reduce over 384,
     * the FFN-down over 1536, attention over up to 512 positions; then mean pooling over up to 512 positions.
     */
    public static final long MINILM = 6L * (384 + 384 + 1536 + 512) + 512;

    /** MiniLM's sentiment value: a difference of two cosines (each at most 1) over the temperature 0.05. */
    public static final double MINILM_SENTIMENT_SCALE = 2 / 0.05;

    /** stories260K's logits stay below ~30 in magnitude; a log-softmax moves by at most twice its logits' error. */
    public static final double STORIES260K_LOG_SOFTMAX_SCALE = 2 * 30;

    private Float32() {
    }

    /** The largest difference expected between two float32 results of magnitude up to {@code scale}. */
    public static double tolerance(double scale, long reductionLength) {
        if (!(scale >= 0) || reductionLength < 1) {
            throw new IllegalArgumentException("scale must be >= 0 and reductionLength >= 1, got " + scale + ", "
                    + reductionLength);
        }
        return LAMBDA * Math.sqrt(reductionLength) * UNIT_ROUNDOFF * Math.max(scale, Float.MIN_NORMAL);
    }

    /** The largest |v| in {@code a}. */
    public static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** The largest |a[i] − b[i]|; the lengths must match. */
    public static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "lengths differ");
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }

    /** Asserts the arrays agree to the float32 bound, scaled to the largest value of either. */
    public static void assertClose(float[] expected, float[] actual, long reductionLength, String what) {
        double scale = Math.max(maxAbs(expected), maxAbs(actual));
        double tol = tolerance(scale, reductionLength), diff = maxAbsDiff(expected, actual);
        assertTrue(diff <= tol, what + ": max |diff| " + diff + " > " + tol + " (values up to " + scale
                + ", reduction length " + reductionLength + ")");
    }

    /**
     * Asserts two scalars derived from float32 computations agree; {@code scale} is the magnitude of the float32
     * terms they were computed from (e.g. 1 / temperature for a tempered cosine), not of the result alone.
     */
    public static void assertClose(double expected, double actual, double scale, long reductionLength, String what) {
        double tol = tolerance(scale, reductionLength);
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual
                + ", |diff| " + Math.abs(expected - actual) + " > " + tol + " (scale " + scale + ", reduction length "
                + reductionLength + ")");
    }
}

package org.spex4j.value;

import java.util.SplittableRandom;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.MaskBatch;
import org.spex4j.math.SparseCoefficients;

/**
 * A synthetic value function given by sparse Fourier coefficients, f(m) = Σ_k F(k) (-1)^{|m ∩ k|}, plus optional
 * i.i.d. Gaussian noise of standard deviation sigma drawn in call order from a seeded generator (so a run is
 * reproducible, though a repeated mask gets fresh noise). Used by {@code spex recover}, tests and benchmarks.
 */
public final class SparseFourierFunction implements ValueFunction {
    private final int n;
    private final SparseCoefficients fourier;
    private final double sigma;
    private final SplittableRandom noise;

    public SparseFourierFunction(SparseCoefficients fourier, double sigma, long seed) {
        if (fourier.basis() != Basis.FOURIER) {
            throw new IllegalArgumentException("expected Fourier coefficients, got " + fourier.basis());
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be finite and >= 0, got " + sigma);
        }
        this.n = fourier.n();
        this.fourier = fourier;
        this.sigma = sigma;
        this.noise = new SplittableRandom(seed);
    }

    public int n() {
        return n;
    }

    @Override
    public synchronized double[] evaluate(MaskBatch batch) {
        if (batch.n() != n) {
            throw new IllegalArgumentException("masks over " + batch.n() + " features for a function of n = " + n);
        }
        long[] words = batch.words();
        int w = batch.wordsPerRow();
        double[] out = new double[batch.rows()];
        for (int r = 0; r < out.length; r++) {
            double s = fourier.evaluate(words, r * w);  // the one sparse-Fourier evaluation
            out[r] = sigma == 0 ? s : s + sigma * gaussian();
        }
        return out;
    }

    private double gaussian() {  // Marsaglia polar method on the seeded generator
        double u, v, s;
        do {
            u = 2 * noise.nextDouble() - 1;
            v = 2 * noise.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /**
     * A random sparse function: {@code count} distinct keys of degree 1..maxDegree over n features, values with
     * magnitude uniform in [lo, hi] and random sign.
     */
    public static SparseCoefficients random(int n, int count, int maxDegree, double lo, double hi,
            SplittableRandom random) {
        SparseCoefficients.Builder builder = SparseCoefficients.builder(n, Basis.FOURIER);
        java.util.Set<FeatureSet> seen = new java.util.HashSet<>();
        while (seen.size() < count) {
            int degree = 1 + random.nextInt(Math.min(maxDegree, n));
            int[] k = new int[degree];
            java.util.Set<Integer> chosen = new java.util.HashSet<>();
            for (int i = 0; i < degree; ) {
                int f = random.nextInt(n);
                if (chosen.add(f)) {
                    k[i++] = f;
                }
            }
            FeatureSet key = FeatureSet.of(k);
            if (seen.add(key)) {
                double mag = lo + (hi - lo) * random.nextDouble();
                builder.put(key, random.nextBoolean() ? mag : -mag);
            }
        }
        return builder.build();
    }
}

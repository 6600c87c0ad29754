package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** k-SII (Bordt &amp; von Luxburg 2023) against its definition, the Shapley values and efficiency. */
class KsiiTest {
    /** B_0..B_6 with B_1 = −1/2, written out (the code computes them by recurrence). */
    private static final double[] BERNOULLI = {1, -0.5, 1.0 / 6, 0, -1.0 / 30, 0, 1.0 / 42};

    private static double tol(double scale) {
        return 1e-10 * Math.max(1.0, scale);
    }

    @Test
    void bernoulliNumbersByRecurrence() {
        assertArrayEquals(BERNOULLI, InteractionIndices.bernoulli(6), 1e-15);
    }

    /** kSII(T) = Σ_{S ⊇ T, |S| <= k} B_{|S|−|T|} · SII(S), with SII by its subset definition over all 2^n sets. */
    @Test
    void matchesTheBernoulliAggregationOfBruteForceSii() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 6; trial++) {
            int n = 4 + rng.nextInt(4);
            SparseCoefficients mobius = BruteForce.randomFunction(n, Basis.MOBIUS, 10, 5, rng);
            double[] v = BruteForce.game(mobius);
            for (int k = 1; k <= Math.min(4, n); k++) {
                SparseCoefficients ksii = InteractionIndices.compute(mobius, Index.KSII, k);
                double[] sii = new double[1 << n];
                for (int s : BruteForce.coalitionsUpTo(n, k)) {
                    sii[s] = BruteForce.sii(v, n, s);
                }
                for (int t : BruteForce.coalitionsUpTo(n, k)) {
                    if (t == 0) {
                        continue;
                    }
                    double expected = 0;
                    for (int s : BruteForce.coalitionsUpTo(n, k)) {
                        if ((s & t) == t) {
                            expected += BERNOULLI[Integer.bitCount(s) - Integer.bitCount(t)] * sii[s];
                        }
                    }
                    assertEquals(expected, ksii.value(FeatureSet.ofBits(t)), tol(Math.abs(expected)),
                            "trial " + trial + " k = " + k + " T = " + FeatureSet.ofBits(t) + " " + mobius);
                }
                assertEquals(v[0], ksii.value(FeatureSet.EMPTY), tol(Math.abs(v[0])), "kSII(∅) = f(∅)");
                for (FeatureSet key : ksii.asMap().keySet()) {
                    assertTrue(key.size() <= k, "key " + key + " above order " + k);
                }
            }
        }
    }

    @Test
    void orderOneIsTheShapleyValue() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int trial = 0; trial < 6; trial++) {
            int n = 3 + rng.nextInt(8);
            SparseCoefficients fourier = BruteForce.randomFunction(n, Basis.FOURIER, 12, 5, rng);
            double[] sv = BruteForce.shapley(BruteForce.game(fourier), n);
            double[] k1 = InteractionIndices.compute(fourier, Index.KSII, 1).singletonValues();
            assertArrayEquals(sv, k1, 1e-10, "trial " + trial + " " + fourier);
            assertArrayEquals(InteractionIndices.shapleyFromFourier(fourier), k1, 1e-10);
        }
    }

    /** Σ_{1 <= |T| <= k} kSII(T) = f(N) − f(∅) on sparse functions far too large to enumerate. */
    @Test
    void efficiencyOnSparseFunctions() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int trial = 0; trial < 8; trial++) {
            int n = 20 + rng.nextInt(200);
            SparseCoefficients fourier = BruteForce.randomFunction(n, Basis.FOURIER, 30, 6, rng);
            long[] none = new long[(n + 63) / 64];
            long[] all = new long[none.length];
            for (int i = 0; i < n; i++) {
                all[i >>> 6] |= 1L << (i & 63);
            }
            double gap = fourier.evaluate(all, 0) - fourier.evaluate(none, 0);
            double scale = 0;
            for (Map.Entry<FeatureSet, Double> e : fourier.entries()) {
                scale += Math.abs(e.getValue());
            }
            for (int k = 1; k <= 6; k++) {
                double sum = 0;
                for (Map.Entry<FeatureSet, Double> e : InteractionIndices.compute(fourier, Index.KSII, k).entries()) {
                    if (!e.getKey().isEmpty()) {
                        sum += e.getValue();
                    }
                }
                assertEquals(gap, sum, tol(scale), "trial " + trial + " n = " + n + " k = " + k);
            }
        }
    }

    @Test
    void lowOrderMobiusTermsStayOnTheirSet() {
        // a(S) of |S| <= k is reported on S unchanged; for |T| = k, kSII equals SII
        SparseCoefficients mobius = SparseCoefficients.of(6, Basis.MOBIUS, Map.of(FeatureSet.of(0, 1), 2.0,
                FeatureSet.of(2), -1.0, FeatureSet.of(1, 3, 4, 5), 0.8));
        SparseCoefficients k2 = InteractionIndices.compute(mobius, Index.KSII, 2);
        SparseCoefficients sii2 = InteractionIndices.compute(mobius, Index.SII, 2);
        assertEquals(2.0, k2.value(FeatureSet.of(0, 1)), 1e-12);
        assertEquals(-1.0, k2.value(FeatureSet.of(2)), 1e-12);
        for (FeatureSet pair : new FeatureSet[] {FeatureSet.of(1, 3), FeatureSet.of(4, 5), FeatureSet.of(0, 1)}) {
            assertEquals(sii2.value(pair), k2.value(pair), 1e-12, "order-k sets: kSII = SII at " + pair);
        }
    }
}

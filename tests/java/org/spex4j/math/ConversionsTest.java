package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fourier ↔ Möbius conversions of SPEX.md §3.2 against dense transforms and each other. */
class ConversionsTest {
    private static final double TOL = 1e-10;

    private static void assertSameFunction(String label, SparseCoefficients expected, SparseCoefficients actual) {
        assertEquals(expected.basis(), actual.basis(), label);
        Set<FeatureSet> keys = new HashSet<>(expected.asMap().keySet());
        keys.addAll(actual.asMap().keySet());
        for (FeatureSet key : keys) {
            assertEquals(expected.value(key), actual.value(key), TOL, label + " at " + key);
        }
    }

    @Test
    void roundTripsRecoverTheInput() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 20; trial++) {
            int n = trial < 10 ? 3 + rng.nextInt(10) : 64 + rng.nextInt(200);
            SparseCoefficients mobius = BruteForce.randomFunction(n, Basis.MOBIUS, 12, 5, rng);
            assertSameFunction("mobius round trip " + trial, mobius,
                    Conversions.fourierToMobius(Conversions.mobiusToFourier(mobius)));
            SparseCoefficients fourier = BruteForce.randomFunction(n, Basis.FOURIER, 12, 5, rng);
            assertSameFunction("fourier round trip " + trial, fourier,
                    Conversions.mobiusToFourier(Conversions.fourierToMobius(fourier)));
        }
    }

    @Test
    void conversionsMatchDenseTransforms() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 10; trial++) {
            int n = 3 + rng.nextInt(8);
            SparseCoefficients mobius = BruteForce.randomFunction(n, Basis.MOBIUS, 10, 5, rng);
            double[] v = BruteForce.game(mobius);
            double[] dense = BruteForce.walshHadamard(v); // F(k) = 2^−n Σ_m f(m)(−1)^{|m∩k|}
            SparseCoefficients fourier = Conversions.mobiusToFourier(mobius);
            for (int k = 0; k < dense.length; k++) {
                assertEquals(dense[k], fourier.value(FeatureSet.ofBits(k)), TOL, "F at " + FeatureSet.ofBits(k));
            }
            assertEquals(mean(v), fourier.value(FeatureSet.EMPTY), TOL, "F(0) is the mean");

            SparseCoefficients back = Conversions.fourierToMobius(fourier);
            double[] denseMobius = BruteForce.mobiusTransform(BruteForce.game(fourier));
            for (int s = 0; s < denseMobius.length; s++) {
                assertEquals(denseMobius[s], back.value(FeatureSet.ofBits(s)), TOL, "a at " + FeatureSet.ofBits(s));
            }
            assertEquals(v[0], back.value(FeatureSet.EMPTY), TOL, "a(∅) = f(0…0)");
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void bothFormsEvaluateToTheSameValues() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 10; trial++) {
            int n = trial < 5 ? 2 + rng.nextInt(20) : 60 + rng.nextInt(150);
            SparseCoefficients fourier = BruteForce.randomFunction(n, Basis.FOURIER, 15, 5, rng);
            SparseCoefficients mobius = Conversions.fourierToMobius(fourier);
            MaskBatch masks = MaskBatch.uniform(n, 200, rng);
            double[] a = fourier.evaluate(masks);
            double[] b = mobius.evaluate(masks);
            for (int r = 0; r < masks.rows(); r++) {
                assertEquals(a[r], b[r], 1e-9, "row " + masks.rowString(r));
            }
            assertEquals(fourier.evaluate(MaskBatch.allKept(n))[0], mobius.evaluate(MaskBatch.allKept(n))[0], 1e-9);
            assertEquals(fourier.evaluate(MaskBatch.zeros(n, 1))[0], mobius.value(FeatureSet.EMPTY), 1e-9);
        }
    }

    @Test
    void singleCoefficientMatchesHandComputation() {
        // f = F({0,1}) (−1)^{m0+m1} = (1−2m0)(1−2m1) = 1 − 2m0 − 2m1 + 4 m0 m1
        SparseCoefficients fourier = SparseCoefficients.builder(3, Basis.FOURIER).add(FeatureSet.of(0, 1), 1.0).build();
        SparseCoefficients mobius = Conversions.fourierToMobius(fourier);
        assertEquals(Map.of(FeatureSet.EMPTY, 1.0, FeatureSet.of(0), -2.0, FeatureSet.of(1), -2.0,
                FeatureSet.of(0, 1), 4.0), mobius.asMap());
        assertEquals(Basis.MOBIUS, mobius.basis());
        assertEquals(fourier.asMap(), Conversions.mobiusToFourier(mobius).asMap());
    }

    @Test
    void cancellingValuesAreDropped() {
        // a({0}) = 1 only: F(∅) = 1/2, F({0}) = −1/2; adding F({0}) = +1/2 exactly cancels
        SparseCoefficients fourier = SparseCoefficients.builder(2, Basis.FOURIER)
                .add(FeatureSet.EMPTY, 0.5).add(FeatureSet.of(0), -0.5).add(FeatureSet.of(1), 1e-13).build();
        SparseCoefficients mobius = Conversions.fourierToMobius(fourier);
        assertEquals(Map.of(FeatureSet.of(0), 1.0), mobius.asMap());
        assertFalse(mobius.contains(FeatureSet.EMPTY));
        // the constructor itself keeps tiny values
        assertTrue(fourier.contains(FeatureSet.of(1)));
    }

    @Test
    void toConvertsOnlyWhenNeeded() {
        SparseCoefficients mobius = SparseCoefficients.builder(2, Basis.MOBIUS).add(FeatureSet.of(1), 3.0).build();
        assertSame(mobius, Conversions.to(mobius, Basis.MOBIUS));
        assertEquals(Basis.FOURIER, Conversions.to(mobius, Basis.FOURIER).basis());
    }

    @Test
    void badInputIsRejected() {
        int[] big = new int[31];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        SparseCoefficients fourier = SparseCoefficients.builder(40, Basis.FOURIER).add(FeatureSet.of(big), 1.0).build();
        SparseCoefficients mobius = SparseCoefficients.builder(40, Basis.MOBIUS).add(FeatureSet.of(big), 1.0).build();
        assertRefused(IllegalArgumentException.class, () -> Conversions.fourierToMobius(fourier), "has 31 features",
                "at most 30");
        assertRefused(IllegalArgumentException.class, () -> Conversions.mobiusToFourier(mobius),
                "has 31 features", "at most 30");
        assertRefused(IllegalArgumentException.class, () -> Conversions.fourierToMobius(mobius),
                "expected coefficients in the FOURIER basis, got MOBIUS");
        assertRefused(IllegalArgumentException.class, () -> Conversions.mobiusToFourier(fourier),
                "expected coefficients in the MOBIUS basis, got FOURIER");
    }
}

package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Every index of SPEX.md §3.3 against its brute-force definition over all 2^n coalitions. */
class InteractionIndicesTest {
    private static final double TOL = 1e-8;
    private static final int TRIALS = 8;

    /** A random sparse Möbius function over 4..maxN features, degrees <= 5. */
    private static SparseCoefficients randomMobius(SplittableRandom rng, int maxN) {
        int n = 4 + rng.nextInt(maxN - 3);
        return BruteForce.randomFunction(n, Basis.MOBIUS, 10, 5, rng);
    }

    /** Asserts {@code result.value(T) == expected(T)} for every |T| <= order, and no key of larger size. */
    private static void assertIndex(String label, SparseCoefficients result, int order, IntToDoubleFunction expected) {
        int n = result.n();
        for (int t : BruteForce.coalitionsUpTo(n, order)) {
            FeatureSet key = FeatureSet.ofBits(t);
            assertEquals(expected.applyAsDouble(t), result.value(key), TOL, label + " at T = " + key);
        }
        for (FeatureSet key : result.asMap().keySet()) {
            assertTrue(key.size() <= order, label + ": key " + key + " exceeds order " + order);
        }
    }

    @Test
    void shapleyAndBanzhafValuesMatchBruteForce() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < TRIALS; trial++) {
            SparseCoefficients mobius = randomMobius(rng, 12);
            int n = mobius.n();
            double[] v = BruteForce.game(mobius);
            String label = "trial " + trial + " " + mobius;

            SparseCoefficients sv = InteractionIndices.compute(mobius, Index.SV, 1 + rng.nextInt(4));
            assertArrayEquals(BruteForce.shapley(v, n), sv.singletonValues(), TOL, "SV " + label);
            if (n <= 8) {
                assertArrayEquals(BruteForce.shapleyByPermutations(v, n), sv.singletonValues(), TOL, "SV perm " + label);
            }
            SparseCoefficients bv = InteractionIndices.compute(mobius, Index.BV, 1 + rng.nextInt(4));
            assertArrayEquals(BruteForce.banzhaf(v, n), bv.singletonValues(), TOL, "BV " + label);
            for (FeatureSet key : sv.asMap().keySet()) {
                assertEquals(1, key.size(), "SV keys are singletons");
            }
            for (FeatureSet key : bv.asMap().keySet()) {
                assertEquals(1, key.size(), "BV keys are singletons");
            }
            double total = 0;
            for (double x : sv.singletonValues()) {
                total += x;
            }
            assertEquals(v[(1 << n) - 1] - v[0], total, TOL, "Shapley efficiency " + label);
        }
    }

    @Test
    void siiAndBiiMatchTheirDerivativeDefinitions() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int trial = 0; trial < TRIALS; trial++) {
            SparseCoefficients mobius = randomMobius(rng, 12);
            int n = mobius.n();
            int order = 1 + rng.nextInt(Math.min(4, n));
            double[] v = BruteForce.game(mobius);
            String label = "trial " + trial + " order " + order + " " + mobius;
            assertIndex("SII " + label, InteractionIndices.compute(mobius, Index.SII, order), order,
                    t -> BruteForce.sii(v, n, t));
            assertIndex("BII " + label, InteractionIndices.compute(mobius, Index.BII, order), order,
                    t -> BruteForce.bii(v, n, t));
        }
    }

    @Test
    void siiKeysAreTheSmallSubsetsOfTheSupport() {
        SplittableRandom rng = new SplittableRandom(13);
        SparseCoefficients mobius = randomMobius(rng, 12);
        int order = 3;
        Set<FeatureSet> expected = new HashSet<>();
        for (FeatureSet s : mobius.asMap().keySet()) {
            for (int t : BruteForce.coalitionsUpTo(mobius.n(), order)) {
                FeatureSet candidate = FeatureSet.ofBits(t);
                if (candidate.isSubsetOf(s)) {
                    expected.add(candidate);
                }
            }
        }
        assertEquals(expected, InteractionIndices.compute(mobius, Index.SII, order).asMap().keySet());
        assertEquals(expected, InteractionIndices.compute(mobius, Index.BII, order).asMap().keySet());
    }

    @Test
    void shapleyTaylorMatchesDefinition() {
        SplittableRandom rng = new SplittableRandom(14);
        for (int trial = 0; trial < TRIALS; trial++) {
            SparseCoefficients mobius = randomMobius(rng, 12);
            int n = mobius.n();
            int order = 1 + rng.nextInt(Math.min(4, n));
            double[] v = BruteForce.game(mobius);
            String label = "STII trial " + trial + " order " + order + " " + mobius;
            SparseCoefficients stii = InteractionIndices.compute(mobius, Index.STII, order);
            assertIndex(label, stii, order, t -> BruteForce.stii(v, n, order, t));
            if (n <= 7) {
                for (int t : BruteForce.coalitionsUpTo(n, order)) {
                    if (Integer.bitCount(t) == order) {
                        assertEquals(BruteForce.stiiByPermutations(v, n, t), stii.value(FeatureSet.ofBits(t)), TOL,
                                label + " (permutations) at " + FeatureSet.ofBits(t));
                    }
                }
            }
            double total = stii.asMap().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(v[(1 << n) - 1], total, TOL, "STII efficiency " + label);
        }
    }

    @Test
    void faithBanzhafIsTheLeastSquaresSolution() {
        SplittableRandom rng = new SplittableRandom(15);
        for (int trial = 0; trial < TRIALS; trial++) {
            SparseCoefficients mobius = randomMobius(rng, 8);
            int n = mobius.n();
            int order = 1 + rng.nextInt(Math.min(4, n - 1));
            Map<Integer, Double> expected = BruteForce.faithBanzhaf(BruteForce.game(mobius), n, order);
            assertIndex("FBII trial " + trial + " order " + order + " " + mobius,
                    InteractionIndices.compute(mobius, Index.FBII, order), order, expected::get);
        }
    }

    @Test
    void faithShapIsTheConstrainedWeightedLeastSquaresSolution() {
        SplittableRandom rng = new SplittableRandom(16);
        for (int trial = 0; trial < TRIALS; trial++) {
            SparseCoefficients mobius = randomMobius(rng, 8);
            int n = mobius.n();
            int order = 1 + rng.nextInt(Math.min(4, n - 1));
            Map<Integer, Double> expected = BruteForce.faithShapley(BruteForce.game(mobius), n, order);
            assertIndex("FSII trial " + trial + " order " + order + " " + mobius,
                    InteractionIndices.compute(mobius, Index.FSII, order), order, expected::get);
        }
    }

    @Test
    void orderAtLeastTheDegreeGivesMobiusForShapleyTaylorAndFaithIndices() {
        SplittableRandom rng = new SplittableRandom(17);
        SparseCoefficients mobius = randomMobius(rng, 10);
        for (Index index : new Index[] {Index.STII, Index.FSII, Index.FBII}) {
            SparseCoefficients result = InteractionIndices.compute(mobius, index, 6);
            assertEquals(mobius.asMap(), result.asMap(), index.name());
        }
    }

    @Test
    void fourierAndMobiusIndicesAreTheConversions() {
        SplittableRandom rng = new SplittableRandom(18);
        SparseCoefficients mobius = randomMobius(rng, 12);
        SparseCoefficients fourier = Conversions.mobiusToFourier(mobius);
        assertSame(mobius, InteractionIndices.compute(mobius, Index.MOBIUS, 2));
        assertEquals(fourier.asMap(), InteractionIndices.compute(mobius, Index.FOURIER, 2).asMap());
        assertSame(fourier, InteractionIndices.compute(fourier, Index.FOURIER, 2));
        assertEquals(Basis.FOURIER, InteractionIndices.compute(mobius, Index.FOURIER, 1).basis());
    }

    @Test
    void fourierInputIsConvertedBeforeTheMobiusFormulas() {
        SplittableRandom rng = new SplittableRandom(19);
        SparseCoefficients mobius = randomMobius(rng, 10);
        SparseCoefficients fourier = Conversions.mobiusToFourier(mobius);
        for (Index index : new Index[] {Index.SII, Index.STII, Index.FSII}) {
            SparseCoefficients a = InteractionIndices.compute(mobius, index, 3);
            SparseCoefficients b = InteractionIndices.compute(fourier, index, 3);
            for (int t : BruteForce.coalitionsUpTo(mobius.n(), 3)) {
                FeatureSet key = FeatureSet.ofBits(t);
                assertEquals(a.value(key), b.value(key), 1e-10, index + " at " + key);
            }
        }
    }

    @Test
    void fourierClosedFormsEqualTheMobiusFormulas() {
        SplittableRandom rng = new SplittableRandom(20);
        for (int trial = 0; trial < TRIALS; trial++) {
            int n = trial < 6 ? 4 + rng.nextInt(9) : 100 + rng.nextInt(100);
            SparseCoefficients fourier = BruteForce.randomFunction(n, Basis.FOURIER, 12, 5, rng);
            SparseCoefficients mobius = Conversions.fourierToMobius(fourier);
            int order = 1 + rng.nextInt(4);
            String label = "trial " + trial + " order " + order + " " + fourier;

            assertArrayEquals(InteractionIndices.compute(mobius, Index.SV, 1).singletonValues(),
                    InteractionIndices.shapleyFromFourier(fourier), TOL, "SV " + label);
            assertArrayEquals(InteractionIndices.compute(mobius, Index.BV, 1).singletonValues(),
                    InteractionIndices.banzhafFromFourier(fourier), TOL, "BV " + label);
            assertSameValues("SII " + label, InteractionIndices.compute(mobius, Index.SII, order),
                    InteractionIndices.siiFromFourier(fourier, order));
            assertSameValues("BII " + label, InteractionIndices.compute(mobius, Index.BII, order),
                    InteractionIndices.biiFromFourier(fourier, order));
        }
    }

    @Test
    void fourierClosedFormsMatchBruteForce() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int trial = 0; trial < TRIALS; trial++) {
            int n = 4 + rng.nextInt(9);
            SparseCoefficients fourier = BruteForce.randomFunction(n, Basis.FOURIER, 12, 5, rng);
            double[] v = BruteForce.game(fourier);
            int order = 1 + rng.nextInt(3);
            String label = "trial " + trial + " " + fourier;
            assertArrayEquals(BruteForce.shapley(v, n), InteractionIndices.shapleyFromFourier(fourier), TOL, label);
            assertArrayEquals(BruteForce.banzhaf(v, n), InteractionIndices.banzhafFromFourier(fourier), TOL, label);
            assertIndex("SII " + label, InteractionIndices.siiFromFourier(fourier, order), order,
                    t -> BruteForce.sii(v, n, t));
            assertIndex("BII " + label, InteractionIndices.biiFromFourier(fourier, order), order,
                    t -> BruteForce.bii(v, n, t));
        }
    }

    /** Same values on the union of both key sets (absent keys count as 0). */
    private static void assertSameValues(String label, SparseCoefficients expected, SparseCoefficients actual) {
        Set<FeatureSet> keys = new HashSet<>(expected.asMap().keySet());
        keys.addAll(actual.asMap().keySet());
        for (FeatureSet key : keys) {
            assertEquals(expected.value(key), actual.value(key), TOL, label + " at " + key);
        }
    }

    @Test
    void weightsMatchHandComputedValues() {
        // FSII, ℓ = 2, |T| = 1, |S| = 3: (−1)^1 · 1/3 · C(2,1) · C(2,2) / C(4,3) = −1/6
        assertEquals(-1.0 / 6, InteractionIndices.weight(Index.FSII, 2, 3, 1), 1e-15);
        // FBII, ℓ = 2, |T| = 1, |S| = 3: (−1)^1 · 2^−2 · C(1,1) = −1/4
        assertEquals(-0.25, InteractionIndices.weight(Index.FBII, 2, 3, 1), 1e-15);
        // FBII, ℓ = 1, |T| = 0, |S| = 2: (−1)^1 · 2^−2 · C(1,1) = −1/4
        assertEquals(-0.25, InteractionIndices.weight(Index.FBII, 1, 2, 0), 1e-15);
        assertEquals(0.0, InteractionIndices.weight(Index.FSII, 2, 5, 0), 0.0);
        assertEquals(1.0 / 10, InteractionIndices.weight(Index.STII, 2, 5, 2), 1e-15);
        assertEquals(1.0 / 3, InteractionIndices.weight(Index.SII, 4, 5, 3), 1e-15);
        assertEquals(0.25, InteractionIndices.weight(Index.BII, 4, 5, 3), 1e-15);
    }

    @Test
    void badInputIsRejected() {
        SparseCoefficients mobius = SparseCoefficients.builder(5, Basis.MOBIUS).add(FeatureSet.of(0, 1), 1.0).build();
        SparseCoefficients fourier = Conversions.mobiusToFourier(mobius);
        for (Index index : Index.values()) {
            assertRefused(IllegalArgumentException.class, () -> InteractionIndices.compute(mobius, index, 0),
                    "order must be >= 1, got 0");
        }
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.compute(mobius, Index.SII, -1),
                "order must be >= 1, got -1");
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.siiFromFourier(fourier, 0),
                "order must be >= 1, got 0");
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.biiFromFourier(fourier, 0),
                "order must be >= 1, got 0");
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.shapleyFromFourier(mobius),
                "expected coefficients in the FOURIER basis, got MOBIUS");
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.banzhafFromFourier(mobius),
                "expected coefficients in the FOURIER basis, got MOBIUS");
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.siiFromFourier(mobius, 2),
                "expected coefficients in the FOURIER basis, got MOBIUS");
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.biiFromFourier(mobius, 2),
                "expected coefficients in the FOURIER basis, got MOBIUS");

        int[] wide = new int[100];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = 2 * i;
        }
        SparseCoefficients huge = SparseCoefficients.builder(200, Basis.MOBIUS).add(FeatureSet.of(wide), 1.0).build();
        assertRefused(IllegalArgumentException.class, () -> InteractionIndices.compute(huge, Index.SII, 20),
                "with 100 features has too many subsets of size <= 20", "lower the order");
        // singletons of a wide key are cheap
        assertEquals(100, InteractionIndices.compute(huge, Index.SV, 20).size());
    }
}

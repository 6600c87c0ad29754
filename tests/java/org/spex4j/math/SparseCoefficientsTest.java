package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sparse coefficient map of SPEX.md §3.1–§3.2. */
class SparseCoefficientsTest {

    private static SparseCoefficients sample() {
        return SparseCoefficients.builder(4, Basis.MOBIUS)
                .add(FeatureSet.EMPTY, 0.5)
                .add(FeatureSet.of(2), -3.0)
                .add(FeatureSet.of(1, 3), 3.0)
                .add(FeatureSet.of(0), 3.0)
                .add(FeatureSet.of(0, 1, 2), 1.0)
                .add(FeatureSet.of(0, 1, 2), 1.0) // accumulates to 2
                .build();
    }

    @Test
    void valuesAndSize() {
        SparseCoefficients c = sample();
        assertEquals(5, c.size());
        assertEquals(4, c.n());
        assertEquals(Basis.MOBIUS, c.basis());
        assertEquals(2.0, c.value(FeatureSet.of(2, 0, 1)));
        assertEquals(0.0, c.value(FeatureSet.of(3)));
        assertEquals(3, c.maxOrder());
    }

    @Test
    void entriesAreSortedByMagnitudeThenByFeatureSet() {
        List<Map.Entry<FeatureSet, Double>> e = sample().entries();
        assertEquals(List.of(FeatureSet.of(0), FeatureSet.of(2), FeatureSet.of(1, 3), FeatureSet.of(0, 1, 2),
                FeatureSet.EMPTY), e.stream().map(Map.Entry::getKey).toList());
        assertEquals(List.of(3.0, -3.0, 3.0, 2.0, 0.5), e.stream().map(Map.Entry::getValue).toList());
        assertEquals(e.subList(0, 2), sample().topK(2));
        assertEquals(5, sample().topK(10).size());
        assertEquals(0, sample().topK(0).size());
        assertThrows(UnsupportedOperationException.class, () -> e.remove(0));  // a JDK unmodifiable view: no message
    }

    @Test
    void orderKeepsOneSize() {
        SparseCoefficients first = sample().order(1);
        assertEquals(Map.of(FeatureSet.of(0), 3.0, FeatureSet.of(2), -3.0), first.asMap());
        assertEquals(Basis.MOBIUS, first.basis());
        assertEquals(0, sample().order(4).size());
        assertArrayEquals(new double[] {3.0, 0, -3.0, 0}, sample().singletonValues());
    }

    @Test
    void evaluatesMobiusAndFourierOnPackedRows() {
        SparseCoefficients mobius = sample();
        MaskBatch masks = MaskBatch.of(new boolean[] {true, true, true, false}, new boolean[] {false, true, false, true},
                new boolean[] {false, false, false, false});
        assertArrayEquals(new double[] {0.5 - 3 + 3 + 2, 0.5 + 3, 0.5}, mobius.evaluate(masks), 1e-15);

        SparseCoefficients fourier = SparseCoefficients.builder(4, Basis.FOURIER)
                .add(FeatureSet.EMPTY, 1.0).add(FeatureSet.of(0, 1), 2.0).add(FeatureSet.of(3), -0.5).build();
        // row 0: |m∩{0,1}| = 2 → +2, |m∩{3}| = 0 → −0.5; row 1: 1 → −2, 1 → +0.5; row 2: +2, −0.5
        assertArrayEquals(new double[] {2.5, -0.5, 2.5}, fourier.evaluate(masks), 1e-15);
        assertEquals(-0.5, fourier.evaluate(masks.words(), masks.wordsPerRow()), 1e-15);
    }

    @Test
    void evaluatesAcrossWordBoundaries() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 150;
        SparseCoefficients mobius = SparseCoefficients.builder(n, Basis.MOBIUS)
                .add(FeatureSet.of(3, 64, 149), 2.0).add(FeatureSet.of(63), -1.0).add(FeatureSet.EMPTY, 0.25).build();
        SparseCoefficients fourier = SparseCoefficients.builder(n, Basis.FOURIER)
                .add(FeatureSet.of(3, 64, 149), 2.0).add(FeatureSet.of(63), -1.0).build();
        MaskBatch masks = MaskBatch.uniform(n, 50, rng);
        double[] m = mobius.evaluate(masks);
        double[] f = fourier.evaluate(masks);
        for (int r = 0; r < masks.rows(); r++) {
            boolean all = masks.get(r, 3) && masks.get(r, 64) && masks.get(r, 149);
            assertEquals(0.25 + (all ? 2.0 : 0.0) - (masks.get(r, 63) ? 1.0 : 0.0), m[r], 1e-15);
            int parity = (masks.get(r, 3) ? 1 : 0) ^ (masks.get(r, 64) ? 1 : 0) ^ (masks.get(r, 149) ? 1 : 0);
            assertEquals((parity == 0 ? 2.0 : -2.0) + (masks.get(r, 63) ? 1.0 : -1.0), f[r], 1e-15);
        }
    }

    @Test
    void invalidInputIsRejected() {
        Map<FeatureSet, Double> map = new HashMap<>();
        map.put(FeatureSet.of(0, 4), 1.0);
        assertRefused(IllegalArgumentException.class, () -> SparseCoefficients.of(4, Basis.FOURIER, map),
                "key [0, 4] has feature 4", "n = 4");
        assertRefused(IllegalArgumentException.class, () -> SparseCoefficients.builder(3, Basis.MOBIUS)
                .add(FeatureSet.of(3), 1.0).build(), "key [3] has feature 3 but the function has only n = 3 features");
        assertRefused(IllegalArgumentException.class, () -> SparseCoefficients.empty(0, Basis.MOBIUS),
                "n must be >= 1, got 0");
        assertRefused(IllegalArgumentException.class, () -> sample().topK(-1), "k must be >= 0, got -1");
        assertRefused(IllegalArgumentException.class, () -> sample().evaluate(MaskBatch.zeros(5, 1)),
                "masks have n = 5 features, coefficients have n = 4");
        assertEquals(1, SparseCoefficients.of(5, Basis.FOURIER, map).size());
    }

    @Test
    void constructorKeepsTinyAndZeroValues() {
        SparseCoefficients c = SparseCoefficients.builder(2, Basis.FOURIER)
                .add(FeatureSet.of(0), 0.0).add(FeatureSet.of(1), 1e-15).build();
        assertEquals(2, c.size());
        assertTrue(c.contains(FeatureSet.of(0)));
    }

    @Test
    void mapIsCopiedAndUnmodifiable() {
        Map<FeatureSet, Double> map = new HashMap<>();
        map.put(FeatureSet.of(1), 1.0);
        SparseCoefficients c = SparseCoefficients.of(2, Basis.MOBIUS, map);
        map.put(FeatureSet.of(0), 2.0);
        assertEquals(1, c.size());
        assertThrows(UnsupportedOperationException.class, () -> c.asMap().put(FeatureSet.EMPTY, 1.0));  // as above
    }
}

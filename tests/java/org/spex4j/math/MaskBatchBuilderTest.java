package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;

/** The builder grows past its expected rows, keeps the layout, and builds a batch that later appends do not touch. */
class MaskBatchBuilderTest {
    @Test
    void rowsAppendGrowAndBuildIntoAnIndependentBatch() {
        int n = 70;   // two words per row
        MaskBatch.Builder b = MaskBatch.builder(n, 1);
        int empty = b.addEmpty();
        int all = b.addAllKept();
        int some = b.addFeatures(new int[] {0, 64, 69}, 3);
        int copy = b.addCopy(some);
        int complement = b.addComplement(some);
        assertEquals(5, b.rows());
        assertEquals(2, b.wordsPerRow());
        assertEquals(0, b.keptCount(empty));
        assertEquals(n, b.keptCount(all));
        assertEquals(3, b.keptCount(copy));
        assertEquals(n - 3, b.keptCount(complement));
        assertFalse(b.get(complement, 64));
        MaskBatch batch = b.build();
        assertEquals(5, batch.rows());
        assertEquals(n, batch.n());
        for (int r = 0; r < 5; r++) {
            for (int i = 0; i < n; i++) {
                assertEquals(b.get(r, i), batch.get(r, i), "row " + r + ", feature " + i);
            }
        }
        b.clear(some, 0);
        b.addAllKept();
        assertTrue(batch.get(some, 0), "the batch is a copy");
        assertEquals(5, batch.rows());
        assertRefused(IllegalArgumentException.class, () -> MaskBatch.builder(1 << 20, Integer.MAX_VALUE / 2),
                "1073741823 masks over n = 1048576 features do not fit one run",
                "one array holds " + (Integer.MAX_VALUE - 8));
    }
}

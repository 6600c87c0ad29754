package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The k-fold split shared by SPEX's refit and ProxySPEX's cross-validation. */
class KFoldTest {
    @Test
    void foldsAreContiguousAndCoverEveryRow() {
        KFold.Split f0 = KFold.split(23, 5, 0);
        KFold.Split f4 = KFold.split(23, 5, 4);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, f0.test());
        assertArrayEquals(new int[] {19, 20, 21, 22}, f4.test());
        assertEquals(18, f0.train().length);
        assertEquals(19, f4.train().length);
        assertEquals(5, f0.train()[0]);
        assertEquals(18, f4.train()[18]);
    }

    @Test
    void foldOfAgreesWithTheSplits() {
        for (int count : new int[] {5, 7, 23, 40}) {
            int[] foldOf = KFold.foldOf(count, 5);
            for (int f = 0; f < 5; f++) {
                int[] test = KFold.split(count, 5, f).test();
                assertEquals(KFold.size(count, 5, f), test.length);
                for (int r : test) {
                    assertEquals(f, foldOf[r], "item " + r + " of " + count);
                }
            }
        }
        // scikit-learn: 7 items in 5 folds are 2, 2, 1, 1, 1
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 3, 4}, KFold.foldOf(7, 5));
    }
}

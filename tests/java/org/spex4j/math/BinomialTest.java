package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binomial and subset helpers behind SPEX.md §3.2–§3.3. */
class BinomialTest {
    @Test
    void matchesPascalsTriangle() {
        long[][] pascal = new long[63][63]; // exact: C(62, 31) < 2^63
        for (int n = 0; n <= 62; n++) {
            pascal[n][0] = 1;
            for (int k = 1; k <= n; k++) {
                pascal[n][k] = pascal[n - 1][k - 1] + (k <= n - 1 ? pascal[n - 1][k] : 0);
            }
            for (int k = 0; k <= n; k++) {
                assertEquals((double) pascal[n][k], Binomial.of(n, k), 0.0, "C(" + n + "," + k + ")");
            }
            assertEquals(0.0, Binomial.of(n, n + 1));
            assertEquals(0.0, Binomial.of(n, -1));
        }
        assertEquals(1.0 + 10 + 45, Binomial.subsetsUpTo(10, 2));
        assertEquals(1.0, Binomial.of(1000, 1000));
        assertEquals(1.0089134454556417e29, Binomial.of(100, 50), 1e15); // beyond a long: floating point
        assertEquals(Binomial.of(200, 150), Binomial.of(200, 50), 0.0);
        assertEquals(1024.0, Binomial.subsetsUpTo(10, 20));
        assertRefused(IllegalArgumentException.class, () -> Binomial.of(-1, 0), "n must be >= 0, got -1");
    }

    @Test
    void subsetsAreEnumeratedOnceBySize() {
        List<FeatureSet> seen = new ArrayList<>();
        Subsets.forEach(FeatureSet.of(7, 2, 5), 1, 2, seen::add);
        assertEquals(List.of(FeatureSet.of(2), FeatureSet.of(5), FeatureSet.of(7), FeatureSet.of(2, 5),
                FeatureSet.of(2, 7), FeatureSet.of(5, 7)), seen);
        seen.clear();
        Subsets.forEach(FeatureSet.EMPTY, 0, 3, seen::add);
        assertEquals(List.of(FeatureSet.EMPTY), seen);
        seen.clear();
        Subsets.forEach(FeatureSet.of(0, 1, 2, 3, 4, 5), 0, 6, seen::add);
        assertEquals(64, seen.size());
        assertEquals(64, seen.stream().distinct().count());
    }
}

package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;

/** Assertions on coefficient maps. */
final class Checks {
    private Checks() {
    }

    /** Every key of either map has the same value in both, to {@code tol} (absent = 0). */
    static void assertSameCoefficients(SparseCoefficients expected, SparseCoefficients actual, double tol,
            String what) {
        Set<FeatureSet> keys = new HashSet<>(expected.asMap().keySet());
        keys.addAll(actual.asMap().keySet());
        for (FeatureSet k : keys) {
            assertEquals(expected.value(k), actual.value(k), tol, what + ": coefficient of " + k);
        }
    }

    static void assertArrayClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + ": element " + i);
        }
    }
}

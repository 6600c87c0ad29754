package org.spex4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The shared argument checks and their wording. */
class RequireTest {
    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void rangesIncludeBothEnds() {
        assertEquals(1, Require.inRange("b", 1, 1, 20));
        assertEquals(20, Require.inRange("b", 20, 1, 20));
        assertEquals("b must be in 1..20, got 0", message(() -> Require.inRange("b", 0, 1, 20)));
        assertEquals("b must be in 1..20, got 21", message(() -> Require.inRange("b", 21, 1, 20)));
    }

    @Test
    void lowerBounds() {
        assertEquals(0, Require.atLeast("threads", 0, 0));
        assertEquals("threads must be >= 0, got -1", message(() -> Require.atLeast("threads", -1, 0)));
    }

    @Test
    void fractionsExcludeZeroAndNaN() {
        assertEquals(1.0, Require.fraction("energy", 1.0));
        assertEquals("energy must be in (0, 1], got 0.0", message(() -> Require.fraction("energy", 0)));
        assertEquals("energy must be in (0, 1], got 1.5", message(() -> Require.fraction("energy", 1.5)));
        assertEquals("energy must be in (0, 1], got NaN", message(() -> Require.fraction("energy", Double.NaN)));
    }
}

package org.spex4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The refusal assertion passes only for the expected type with every fragment in the message. */
class RefusalsTest {
    private static void refuse(String message) {
        throw new IllegalArgumentException(message);
    }

    @Test
    void passesWithEveryFragmentAndReturnsTheException() {
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class,
                () -> refuse("b must be in 1..20, got 30"), "b must be in 1..20", "got 30");
        assertEquals("b must be in 1..20, got 30", e.getMessage());
        // a subtype counts, as with assertThrows
        assertRefused(RuntimeException.class, () -> refuse("n must be >= 1, got 0"), "got 0");
    }

    @Test
    void failsShowingTheActualMessage() {
        AssertionFailedError missing = assertThrows(AssertionFailedError.class,
                () -> assertRefused(IllegalArgumentException.class, () -> refuse("k must be >= 0, got -1"), "got -2"));
        assertTrue(missing.getMessage().contains("lacks \"got -2\"")
                && missing.getMessage().contains("k must be >= 0, got -1"), missing.getMessage());
        AssertionFailedError none = assertThrows(AssertionFailedError.class,
                () -> assertRefused(IllegalArgumentException.class, () -> refuse(null), "got"));
        assertTrue(none.getMessage().contains("without a message"), none.getMessage());
        assertThrows(AssertionFailedError.class,
                () -> assertRefused(IllegalStateException.class, () -> refuse("closed"), "closed"));
        assertThrows(AssertionFailedError.class, () -> assertRefused(IllegalArgumentException.class, () -> { }, "x"));
    }

    @Test
    void needsAFragment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> assertRefused(IllegalArgumentException.class, () -> refuse("anything")));
        assertTrue(e.getMessage().contains("at least one fragment"), e.getMessage());
    }
}

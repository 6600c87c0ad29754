package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;

/** Index names (SPEX.md §3.3–§3.4). */
class IndexTest {
    @Test
    void parsesIgnoringCase() {
        for (Index index : Index.values()) {
            assertEquals(index, Index.parse(index.name()));
            assertEquals(index, Index.parse(index.name().toLowerCase()));
        }
        assertEquals(Index.FSII, Index.parse(" FsIi "));
        assertEquals(Index.MOBIUS, Index.parse("Moebius"));
        assertEquals(Index.KSII, Index.parse("k-SII"));
        assertEquals(10, Index.values().length);
    }

    @Test
    void rejectsUnknownNamesListingValidOnes() {
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class, () -> Index.parse("kk-SII"),
                "unknown index 'kk-SII'");
        for (Index index : Index.values()) {
            assertTrue(e.getMessage().contains(index.name().toLowerCase(java.util.Locale.ROOT)), e.getMessage());
        }
        assertRefused(IllegalArgumentException.class, () -> Index.parse(null), "no index given: use one of fourier, ");
        assertRefused(IllegalArgumentException.class, () -> Index.parse(""), "unknown index '': use one of fourier, ");
    }
}

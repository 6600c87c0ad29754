package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library keeps DJL offline by itself, not only when the command line starts it. */
class HfTokenizerFileTest {
    @Test
    void openingATokenizerKeepsDjlOfflineAndLeavesACallersSettingAlone() {
        String before = System.getProperty("ai.djl.offline");
        try {
            System.clearProperty("ai.djl.offline");
            assertThrows(IllegalArgumentException.class, () -> HfTokenizerFile.open(Path.of("/no/such.json")));
            assertEquals("true", System.getProperty("ai.djl.offline"));
            System.setProperty("ai.djl.offline", "false");  // the caller decided: kept
            assertThrows(IllegalArgumentException.class, () -> HfTokenizerFile.open(Path.of("/no/such.json")));
            assertEquals("false", System.getProperty("ai.djl.offline"));
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", before);
            }
        }
    }
}

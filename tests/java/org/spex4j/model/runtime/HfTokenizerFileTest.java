package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library keeps DJL offline by itself, not only when the command line starts it. */
class HfTokenizerFileTest {
    @Test
    void openingATokenizerKeepsDjlOfflineAndLeavesACallersSettingAlone() {
        String before = System.getProperty("ai.djl.offline");
        try {
            System.clearProperty("ai.djl.offline");
            assertRefused(IllegalArgumentException.class, () -> HfTokenizerFile.open(Path.of("/no/such.json")),
                    "tokenizer file /no/such.json does not exist");
            assertEquals("true", System.getProperty("ai.djl.offline"));
            System.setProperty("ai.djl.offline", "false");  // the caller decided: kept
            assertRefused(IllegalArgumentException.class, () -> HfTokenizerFile.open(Path.of("/no/such.json")),
                    "tokenizer file /no/such.json does not exist");
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

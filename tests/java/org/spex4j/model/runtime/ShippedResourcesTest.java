package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class-path model files copied into the cache directory, and reused from it. */
class ShippedResourcesTest {
    static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    @Test
    void copiesOnceIntoTheCacheAndNamesAMissingDependency(@TempDir Path cache) throws IOException {
        String before = System.getProperty("spex4j.cache");
        System.setProperty("spex4j.cache", cache.toString());
        try {
            assertEquals(cache, ShippedResources.cacheDir());
            Path file = ShippedResources.file(TOKENIZER, "the tokenizer's artifact");
            assertEquals(cache.resolve(TOKENIZER), file);
            try (InputStream in = getClass().getResourceAsStream("/" + TOKENIZER)) {
                assertArrayEquals(in.readAllBytes(), Files.readAllBytes(file));
            }
            long modified = Files.getLastModifiedTime(file).toMillis();
            assertEquals(file, ShippedResources.file(TOKENIZER, "the tokenizer's artifact"));
            assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "a matching copy is reused");
            try (var left = Files.list(cache)) {
                assertEquals(1, left.count(), "no temporary file is left behind");
            }
            assertRefused(IllegalStateException.class,
                    () -> ShippedResources.file("no-such-model.onnx", "group:artifact:1"), "group:artifact:1");
        } finally {
            if (before == null) {
                System.clearProperty("spex4j.cache");
            } else {
                System.setProperty("spex4j.cache", before);
            }
        }
    }
}

package org.spex4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The allocator settings take on glibc (the test JVM runs on Linux without a preloaded allocator), once: a second
 * call gives the same answer without touching the allocator again.
 */
class NativeMemoryTest {
    @Test
    void glibcTakesTheSettingsOnce() throws IOException {
        boolean preloaded = !System.getenv().getOrDefault("LD_PRELOAD", "").isBlank();
        boolean linux = Files.isRegularFile(Path.of("/proc/self/maps"));
        boolean first = NativeMemory.keepFreedMemory();
        if (linux && !preloaded && !"false".equals(System.getProperty("spex4j.keepFreedMemory"))) {
            assertTrue(first, "glibc's mallopt accepted the thresholds");
        }
        assertEquals(first, NativeMemory.keepFreedMemory());
        assertTrue(NativeMemory.MMAP_THRESHOLD <= 32 << 20, "glibc refuses mmap thresholds above 32 MB on 64-bit");
    }
}

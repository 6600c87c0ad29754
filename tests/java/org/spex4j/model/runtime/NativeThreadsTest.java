package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;

/** The process-wide LibTorch and OpenBLAS thread settings. */
class NativeThreadsTest {
    @Test
    void setsAndReadsBothPoolsAndRefusesFewerThanOne() {
        int torchBefore = NativeThreads.torchThreads(), blasBefore = NativeThreads.blasThreads();
        try {
            NativeThreads.setTorchThreads(1);
            NativeThreads.setBlasThreads(1);
            assertEquals(1, NativeThreads.torchThreads());
            assertEquals(1, NativeThreads.blasThreads());
        } finally {
            NativeThreads.setTorchThreads(torchBefore);
            NativeThreads.setBlasThreads(blasBefore);
        }
        assertRefused(IllegalArgumentException.class, () -> NativeThreads.setTorchThreads(0),
                "threads must be >= 1, got 0");
        assertRefused(IllegalArgumentException.class, () -> NativeThreads.setBlasThreads(-1),
                "BLAS threads must be >= 1, got -1");
    }
}

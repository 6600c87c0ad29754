package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertThrows(IllegalArgumentException.class, () -> NativeThreads.setTorchThreads(0));
        assertThrows(IllegalArgumentException.class, () -> NativeThreads.setBlasThreads(-1));
    }
}

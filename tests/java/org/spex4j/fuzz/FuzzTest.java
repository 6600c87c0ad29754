package org.spex4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.spex4j.ForkedJvm;

/**
 * The fuzzer for a bounded time with a fixed seed, in a forked JVM: it must end alive (no JVM crash, no hang), with
 * no unexpected exception, having made calls into every target. {@code tests/fuzz} runs it for longer.
 */
class FuzzTest {
    static final long SECONDS = 25;
    static final long SEED = 20;

    @Test
    void nothingCrashesTheJvmOrThrowsUnexpectedly() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(Fuzz.class, 2048, SECONDS + 90, String.valueOf(SECONDS),
                String.valueOf(SEED));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.crashReport().isEmpty(), r.describe());
        Matcher m = Pattern.compile("fuzz: (\\d+) calls, (\\d+) files mutated, 0 unexpected").matcher(r.output());
        assertTrue(m.find(), r.describe());
        assertTrue(Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(2)) > 0, r.describe());
        for (String target : new String[] {"fwht", "designMasks", "uniqueRows", "bchDecode", "detectAndPeel",
            "maskExpansion", "safetensors", "llama2cCheckpoint", "llama2cTokenizer", "tokenizerJson", "coefficients",
            "onnxWeights"}) {
            assertTrue(Pattern.compile("(?m)^\\s+" + target + "\\s+[1-9]").matcher(r.output()).find(),
                    target + " was called: " + r.describe());
        }
    }
}

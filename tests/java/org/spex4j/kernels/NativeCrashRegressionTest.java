package org.spex4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spex4j.ForkedJvm;

/**
 * The inputs that crashed the JVM (issue 20's kernel crashes, and a tokenizer.json the fuzzer found; the issue's
 * fifth crash, LibTorch loading, is benchmarks/run's), each in its own forked JVM so that a regression fails this
 * test instead of ending the test run.
 */
class NativeCrashRegressionTest {

    @ParameterizedTest
    @ValueSource(strings = {"designMasks", "binMatrix", "expand", "bchClose", "tokenizerJson"})
    void survivesInAForkedJvm(String probe) throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(CrashProbes.class, 256, 120, probe);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("ok " + probe), r.describe());
        assertTrue(r.crashReport().isEmpty(), r.describe());
    }
}

package org.spex4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a fresh JVM, so that a test of "this must not crash the JVM" survives
 * a regression: a crash is a non-zero exit code and an hs_err report, not the end of the test run.
 */
public final class ForkedJvm {
    /** What the child did: its exit code, its stdout and stderr together, and its JVM crash report if any. */
    public record Result(int exitCode, String output, String crashReport) {
        /** A failure message that shows what happened in the child. */
        public String describe() {
            return "exit " + exitCode + "\n" + output + (crashReport.isEmpty() ? "" : "\n--- hs_err ---\n"
                    + crashReport.lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        }
    }

    private ForkedJvm() {}

    /** Runs {@code main} with {@code args} and a heap of {@code heapMb}; waits at most {@code timeoutS} seconds. */
    public static Result run(Class<?> main, int heapMb, long timeoutS, String... args)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("spex4j-fork");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-XX:-CreateCoredumpOnCrash",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();  // a hang is a failure too (the JVM once hung in error reporting)
                return new Result(-1, "timed out after " + timeoutS + " s\n" + read(out), read(dir.resolve("hs_err.log")));
            }
            return new Result(p.exitValue(), read(out), read(dir.resolve("hs_err.log")));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String read(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }
}

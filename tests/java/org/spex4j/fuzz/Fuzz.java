package org.spex4j.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bytedeco.javacpp.PointerScope;

/**
 * A seeded, time-bounded fuzzer over every public native entry point (through the Java API: {@link KernelTargets})
 * and every file parser (mutated model, tokenizer and coefficient files: {@link FileTargets}). The JVM must survive
 * every input, and every refusal must be an IllegalArgumentException or IllegalStateException with a message; any
 * other exception is a finding. It prints its seed first, so a crash (the JVM dies, hs_err names the frame) is
 * reproduced by running the same seed again.
 *
 * <pre>
 *   tests/fuzz [SECONDS [SEED]]     # default: 600 s and a random seed; FuzzTest runs 25 s with seed 20 in CI
 * </pre>
 *
 * Exit code: 0 when nothing unexpected happened, 3 when some call threw something else (listed).
 */
public final class Fuzz {
    /** One kind of call: does something with random input drawn from {@code r}. */
    interface Target {
        void run(SplittableRandom r, Fuzz f) throws Exception;
    }

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new TreeMap<>();   // target -> {calls, refused}
    private final Map<String, String> findings = new TreeMap<>(); // "target: exception class" -> first message
    final Path work;
    long filesMutated;

    Fuzz(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : new java.security.SecureRandom().nextLong();
        System.out.println("fuzz: seed " + seed + ", " + seconds + " s");
        Path work = Files.createTempDirectory("spex4j-fuzz");
        Fuzz f = new Fuzz(work);
        KernelTargets.register(f);
        FileTargets.register(f);
        f.run(new SplittableRandom(seed), seconds * 1000);
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(work);
        System.exit(f.findings.isEmpty() ? 0 : 3);
    }

    /** Writes a mutation of {@code seed} ({@link FileTargets#mutate}) to the work folder and returns its path. */
    Path mutated(SplittableRandom r, byte[] seed, String name, boolean text) throws java.io.IOException {
        Path p = work.resolve(name);
        Files.write(p, FileTargets.mutate(r, seed, text));
        filesMutated++;
        return p;
    }

    void add(String name, Target t) {
        targets.put(name, t);
    }

    void run(SplittableRandom r, long millis) {
        List<String> names = new ArrayList<>(targets.keySet());
        long deadline = System.currentTimeMillis() + millis, calls = 0;
        while (System.currentTimeMillis() < deadline) {
            String name = names.get(r.nextInt(names.size()));
            long[] c = counts.computeIfAbsent(name, k -> new long[2]);
            c[0]++;
            calls++;
            try (PointerScope scope = new PointerScope()) {
                targets.get(name).run(r.split(), this);
            } catch (IllegalArgumentException | IllegalStateException e) {
                c[1]++;
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    findings.putIfAbsent(name + ": " + e.getClass().getName() + " without a message", "");
                }
            } catch (Throwable e) {
                if (e.getClass().getName().equals("org.spex4j.cli.UsageException")) {
                    c[1]++;
                    continue;
                }
                StackTraceElement[] at = e.getStackTrace();
                findings.putIfAbsent(name + ": " + e.getClass().getName(), e.getMessage()
                        + (at.length > 0 ? " at " + at[0] : ""));
            }
        }
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            System.out.printf("  %-22s %8d calls %8d refused%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        findings.forEach((k, v) -> System.out.println("FINDING " + k + ": " + v));
        System.out.println("fuzz: " + calls + " calls, " + filesMutated + " files mutated, " + findings.size()
                + " unexpected exceptions, 0 crashes (this JVM is alive)");
    }

    // ------------------------------------------------------------------------------------------------ random input

    /** Mostly small values near the edges of {@code lo..hi}, sometimes a value that breaks size arithmetic. */
    static int size(SplittableRandom r, int lo, int hi) {
        return switch (r.nextInt(8)) {
            case 0 -> lo - 1 - r.nextInt(2);
            case 1 -> hi + 1 + r.nextInt(2);
            case 2 -> new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 16, 46341, 1 << 30, -1}[r.nextInt(6)];
            default -> lo + r.nextInt(hi - lo + 1);
        };
    }

    /** A double from the edges of the line as often as from its middle. */
    static double value(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> (r.nextBoolean() ? 1 : -1) * Double.MAX_VALUE;
            case 3 -> 0.0;
            case 4 -> Double.MIN_VALUE;
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4));
        };
    }

    static double[] values(SplittableRandom r, int length) {
        double[] v = new double[Math.max(0, length)];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(r);
        }
        return v;
    }
}

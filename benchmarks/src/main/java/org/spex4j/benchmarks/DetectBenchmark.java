package org.spex4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.BinMatrix;
import org.spex4j.kernels.DetectParams;
import org.spex4j.kernels.Detections;
import org.spex4j.kernels.Kernels;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexDesign;

/**
 * One detection pass, {@code Kernels.cpu().detect(code, bins, params)}, over all C·2^b = 768 bins of the first
 * peeling iteration of {@link Workload} (C = 3, b = 8, n = 1000, t = 5, P = 56 delays: U holds 43,008 doubles).
 * The parameters are SpexExplainer's defaults: zeroton cutoff 1e-9 (noise sd not given, as with a real model),
 * residual cutoff 0.9, Chase depth 2t = 10; kernel threads 0 (all cores, SpexExplainer's default; the host's count
 * is in the summary header) or 1.
 *
 * <p>Detection clears the to-check marks, so {@code detect} first rebuilds a fresh {@link BinMatrix} from a copy of
 * U (a 344 KB clone, the constructor's check of the 3,000 subsampling rows, and a new mark array) and then runs
 * the pass. {@code copyOnly} times just that rebuild, so detection alone is {@code detect − copyOnly}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DetectBenchmark {
    private final Kernels kernels = Kernels.cpu();
    private BchCode code;
    private double[] u;
    private int[] mrows;
    private int delays;

    /** The decoder and the kernel's thread count (0 = all cores), parameters of {@code detect} only. */
    @State(Scope.Thread)
    public static class DecoderChoice {
        @Param({"soft", "hard"})
        public String decoder;

        @Param({"0", "1"})
        public int threads;

        DetectParams params;

        @Setup(Level.Trial)
        public void setup() {
            params = new DetectParams(1e-9, 0.9, decoder.equals("soft"), Workload.CHASE_DEPTH, threads);
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        code = BchCode.create(Workload.N, Workload.T);
        SpexDesign design = Workload.design(code);
        u = Workload.observations(design, kernels);
        mrows = design.mrows();
        delays = design.delays();
        for (String decoder : new String[] {"soft", "hard"}) {
            DetectParams p = new DetectParams(1e-9, 0.9, decoder.equals("soft"), Workload.CHASE_DEPTH, 0);
            BinMatrix bins = fresh();
            Detections det = kernels.detect(code, bins, p);
            int open = 0;
            for (byte c : bins.toCheck()) {
                open += c;
            }
            System.out.printf("[detect %s] %d bins, %d singletons, %d BCH decodes, %d bins left to check%n",
                    decoder, bins.toCheck().length, det.count(), det.decodes(), open);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        code.close();
    }

    private BinMatrix fresh() {
        return new BinMatrix(SpexConfig.GROUPS, delays, Workload.B, Workload.N, u.clone(), mrows);
    }

    /** Rebuild a fresh BinMatrix, then one detection pass. */
    @Benchmark
    public Detections detect(DecoderChoice choice) {
        return kernels.detect(code, fresh(), choice.params);
    }

    /** The rebuild alone, to subtract from {@code detect}. */
    @Benchmark
    public BinMatrix copyOnly() {
        return fresh();
    }
}

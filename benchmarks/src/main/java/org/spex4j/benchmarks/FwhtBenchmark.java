package org.spex4j.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spex4j.kernels.Kernels;

/**
 * The in-place CPU Walsh–Hadamard transform of one row of 2^b doubles ({@code Kernels.cpu().fwht(data, 1, b, scale)}),
 * against a {@code System.arraycopy} of the same 8·2^b bytes as a memory-bandwidth baseline in the same run.
 *
 * <p><b>Throughput.</b> Scores are operations (transforms or copies of one row) per second. The summary derives
 * <em>rows/s</em> = ops/s (one row per op) and <em>GB/s</em> = ops/s · 8·2^b / 10^9: the bytes of the row processed
 * per second, the same definition for both benchmarks. It is not the memory traffic: a copy reads and writes the row
 * once (2·8·2^b bytes moved), the FWHT reads and writes it b times (the first 12 butterfly stages run on
 * cache-sized blocks of 4096 values, the wider ones sweep the row) plus a scaling pass.
 *
 * <p><b>Bounded data.</b> The scaled transform is not an involution: H·H = N·I with N = 2^b, so x → Hx/N shrinks
 * generic data by about √N per call and, repeated a few hundred times, walks it through subnormal numbers (slow on
 * x86) to zero. Successive calls therefore alternate {@code scale = true} and {@code scale = false}: each pair maps
 * x → H(Hx)/N = x exactly (up to rounding), so the data stays at its initial magnitude for the whole run, as
 * {@link #verify} checks at setup. Half of the calls thus skip the scaling pass (one multiply per value, next to b
 * add/subtract passes); the score is the mean over scaled and unscaled transforms.
 *
 * <p>One row runs on one thread (the kernel parallelises over rows only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FwhtBenchmark {
    @Param({"8", "12", "16", "20"})
    public int b;

    private final Kernels kernels = Kernels.cpu();
    private double[] data;
    private double[] src;
    private double[] dst;
    private boolean scale;

    @Setup
    public void setup() {
        int size = 1 << b;
        SplittableRandom random = new SplittableRandom(42 + b);
        data = new double[size];
        for (int i = 0; i < size; i++) {
            data[i] = 2 * random.nextDouble() - 1;
        }
        src = data.clone();
        dst = new double[size];
        verify(kernels, data.clone(), b);
        scale = true;
    }

    /** Checks that alternating scaled and unscaled transforms keep the data bounded and exact; fails otherwise. */
    static void verify(Kernels kernels, double[] x, int b) {
        double[] original = x.clone();
        double max0 = maxAbs(original);
        boolean s = true;
        for (int call = 1; call <= 1000; call++) {
            kernels.fwht(x, 1, b, s);
            s = !s;
            double max = maxAbs(x);
            if (!(max > 1e-6 * max0 && max < 1e6 * max0) || !Double.isFinite(max)) {
                throw new IllegalStateException("FWHT data unbounded after " + call + " calls: max |x| = " + max);
            }
        }
        double err = 0;
        for (int i = 0; i < x.length; i++) {
            err = Math.max(err, Math.abs(x[i] - original[i]));
        }
        if (err > 1e-9 * max0) {
            throw new IllegalStateException("1000 alternating FWHT calls drifted by " + err);
        }
        // the scaled transform alone shrinks by N per pair of calls: H(Hx/N)/N = x/N
        double[] y = original.clone();
        kernels.fwht(y, 1, b, true);
        kernels.fwht(y, 1, b, true);
        if (Math.abs(y[0] * (1 << b) - original[0]) > 1e-9 * max0) {
            throw new IllegalStateException("scaled FWHT twice is not x/N");
        }
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** One in-place transform of the row; scale alternates so that each pair of calls is the identity. */
    @Benchmark
    public double[] fwht() {
        kernels.fwht(data, 1, b, scale);
        scale = !scale;
        return data;
    }

    /** Baseline: copy the same 8·2^b bytes. */
    @Benchmark
    public double[] copy() {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }
}

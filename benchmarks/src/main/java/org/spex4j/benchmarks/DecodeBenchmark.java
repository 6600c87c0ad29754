package org.spex4j.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spex4j.kernels.BchCode;

/**
 * BCH decoding of one bin's parity word for n = 1000 features and radius t = 5 (m = 11, r = 55 parity bits),
 * through the public {@link BchCode} API: each op is one {@code decodeHard} or {@code decodeSoft} call, including
 * the JNI crossing and the small Java arrays it allocates.
 *
 * <ul>
 *   <li>{@code hard}: a codeword of a random k of weight 1..5 with 0..(5 - |k|) parity bits flipped (always
 *       correctable; setup checks each decodes to k).
 *   <li>{@code softSingleton}: Chase depth 10 on a noisy singleton word, soft value ±1 plus N(0, 0.5²) noise (about
 *       one sign flip per word); the pool keeps only words that decode to their k, most of them at the first hard
 *       decode.
 *   <li>{@code softNoise}: Chase depth 10 on pure N(0, 1) noise, the common case for real model outputs: the hard
 *       decode fails and all d(d+1)/2 = 55 Chase patterns run.
 * </ul>
 *
 * Inputs are drawn once per trial into pools of 1024 words and cycled through.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBenchmark {
    static final int N = 1000;
    static final int T = 5;
    static final int DEPTH = 10;
    private static final int POOL = 1024;

    private BchCode code;
    private boolean[][] hardWords;
    private double[][] singletonWords;
    private double[][] noiseWords;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        code = BchCode.create(N, T);
        int r = code.params().r();
        byte[] d = code.delayMatrix();
        SplittableRandom random = new SplittableRandom(2024);

        hardWords = new boolean[POOL][];
        for (int q = 0; q < POOL; q++) {
            int[] k = randomK(random, 1 + random.nextInt(T));
            boolean[] bits = parityBits(d, r, k);
            int flips = random.nextInt(T - k.length + 1);
            for (int p : random.ints(0, r).distinct().limit(flips).toArray()) {
                bits[p] = !bits[p];
            }
            BchCode.Decoded dec = code.decodeHard(bits);
            if (dec == null || !Arrays.equals(dec.k(), k)) {
                throw new IllegalStateException("hard decode of a correctable word failed: k = "
                        + Arrays.toString(k) + ", got " + dec);
            }
            hardWords[q] = bits;
        }

        singletonWords = new double[POOL][];
        int tried = 0;
        for (int q = 0; q < POOL; ) {
            if (++tried > 100 * POOL) {
                throw new IllegalStateException("too few noisy singleton words decode");
            }
            int[] k = randomK(random, 1 + random.nextInt(T));
            boolean[] bits = parityBits(d, r, k);
            double[] soft = new double[r];
            for (int p = 0; p < r; p++) {
                soft[p] = (bits[p] ? -1 : 1) + 0.5 * gaussian(random);
            }
            BchCode.Decoded dec = code.decodeSoft(soft, DEPTH);
            if (dec != null && Arrays.equals(dec.k(), k)) {
                singletonWords[q++] = soft;
            }
        }

        noiseWords = new double[POOL][];
        for (int q = 0; q < POOL; q++) {
            double[] soft = new double[r];
            for (int p = 0; p < r; p++) {
                soft[p] = gaussian(random);
            }
            noiseWords[q] = soft;
        }
        next = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        code.close();
    }

    /** Distinct random features, ascending. */
    static int[] randomK(SplittableRandom random, int weight) {
        return random.ints(0, N).distinct().limit(weight).sorted().toArray();
    }

    /** bits[p-1] = parity bit p of k: the XOR of delay row p over the features of k. */
    static boolean[] parityBits(byte[] delayMatrix, int r, int[] k) {
        boolean[] bits = new boolean[r];
        for (int p = 1; p <= r; p++) {
            int parity = 0;
            for (int f : k) {
                parity ^= delayMatrix[p * N + f];
            }
            bits[p - 1] = parity != 0;
        }
        return bits;
    }

    static double gaussian(SplittableRandom random) {
        double u, v, s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (POOL - 1);
        return i;
    }

    @Benchmark
    public BchCode.Decoded hard() {
        return code.decodeHard(hardWords[nextIndex()]);
    }

    @Benchmark
    public BchCode.Decoded softSingleton() {
        return code.decodeSoft(singletonWords[nextIndex()], DEPTH);
    }

    @Benchmark
    public BchCode.Decoded softNoise() {
        return code.decodeSoft(noiseWords[nextIndex()], DEPTH);
    }
}

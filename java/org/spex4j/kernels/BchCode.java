package org.spex4j.kernels;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.ToLongFunction;
import org.bytedeco.javacpp.Pointer;

/**
 * A binary narrow-sense BCH code of radius t shortened to n message bits: SPEX's delay design and its decoder
 * (spec/SPEX.md §4.2, §6.3). The native code object is immutable once built, so one instance may serve many
 * threads; {@link #close()} frees it (a cleaner does so too if it is forgotten). Every native call holds a read
 * lock and close takes the write lock, so close waits for running calls and later calls fail with
 * IllegalStateException instead of reading freed memory.
 */
public final class BchCode implements AutoCloseable {
    /** Largest radius the decoders support. */
    public static final int MAX_T = 10;

    private static final Cleaner CLEANER = Cleaner.create();

    /** The sizes of a code: field degree m, length nc = 2^m - 1, dimension kc, redundancy r, delays P = r + 1. */
    public record Params(int n, int t, int m, int nc, int kc, int r) {
        public int delays() {
            return r + 1;
        }
    }

    /** A decoded message: the estimated k (features ascending) and the errors the decoder corrected. */
    public record Decoded(int[] k, int errors) {
        @Override
        public String toString() {
            return "Decoded" + Arrays.toString(k) + " (" + errors + " errors)";
        }
    }

    private final Params params;
    private final Pointer handle;
    private final Cleaner.Cleanable cleanable;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private BchCode(Params params, Pointer handle) {
        this.params = params;
        this.handle = handle;
        this.cleanable = CLEANER.register(this, new Free(handle));
    }

    private record Free(Pointer handle) implements Runnable {
        @Override
        public void run() {
            CpuNative.spex_bch_free(handle);
        }
    }

    /** The sizes of the smallest code of radius t with at least n message bits, found without building it. */
    public static Params params(int n, int t) {
        validate(n, t);
        int[] out = new int[4];
        if (CpuNative.spex_bch_params(n, t, out) != 0) {
            throw new IllegalArgumentException("no BCH code of radius t = " + t + " carries n = " + n
                    + " features with m <= 16; use fewer features or a smaller t (max order)");
        }
        return new Params(n, t, out[0], out[1], out[2], out[3]);
    }

    /** Builds the code for n features and radius t. */
    public static BchCode create(int n, int t) {
        Params p = params(n, t);
        Pointer h = CpuNative.spex_bch_create(n, t);
        if (h == null || h.isNull()) {
            throw new IllegalStateException("native BCH construction failed for n = " + n + ", t = " + t);
        }
        return new BchCode(p, h);
    }

    private static void validate(int n, int t) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (t < 1 || t > MAX_T) {
            throw new IllegalArgumentException("t must be in 1.." + MAX_T + ", got " + t);
        }
    }

    public Params params() {
        return params;
    }

    public int n() {
        return params.n;
    }

    public int t() {
        return params.t;
    }

    /** P = r + 1 delays per group, the zero delay included. */
    public int delays() {
        return params.delays();
    }

    /** g(x): r + 1 coefficients, index = degree. */
    public byte[] generator() {
        byte[] g = new byte[params.r + 1];
        withHandle(h -> CpuNative.spex_bch_generator(h, g));
        return g;
    }

    /** D: P rows of n bits (row-major), row 0 zero; D[p][i] is the p-th parity bit of message e_i. */
    public byte[] delayMatrix() {
        byte[] d = new byte[params.delays() * params.n];
        withHandle(h -> CpuNative.spex_bch_delays(h, d));
        return d;
    }

    /** The delay rows packed 64 features to a long ({@link org.spex4j.math.MaskBatch} layout). */
    public long[] packedDelays() {
        byte[] d = delayMatrix();
        int n = params.n, w = (n + 63) >>> 6;
        long[] out = new long[params.delays() * w];
        for (int p = 0; p < params.delays(); p++) {
            for (int i = 0; i < n; i++) {
                if (d[p * n + i] != 0) {
                    out[p * w + (i >>> 6)] |= 1L << (i & 63);
                }
            }
        }
        return out;
    }

    /** Hard-decision decode of the r parity bits ({@code bits[p-1]} = parity bit p); null on failure. */
    public Decoded decodeHard(boolean[] bits) {
        requireLength("bits", bits == null ? -1 : bits.length);
        byte[] h = new byte[bits.length];
        for (int i = 0; i < bits.length; i++) {
            h[i] = (byte) (bits[i] ? 1 : 0);
        }
        int[] k = new int[params.t];
        int[] nerr = new int[1];
        int size = (int) withHandle(c -> CpuNative.spex_bch_decode_hard(c, h, k, nerr));
        return size < 0 ? null : new Decoded(Arrays.copyOf(k, size), nerr[0]);
    }

    /**
     * Chase soft decode of signed soft values ({@code soft[p-1] < 0} means parity bit p is 1, |soft| its
     * reliability) with depth d; null on failure.
     */
    public Decoded decodeSoft(double[] soft, int depth) {
        requireLength("soft", soft == null ? -1 : soft.length);
        if (depth < 0 || depth > 2 * MAX_T) {
            throw new IllegalArgumentException("Chase depth must be in 0.." + (2 * MAX_T) + ", got " + depth);
        }
        int[] k = new int[params.t];
        int[] nerr = new int[1];
        long[] decodes = new long[1];
        int size = (int) withHandle(c -> CpuNative.spex_bch_decode_soft(c, soft, depth, k, nerr, decodes));
        return size < 0 ? null : new Decoded(Arrays.copyOf(k, size), nerr[0]);
    }

    private void requireLength(String what, int length) {
        if (length != params.r) {
            throw new IllegalArgumentException(what + " must have r = " + params.r + " entries (n = " + params.n
                    + ", t = " + params.t + "), got " + (length < 0 ? "null" : String.valueOf(length)));
        }
    }

    /**
     * Runs {@code call} on the native code object under the read lock, so that {@link #close()} cannot free it
     * meanwhile; fails once closed.
     */
    long withHandle(ToLongFunction<Pointer> call) {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            if (handle.isNull()) {
                throw new IllegalStateException("this BchCode is closed");
            }
            return call.applyAsLong(handle);
        } finally {
            r.unlock();
            Reference.reachabilityFence(this);  // the cleaner must not free the code while native code runs
        }
    }

    /** Frees the native code object once the calls running now have returned; later calls throw. */
    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        try {
            if (!handle.isNull()) {
                cleanable.clean();
                handle.setNull();
            }
        } finally {
            w.unlock();
        }
    }
}

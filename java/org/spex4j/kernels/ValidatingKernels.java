package org.spex4j.kernels;

import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;

/**
 * Argument checks and result unpacking shared by the CPU and CUDA kernels: subclasses supply only the native
 * calls, so both back ends see exactly the same validated input.
 */
abstract class ValidatingKernels implements Kernels {

    protected abstract void fwhtNative(double[] data, int rows, int b, boolean scale);

    protected abstract void fwhtNative(float[] data, int rows, int b, boolean scale);

    /**
     * Runs detection into the output arrays (capacity C * 2^b) and returns the number of singletons; {@code code}
     * is the BCH code's native handle, valid for the call ({@link BchCode#withHandle}).
     */
    protected abstract long detectNative(Pointer code, BinMatrix bins, DetectParams params, int[] outGroup,
            int[] outBin, int[] outK, int[] outSize, double[] outValue, long[] decodes);

    @Override
    public final void fwht(double[] data, int rows, int b, boolean scale) {
        checkTransform(data == null ? -1 : data.length, rows, b);
        fwhtNative(data, rows, b, scale);
    }

    @Override
    public final void fwht(float[] data, int rows, int b, boolean scale) {
        checkTransform(data == null ? -1 : data.length, rows, b);
        fwhtNative(data, rows, b, scale);
    }

    private static void checkTransform(long length, int rows, int b) {
        if (b < 0 || b > MAX_B) {
            throw new IllegalArgumentException("b must be in 0.." + MAX_B + ", got " + b);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        long need = (long) rows << b;
        if (length < need) {
            throw new IllegalArgumentException("data must hold rows * 2^b = " + need + " values, got "
                    + (length < 0 ? "null" : String.valueOf(length)));
        }
    }

    @Override
    public final Detections detect(BchCode code, BinMatrix bins, DetectParams params) {
        checkCode(code, bins);
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        long cells = (long) bins.groups() << bins.b();
        int t = code.t();
        if (cells * t > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("C * 2^b * t = " + cells * t + " singleton slots, more than a Java "
                    + "array holds");
        }
        int cap = (int) cells;
        int[] og = new int[cap], ob = new int[cap], ok = new int[cap * t], os = new int[cap];
        double[] ov = new double[cap];
        long[] decodes = new long[1];
        long count = code.withHandle(h -> detectNative(h, bins, params, og, ob, ok, os, ov, decodes));
        if (count < 0) {
            throw new IllegalStateException(name() + " detection failed with native status " + count);
        }
        int c = (int) count;
        int[][] ks = new int[c][];
        for (int q = 0; q < c; q++) {
            ks[q] = Arrays.copyOfRange(ok, q * t, q * t + os[q]);
        }
        return new Detections(Arrays.copyOf(og, c), Arrays.copyOf(ob, c), ks, Arrays.copyOf(ov, c), decodes[0]);
    }

    @Override
    public final void peel(BchCode code, BinMatrix bins, int[][] ks, double[] values) {
        checkCode(code, bins);
        if (ks == null || values == null || ks.length != values.length) {
            throw new IllegalArgumentException("ks and values must be non-null and of equal length");
        }
        int t = code.t();
        if ((long) ks.length * t > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(ks.length + " peeled terms of t = " + t + " slots, more than a Java "
                    + "array holds");
        }
        int[] flat = new int[ks.length * t];
        int[] sizes = new int[ks.length];
        for (int q = 0; q < ks.length; q++) {
            int[] k = ks[q];
            if (k == null || k.length > t) {
                throw new IllegalArgumentException("k " + q + " must have at most t = " + t + " features");
            }
            for (int i = 0; i < k.length; i++) {
                if (k[i] < 0 || k[i] >= bins.n() || (i > 0 && k[i] <= k[i - 1])) {
                    throw new IllegalArgumentException("k " + q + " = " + Arrays.toString(k)
                            + " must be strictly increasing feature indices in 0.." + (bins.n() - 1));
                }
                flat[q * t + i] = k[i];
            }
            sizes[q] = k.length;
        }
        code.withHandle(h -> CpuNative.spex_peel(h, bins.u(), bins.groups(), bins.b(), bins.nativeRows(),
                bins.toCheck(), flat, sizes, values, ks.length));
    }

    @Override
    public final long[] designMasks(int[] mrows, long[] delays, int n, int b, int delayCount, int groups) {
        if (n < 1 || groups < 1 || delayCount < 1) {
            throw new IllegalArgumentException("n, groups and delayCount must be >= 1, got " + n + ", " + groups
                    + ", " + delayCount);
        }
        if (b < 0 || b > MAX_B) {
            throw new IllegalArgumentException("b must be in 0.." + MAX_B + ", got " + b);
        }
        int w = (n + 63) >>> 6;
        // sizes in long: groups * n wraps to 0 as an int for 65536 x 65536, and the native loop would run past mrows
        long rowCount = (long) groups * n;
        if (mrows == null || mrows.length != rowCount) {
            throw new IllegalArgumentException("mrows must hold groups * n = " + rowCount + " rows, got "
                    + (mrows == null ? "null" : mrows.length));
        }
        long delayWords = (long) delayCount * w;
        if (delays == null || delays.length != delayWords) {
            throw new IllegalArgumentException("delays must hold delayCount * words = " + delayWords + " longs, got "
                    + (delays == null ? "null" : delays.length));
        }
        long cells = (long) groups * delayCount * w << b;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the design needs " + cells + " words, more than a Java array holds");
        }
        long[] out = new long[(int) cells];
        CpuNative.spex_design_masks(mrows, delays, n, b, delayCount, groups, out, 0);
        return out;
    }

    @Override
    public final UniqueRows uniqueRows(long[] words, int rows, int wordsPerRow) {
        if (rows < 0 || wordsPerRow < 1) {
            throw new IllegalArgumentException("rows must be >= 0 and wordsPerRow >= 1, got " + rows + ", "
                    + wordsPerRow);
        }
        if (words == null || words.length < (long) rows * wordsPerRow) {
            throw new IllegalArgumentException("words must hold rows * wordsPerRow = " + ((long) rows * wordsPerRow)
                    + " longs");
        }
        int[] inverse = new int[rows];
        long[] first = new long[rows];
        int count = (int) CpuNative.spex_unique_rows(words, rows, wordsPerRow, inverse, first);
        int[] firstRows = new int[count];
        for (int u = 0; u < count; u++) {
            firstRows[u] = (int) first[u];
        }
        return new UniqueRows(inverse, firstRows);
    }

    private static void checkCode(BchCode code, BinMatrix bins) {
        if (code == null || bins == null) {
            throw new IllegalArgumentException("code and bins must not be null");
        }
        if (code.n() != bins.n() || code.delays() != bins.delays()) {
            throw new IllegalArgumentException("the bins (n = " + bins.n() + ", P = " + bins.delays()
                    + ") do not match the code (n = " + code.n() + ", P = " + code.delays() + ")");
        }
    }
}

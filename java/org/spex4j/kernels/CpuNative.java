package org.spex4j.kernels;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of native/include/spex4j/kernels.h (the CPU kernels). Package-private: callers go through
 * {@link CpuKernels}, which validates every argument first. Arrays are pinned, not copied ({@code @CriticalRegion}):
 * the native side calls no JNI and never blocks on the JVM.
 */
@Platform(include = "spex4j/kernels.h", compiler = "cpp17")
final class CpuNative {
    static {
        Loader.load();
    }

    private CpuNative() {}

    static native int spex_keep_freed_memory(int mmapThreshold, int trimThreshold, int topPad);

    @CriticalRegion
    static native int spex_fwht_f64(double[] data, long rows, int b, int scale, int threads);

    @CriticalRegion
    static native int spex_fwht_f32(float[] data, long rows, int b, int scale, int threads);

    static native int spex_bch_params(int n, int t, int[] out4);

    static native @Cast("void*") Pointer spex_bch_create(int n, int t);

    static native void spex_bch_free(@Cast("void*") Pointer code);

    static native int spex_bch_generator(@Cast("const void*") Pointer code, @Cast("uint8_t*") byte[] out);

    static native int spex_bch_delays(@Cast("const void*") Pointer code, @Cast("uint8_t*") byte[] out);

    static native int spex_bch_decode_hard(@Cast("const void*") Pointer code, @Cast("const uint8_t*") byte[] h,
            int[] kOut, int[] nerr);

    static native int spex_bch_decode_soft(@Cast("const void*") Pointer code, double[] s, int depth, int[] kOut,
            int[] nerr, @Cast("int64_t*") long[] decodes);

    @CriticalRegion
    static native long spex_detect(@Cast("const void*") Pointer code, double[] u, int groups, int b, int[] mrows,
            @Cast("uint8_t*") byte[] toCheck, double cutoff, double resCutoff, int soft, int depth, int threads,
            int[] outGroup, int[] outBin, int[] outK, int[] outSize, double[] outValue,
            @Cast("int64_t*") long[] decodes);

    @CriticalRegion
    static native int spex_peel(@Cast("const void*") Pointer code, double[] u, int groups, int b, int[] mrows,
            @Cast("uint8_t*") byte[] toCheck, int[] ks, int[] sizes, double[] values, long count);

    @CriticalRegion
    static native int spex_design_masks(int[] mrows, @Cast("const uint64_t*") long[] delays, int n, int b, int p,
            int groups, @Cast("uint64_t*") long[] out, int threads);

    @CriticalRegion
    static native long spex_unique_rows(@Cast("const uint64_t*") long[] rows, long count, int w, int[] inverse,
            @Cast("int64_t*") long[] first);

    static native int spex_mask_lengths(@Cast("const uint64_t*") long[] masks, long rows, int w,
            @Cast("const int64_t*") long[] baseIds, int baseLen, int[] featStart, int[] featEnd, int n,
            long replaceId, int mode, int[] outLengths);

    static native int spex_expand_masks(@Cast("const uint64_t*") long[] masks, int w, int[] rowIndex, long count,
            @Cast("const int64_t*") long[] baseIds, int baseLen, int[] featStart, int[] featEnd, int n,
            long replaceId, int mode, long padId, int outLen, @Cast("int64_t*") LongPointer outIds,
            @Cast("int64_t*") LongPointer outAttention, @Cast("int64_t*") LongPointer outPositions, int threads);
}

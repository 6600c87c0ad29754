package org.spex4j.kernels;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of cuda/include/spex4j_cuda.h. Built only where nvcc exists (the Maven {@code cuda} profile) and
 * loaded only through {@link Kernels#cudaAvailable()}, which turns a missing library into the CPU path.
 */
@Platform(include = "spex4j_cuda.h", link = "spex4j_cuda", preload = "spex4j_cuda", library = "jnispex4j_cuda",
        compiler = "cpp17")
final class CudaNative {
    static {
        Loader.load();
    }

    private CudaNative() {}

    static native int spex_cuda_device_count();

    static native int spex_cuda_fwht_f64(double[] host, long rows, int b, int scale);

    static native int spex_cuda_fwht_f32(float[] host, long rows, int b, int scale);

    static native long spex_cuda_detect(@Cast("const void*") Pointer code, double[] u, int groups, int b,
            int[] mrows, @Cast("uint8_t*") byte[] toCheck, double cutoff, double resCutoff, int soft, int depth,
            int[] outGroup, int[] outBin, int[] outK, int[] outSize, double[] outValue,
            @Cast("int64_t*") long[] decodes);

    static native int spex_cuda_expand_masks_device(@Cast("const uint64_t*") Pointer masks, int w,
            @Cast("const int32_t*") Pointer rowIndex, long count, @Cast("const int64_t*") Pointer baseIds,
            int baseLen, @Cast("const int32_t*") Pointer featStart, @Cast("const int32_t*") Pointer featEnd, int n,
            long replaceId, int mode, long padId, int outLen, @Cast("int64_t*") Pointer outIds,
            @Cast("int64_t*") Pointer outAttention, @Cast("int64_t*") Pointer outPositions, int device,
            Pointer stream);
}

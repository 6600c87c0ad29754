package org.spex4j.kernels;

import org.bytedeco.javacpp.Pointer;

/**
 * The CUDA kernels (cuda/): the transform and bin detection on the GPU, the rest shared with the CPU. Loaded only
 * when asked for, and only usable where the library was built and a device is present.
 */
final class CudaKernels extends ValidatingKernels {
    private static volatile CudaKernels instance;
    private static volatile String unavailableReason;

    private CudaKernels() {}

    static boolean available() {
        return probe() == null;
    }

    static CudaKernels instance() {
        String reason = probe();
        if (reason != null) {
            throw new IllegalStateException("CUDA kernels unavailable: " + reason);
        }
        return instance;
    }

    /** Null when usable, else why not. Loads the library at most once. */
    private static synchronized String probe() {
        if (instance != null) {
            return null;
        }
        if (unavailableReason != null) {
            return unavailableReason;
        }
        if (Boolean.getBoolean("spex.disableCuda")) {
            return "disabled by -Dspex.disableCuda=true";
        }
        try {
            int devices = CudaNative.spex_cuda_device_count();
            if (devices <= 0) {
                unavailableReason = "no CUDA device (driver or GPU missing)";
                return unavailableReason;
            }
            instance = new CudaKernels();
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            unavailableReason = "the CUDA library was not built on this machine (no nvcc at build time)";
            return unavailableReason;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    protected void fwhtNative(double[] data, int rows, int b, boolean scale) {
        check(CudaNative.spex_cuda_fwht_f64(data, rows, b, scale ? 1 : 0));
    }

    @Override
    protected void fwhtNative(float[] data, int rows, int b, boolean scale) {
        check(CudaNative.spex_cuda_fwht_f32(data, rows, b, scale ? 1 : 0));
    }

    @Override
    protected long detectNative(Pointer code, BinMatrix bins, DetectParams p, int[] og, int[] ob, int[] ok,
            int[] os, double[] ov, long[] decodes) {
        return CudaNative.spex_cuda_detect(code, bins.u(), bins.groups(), bins.b(), bins.nativeRows(),
                bins.toCheck(), p.cutoff(), p.residualCutoff(), p.soft() ? 1 : 0, p.chaseDepth(), og, ob, ok, os,
                ov, decodes);
    }

    private static void check(int status) {
        if (status < 0) {
            throw new IllegalStateException("CUDA kernel failed with status " + status);
        }
    }
}

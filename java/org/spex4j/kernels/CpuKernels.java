package org.spex4j.kernels;

import org.bytedeco.javacpp.Pointer;

/** The CPU kernels: native/include/spex4j, multi-threaded over rows and bins. */
final class CpuKernels extends ValidatingKernels {
    static final CpuKernels INSTANCE = new CpuKernels();

    private CpuKernels() {}

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    protected void fwhtNative(double[] data, int rows, int b, boolean scale) {
        CpuNative.spex_fwht_f64(data, rows, b, scale ? 1 : 0, 0);
    }

    @Override
    protected void fwhtNative(float[] data, int rows, int b, boolean scale) {
        CpuNative.spex_fwht_f32(data, rows, b, scale ? 1 : 0, 0);
    }

    @Override
    protected long detectNative(Pointer code, BinMatrix bins, DetectParams p, int[] og, int[] ob, int[] ok,
            int[] os, double[] ov, long[] decodes) {
        return CpuNative.spex_detect(code, bins.u(), bins.groups(), bins.b(), bins.nativeRows(), bins.toCheck(),
                p.cutoff(), p.residualCutoff(), p.soft() ? 1 : 0, p.chaseDepth(), p.threads(), og, ob, ok, os, ov,
                decodes);
    }
}

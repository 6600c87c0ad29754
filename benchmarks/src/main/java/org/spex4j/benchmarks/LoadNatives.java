package org.spex4j.benchmarks;

import org.bytedeco.javacpp.Loader;
import org.spex4j.kernels.Kernels;

/**
 * Loads every native library the benchmarks use (LibTorch with its OpenBLAS, the spex4j kernels) once, so that
 * JavaCPP extracts them into its cache before any JMH fork starts; benchmarks/run calls it under a lock. A fork then
 * finds every library complete and only reads the cache (see benchmarks/run for why).
 */
public final class LoadNatives {
    private LoadNatives() {}

    public static void main(String[] args) throws Exception {
        Loader.load(org.bytedeco.pytorch.global.torch.class);
        Kernels.cpu().fwht(new double[4], 1, 2, true);
        System.out.println("natives extracted to " + Loader.getCacheDir());
    }
}

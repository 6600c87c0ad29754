package org.spex4j.kernels;

import org.spex4j.util.Enums;

/**
 * The hot loops of SPEX behind one interface, with a CPU and a CUDA implementation of identical semantics.
 *
 * <p>Implementations validate every argument and throw {@link IllegalArgumentException} before any native call, so a
 * bad argument never reaches native code. Obtain one with {@link #cpu()}, {@link #cuda()} or
 * {@link #forDevice(Device)}.
 */
public interface Kernels {
    /** Largest b of a transform: rows of length up to 2^24. */
    int MAX_B = 24;

    /**
     * The device a run asks for (the command line's {@code --device}, parsed once by {@link #parse}): a choice, not
     * yet a place. {@link Kernels#forDevice} resolves it for these kernels, and {@code model.runtime.TorchDevice}'s
     * {@code resolve}, the one conversion to a LibTorch device, for a model's tensors. AUTO picks CUDA when a device
     * is usable, the CPU otherwise, for each separately: the kernels need spex4j's CUDA library, a model the CUDA
     * build of LibTorch.
     */
    enum Device {
        CPU, CUDA, AUTO;

        /** Parses "cpu", "cuda" or "auto" (any case). */
        public static Device parse(String s) {
            return Enums.parse(Device.class, s, "device");
        }
    }

    /** "cpu" or "cuda". */
    String name();

    /**
     * In-place Walsh–Hadamard transform of {@code rows} consecutive rows of length 2^b (natural order), each
     * multiplied by 2^-b when {@code scale} is true.
     */
    void fwht(double[] data, int rows, int b, boolean scale);

    /** The float32 transform, same semantics. */
    void fwht(float[] data, int rows, int b, boolean scale);

    /**
     * One detection pass over every bin of every group (spec §6–§7.1): classifies each bin still marked in
     * {@code bins.toCheck()}, clears the mark of zerotons and multitons, and returns the singletons in
     * (group, bin) order.
     */
    Detections detect(BchCode code, BinMatrix bins, DetectParams params);

    /** Subtracts each {@code values[q] * sig(k_q)} from the bin of k_q in every group and marks those bins. */
    void peel(BchCode code, BinMatrix bins, int[][] ks, double[] values);

    /**
     * The packed query masks of the design: for every group c, delay p and z in [0, 2^b), the mask
     * M_c z + d_p (spec §4.3), group-major then delay then z; {@code mrows} holds C x n rows of M (bit b-1-t of
     * row i is M_c[i][t]) and {@code delays} the P packed delay rows.
     */
    long[] designMasks(int[] mrows, long[] delays, int n, int b, int delayCount, int groups);

    /**
     * The distinct rows of a packed mask matrix ({@code rows} rows of {@code wordsPerRow} longs): for every row the
     * index of its class, classes numbered in order of first appearance, and the first row of each class.
     */
    UniqueRows uniqueRows(long[] words, int rows, int wordsPerRow);

    /** The classes of identical rows: {@code inverse[r]} is row r's class, {@code first[u]} class u's first row. */
    record UniqueRows(int[] inverse, int[] first) {
        public int count() {
            return first.length;
        }
    }

    /** The CPU kernels (always present). */
    static Kernels cpu() {
        return CpuKernels.INSTANCE;
    }

    /** True when the CUDA library is built and a CUDA device is present; never throws. */
    static boolean cudaAvailable() {
        return CudaKernels.available();
    }

    /** The CUDA kernels; throws IllegalStateException with the reason when there is no usable device. */
    static Kernels cuda() {
        return CudaKernels.instance();
    }

    /** The kernels for a device choice: AUTO falls back to the CPU without error. */
    static Kernels forDevice(Device device) {
        switch (device) {
            case CPU:
                return cpu();
            case CUDA:
                return cuda();
            default:
                return cudaAvailable() ? cuda() : cpu();
        }
    }
}

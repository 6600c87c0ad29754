package org.spex4j.model.runtime;

import org.bytedeco.openblas.presets.openblas_nolapack;
import org.bytedeco.pytorch.global.torch;

/**
 * The two native thread pools every model's CPU forward passes run in, both process-wide: LibTorch's intra-op
 * (OpenMP) pool and OpenBLAS's pool. One place sets and reads them, so that no model owns a global setting.
 *
 * <p>On CPU the dense layers run in OpenBLAS, whose own thread pool is sized by {@code OPENBLAS_NUM_THREADS}
 * (default: all cores), while element-wise ops, LayerNorm and attention run in LibTorch's OpenMP pool. With
 * more than one OpenMP thread, OpenMP's default busy-waiting between parallel regions competes with the
 * OpenBLAS threads for the cores: on 2 cores a 1 × 8-token forward took 0.3–0.6 s instead of ~16 ms, and a
 * 64 × 38-token batch ran at half speed. Start the JVM with the environment variable
 * {@code OMP_WAIT_POLICY=PASSIVE} (read once, when the native libraries load), or call
 * {@code setTorchThreads(1)} and let OpenBLAS parallelise the matrix products ({@link #setBlasThreads(int)}). Both
 * pools busy-wait, so on a machine shared with other busy processes, one thread each is often fastest for small
 * batches.
 */
public final class NativeThreads {
    private NativeThreads() {}

    /**
     * Sets LibTorch's intra-op thread count ({@code torch::set_num_threads}; shared by every model).
     */
    public static void setTorchThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        torch.set_num_threads(n);
    }

    /** LibTorch's intra-op thread count. */
    public static int torchThreads() {
        return torch.get_num_threads();
    }

    /**
     * Sets the thread count of OpenBLAS, which runs LibTorch's CPU matrix products (default: the core count or
     * {@code OPENBLAS_NUM_THREADS}). See the class comment for how the two pools interact.
     */
    public static void setBlasThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("BLAS threads must be >= 1, got " + n);
        }
        torchThreads();   // LibTorch (and with it OpenBLAS) loaded first, so the call reaches the library it uses
        openblas_nolapack.blas_set_num_threads(n);
    }

    /**
     * OpenBLAS's thread count: the last value given to {@link #setBlasThreads(int)}, else OpenBLAS's default
     * ({@code OPENBLAS_NUM_THREADS}, {@code GOTO_NUM_THREADS} or {@code OMP_NUM_THREADS}, else the core count).
     */
    public static int blasThreads() {
        torchThreads();
        int n = openblas_nolapack.blas_get_num_threads();   // -1 until set
        if (n > 0) {
            return n;
        }
        for (String var : new String[] {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
            try {
                int v = Integer.parseInt(System.getenv().getOrDefault(var, "").trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // not set or not a number: OpenBLAS ignores it too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}

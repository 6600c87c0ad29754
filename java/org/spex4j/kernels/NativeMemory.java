package org.spex4j.kernels;

/**
 * How the process's C allocator treats memory that forward passes free. LibTorch allocates a pass's activations
 * (megabytes each) and frees them at its end; glibc's malloc by default hands such blocks back to the kernel at
 * once, so every pass faults in fresh zeroed pages: on 2 cores a third of an explanation was system time.
 * {@link #keepFreedMemory()} sets glibc to keep them (blocks up to 32 MB from the heap, the heap trimmed only
 * beyond 1 GB free, 256 MB of headroom per growth), which measured as much as preloading tcmalloc.
 *
 * <p>The settings are process-wide and keep the process at about its peak memory. The system property
 * {@code spex4j.keepFreedMemory=false} leaves glibc's defaults; under another allocator (tcmalloc preloaded, say)
 * the call changes nothing.
 */
public final class NativeMemory {
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    static final int TOP_PAD = 256 << 20;

    private static Boolean applied;

    private NativeMemory() {}

    /**
     * Applies the settings once per process, unless {@code -Dspex4j.keepFreedMemory=false}. Returns whether glibc's
     * allocator took them.
     */
    public static synchronized boolean keepFreedMemory() {
        if (applied == null) {
            applied = !"false".equalsIgnoreCase(System.getProperty("spex4j.keepFreedMemory", "true"))
                    && CpuNative.spex_keep_freed_memory(MMAP_THRESHOLD, TRIM_THRESHOLD, TOP_PAD) == 1;
        }
        return applied;
    }
}

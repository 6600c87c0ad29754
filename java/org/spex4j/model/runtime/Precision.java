package org.spex4j.model.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.spex4j.util.Enums;

/**
 * The number format of a forward pass's matrix products. {@code FP32} everywhere; {@code BF16} keeps the weights
 * of the dense layers in bfloat16 and runs those products through oneDNN's bfloat16 kernels (float32
 * accumulation), which pay only where the CPU has bfloat16 instructions (AVX512-BF16 or AMX) or on a GPU. The
 * feed-forward intermediate (its GELU) is bfloat16 too; embeddings, residuals, layer norms, attention and pooling
 * stay float32.
 */
public enum Precision {
    FP32, BF16;

    public static Precision parse(String s) {
        return Enums.parse(Precision.class, s, "precision");
    }

    /** The precision as the command line spells it. */
    @Override
    public String toString() {
        return Enums.spelling(this);
    }

    private static final boolean CPU_BF16 = readCpuBf16();

    /**
     * Whether this CPU has bfloat16 matrix instructions (the {@code avx512_bf16} or {@code amx_bf16} flag of
     * /proc/cpuinfo). Without them oneDNN emulates bfloat16 and a BF16 pass is slower than FP32.
     */
    public static boolean cpuHasBf16() {
        return CPU_BF16;
    }

    private static boolean readCpuBf16() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.toLowerCase(Locale.ROOT).startsWith("flags")) {
                    return line.contains(" avx512_bf16") || line.contains(" amx_bf16");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: assume no bfloat16 instructions
        }
        return false;
    }
}

package org.spex4j.textgenshap;

import java.util.function.Function;

/** Synthetic output games with known values. */
final class Games {
    private Games() {}

    /** "yes" (output {1}) when features a and b are both kept, else "no" (output {0}). */
    static OutputGame and(int n, int a, int b) {
        return OutputGame.of(n, keep -> new int[] {keep[a] && keep[b] ? 1 : 0});
    }

    /**
     * A weighted voting game with several outputs: the output is the number of thresholds the kept features' total
     * weight passes (so more than two distinct outputs, not symmetric).
     */
    static OutputGame voting(int n, double[] weights, double... thresholds) {
        Function<boolean[], int[]> g = keep -> {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += keep[i] ? weights[i] : 0;
            }
            int level = 0;
            for (double t : thresholds) {
                level += total >= t ? 1 : 0;
            }
            return new int[] {level, 7};
        };
        return OutputGame.of(n, g);
    }
}

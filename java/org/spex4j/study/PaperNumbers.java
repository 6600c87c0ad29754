package org.spex4j.study;

import java.util.Map;

/**
 * The paper's sentiment faithfulness (mean test R² per word-count group; spec/SPEX.md §9.3, from the authors'
 * committed result files). Keys: method spelling, b; values per group 8–15 … 1024–2047 (NaN: not reported).
 */
final class PaperNumbers {
    static final int[] GROUP_LOW = {8, 16, 32, 64, 128, 256, 512, 1024};
    private static final double X = Double.NaN;

    static final Map<String, double[]> R2 = Map.ofEntries(
            Map.entry("spex@8", new double[] {0.997, 0.975, 0.930, 0.872, 0.816, 0.762, 0.729, 0.712}),
            Map.entry("spex-hard@8", new double[] {0.996, 0.968, 0.916, 0.851, 0.789, 0.731, 0.698, 0.681}),
            Map.entry("lime@8", new double[] {0.834, 0.753, 0.674, 0.655, 0.634, 0.620, 0.606, 0.588}),
            Map.entry("banzhaf@8", new double[] {0.834, 0.753, 0.674, 0.655, 0.634, 0.620, 0.606, 0.588}),
            Map.entry("faith-banzhaf-2@8", new double[] {0.958, 0.933, 0.899, X, X, X, X, X}),
            Map.entry("faith-banzhaf-3@8", new double[] {0.990, 0.977, X, X, X, X, X, X}),
            Map.entry("faith-banzhaf-4@8", new double[] {0.997, X, X, X, X, X, X, X}),
            Map.entry("faith-shap-2@8", new double[] {0.929, 0.887, 0.819, X, X, X, X, X}),
            Map.entry("faith-shap-3@8", new double[] {0.982, 0.951, X, X, X, X, X, X}),
            Map.entry("faith-shap-4@8", new double[] {0.996, X, X, X, X, X, X, X}),
            Map.entry("spex@6", new double[] {0.992, 0.947, 0.874, 0.780, 0.674, 0.594, 0.551, 0.519}),
            Map.entry("lime@6", new double[] {0.834, 0.752, 0.672, 0.651, 0.628, 0.608, 0.580, 0.545}),
            Map.entry("spex@4", new double[] {0.970, 0.894, 0.751, 0.592, 0.425, 0.305, 0.253, 0.211}),
            Map.entry("lime@4", new double[] {0.832, 0.748, 0.665, 0.635, 0.605, 0.554, 0.440, 0.209}));

    private PaperNumbers() {}

    /** The paper's mean R² for a method at b in the group starting at {@code low} words, or NaN. */
    static double r2(String method, int b, int low) {
        double[] row = R2.get(method + "@" + b);
        if (row == null) {
            return Double.NaN;
        }
        for (int g = 0; g < GROUP_LOW.length; g++) {
            if (GROUP_LOW[g] == low) {
                return row[g];
            }
        }
        return Double.NaN;
    }

    /** The group (its lowest word count) of a review of n words. */
    static int groupOf(int n) {
        int low = GROUP_LOW[0];
        for (int g : GROUP_LOW) {
            if (n >= g) {
                low = g;
            }
        }
        return low;
    }
}

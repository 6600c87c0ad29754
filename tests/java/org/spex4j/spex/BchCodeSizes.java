package org.spex4j.spex;

/** The spec's code-size table for t = 5 (spec §4.2), independent of the native code search. */
final class BchCodeSizes {
    private BchCodeSizes() {}

    static int delays(int n) {
        int[][] rows = {{2, 11, 21}, {12, 36, 28}, {37, 92, 36}, {93, 215, 41}, {216, 466, 46}, {467, 973, 51},
            {974, 1992, 56}, {1993, 4035, 61}};
        for (int[] r : rows) {
            if (n >= r[0] && n <= r[1]) {
                return r[2];
            }
        }
        throw new IllegalArgumentException("n = " + n + " is outside the table");
    }
}

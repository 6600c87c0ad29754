package org.spex4j.textgenshap;

import java.util.SplittableRandom;

/** Uniform random orders. */
final class Shuffles {
    private Shuffles() {}

    /** Fisher–Yates shuffle of a copy of {@code values}. */
    static int[] shuffled(int[] values, SplittableRandom random) {
        int[] out = values.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}

package org.spex4j.math;

import java.util.function.Consumer;

/** Enumeration of the subsets of a {@link FeatureSet} by size (conversions §3.2, indices §3.3, regression terms). */
public final class Subsets {
    private Subsets() {
    }

    /**
     * Calls {@code action} once for every subset T of {@code set} with {@code minSize <= |T| <= maxSize}, in order
     * of increasing size, lexicographically within a size.
     */
    public static void forEach(FeatureSet set, int minSize, int maxSize, Consumer<FeatureSet> action) {
        int[] elements = set.toArray();
        int s = elements.length;
        for (int size = Math.max(0, minSize); size <= Math.min(maxSize, s); size++) {
            int[] pos = new int[size];
            for (int i = 0; i < size; i++) {
                pos[i] = i;
            }
            while (true) {
                int[] chosen = new int[size];
                for (int i = 0; i < size; i++) {
                    chosen[i] = elements[pos[i]];
                }
                action.accept(FeatureSet.of(chosen));
                int i = size - 1;
                while (i >= 0 && pos[i] == s - size + i) {
                    i--;
                }
                if (i < 0) {
                    break;
                }
                pos[i]++;
                for (int j = i + 1; j < size; j++) {
                    pos[j] = pos[j - 1] + 1;
                }
            }
        }
    }
}

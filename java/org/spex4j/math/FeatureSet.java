package org.spex4j.math;

import java.util.Arrays;

/**
 * An immutable set of feature indices, kept sorted: the key of a Fourier or Möbius coefficient and of an
 * interaction. {@code FeatureSet.of()} is the empty set (the constant term).
 */
public final class FeatureSet implements Comparable<FeatureSet> {
    public static final FeatureSet EMPTY = new FeatureSet(new int[0]);

    private final int[] features;
    private final int hash;

    private FeatureSet(int[] sortedDistinct) {
        this.features = sortedDistinct;
        this.hash = Arrays.hashCode(sortedDistinct);
    }

    /** The set of the given indices, in any order; duplicates and negative indices are rejected. */
    public static FeatureSet of(int... indices) {
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0) {
                throw new IllegalArgumentException("feature indices must be >= 0, got " + sorted[i]);
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("feature index " + sorted[i] + " appears twice");
            }
        }
        return sorted.length == 0 ? EMPTY : new FeatureSet(sorted);
    }

    /** The set of the bits set in {@code mask} (bit i = feature i), for n &lt;= 64. */
    public static FeatureSet ofBits(long mask) {
        int[] out = new int[Long.bitCount(mask)];
        int c = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            out[c++] = Long.numberOfTrailingZeros(m);
        }
        return out.length == 0 ? EMPTY : new FeatureSet(out);
    }

    public int size() {
        return features.length;
    }

    public boolean isEmpty() {
        return features.length == 0;
    }

    /** The i-th smallest feature index. */
    public int get(int i) {
        return features[i];
    }

    public int[] toArray() {
        return features.clone();
    }

    /** The largest index, or -1 for the empty set. */
    public int max() {
        return features.length == 0 ? -1 : features[features.length - 1];
    }

    public boolean contains(int feature) {
        return Arrays.binarySearch(features, feature) >= 0;
    }

    /** True when every element of this set is in {@code other}. */
    public boolean isSubsetOf(FeatureSet other) {
        int j = 0;
        for (int f : features) {
            while (j < other.features.length && other.features[j] < f) {
                j++;
            }
            if (j == other.features.length || other.features[j] != f) {
                return false;
            }
            j++;
        }
        return true;
    }

    /** The bit mask of this set, for sets whose largest index is below 64. */
    public long toBits() {
        long bits = 0;
        for (int f : features) {
            if (f >= 64) {
                throw new IllegalStateException("feature " + f + " does not fit a 64-bit mask");
            }
            bits |= 1L << f;
        }
        return bits;
    }

    /** The parity of |m ∩ this| for the packed mask row of {@code words} starting at {@code offset}. */
    public int parityIn(long[] words, int offset) {
        int parity = 0;
        for (int f : features) {
            parity ^= (int) (words[offset + (f >>> 6)] >>> (f & 63)) & 1;
        }
        return parity;
    }

    /** True when every feature of this set is kept (bit 1) in the packed mask row at {@code offset}. */
    public boolean allIn(long[] words, int offset) {
        for (int f : features) {
            if (((words[offset + (f >>> 6)] >>> (f & 63)) & 1) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSet && Arrays.equals(features, ((FeatureSet) o).features);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Orders by size, then lexicographically: a stable, readable order for ties. */
    @Override
    public int compareTo(FeatureSet o) {
        if (features.length != o.features.length) {
            return Integer.compare(features.length, o.features.length);
        }
        return Arrays.compare(features, o.features);
    }

    @Override
    public String toString() {
        return Arrays.toString(features);
    }
}

package org.spex4j.baselines;

import java.util.Arrays;
import org.spex4j.math.MaskBatch;

/**
 * A growable list of masks over n features in the {@link MaskBatch} layout (64 features to a {@code long}, bit 1
 * keeps the feature), to which the baselines append their designs before one batched evaluation.
 */
final class PackedMasks {
    private final int n;
    private final int w;
    private long[] words;
    private int rows;

    PackedMasks(int n, int expectedRows) {
        this.n = n;
        this.w = MaskBatch.wordsFor(n);
        long capacity = (long) Math.max(1, expectedRows) * w;
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(expectedRows + " masks over n = " + n + " features do not fit one run");
        }
        this.words = new long[(int) capacity];
    }

    int n() {
        return n;
    }

    int wordsPerRow() {
        return w;
    }

    int rows() {
        return rows;
    }

    /** The packed words; row r starts at {@code r * wordsPerRow()} (shared, valid until the next append). */
    long[] words() {
        return words;
    }

    /** Appends an all-masked row and returns its index. */
    int addEmpty() {
        if ((long) (rows + 1) * w > words.length) {
            long grown = Math.max((long) (rows + 1) * w, 2L * words.length);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more than " + rows + " masks over n = " + n
                        + " features do not fit one run");
            }
            words = Arrays.copyOf(words, (int) grown);
        }
        return rows++;
    }

    /** Appends the row with every feature kept. */
    int addAllKept() {
        int r = addEmpty();
        for (int i = 0; i < n; i++) {
            set(r, i);
        }
        return r;
    }

    /** Appends the row whose kept features are the bits of {@code bits} (n &lt;= 64). */
    int addBits(long bits) {
        int r = addEmpty();
        words[r * w] = bits;
        return r;
    }

    /** Appends the row keeping exactly {@code features}. */
    int addFeatures(int[] features, int count) {
        int r = addEmpty();
        for (int k = 0; k < count; k++) {
            set(r, features[k]);
        }
        return r;
    }

    /** Appends a copy of row {@code row}. */
    int addCopy(int row) {
        int r = addEmpty();
        System.arraycopy(words, row * w, words, r * w, w);
        return r;
    }

    /** Appends the complement of row {@code row}. */
    int addComplement(int row) {
        int r = addEmpty();
        for (int i = 0; i < n; i++) {
            if (!get(row, i)) {
                set(r, i);
            }
        }
        return r;
    }

    void set(int row, int feature) {
        words[row * w + (feature >>> 6)] |= 1L << (feature & 63);
    }

    void clear(int row, int feature) {
        words[row * w + (feature >>> 6)] &= ~(1L << (feature & 63));
    }

    boolean get(int row, int feature) {
        return ((words[row * w + (feature >>> 6)] >>> (feature & 63)) & 1) != 0;
    }

    /** Number of kept features in a row. */
    int keptCount(int row) {
        int c = 0;
        for (int k = 0; k < w; k++) {
            c += Long.bitCount(words[row * w + k]);
        }
        return c;
    }

    /** The first 64 features of a row as bits (the whole row when n &lt;= 64). */
    long bits(int row) {
        return words[row * w];
    }
}

package org.spex4j.math;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A batch of binary feature masks, packed 64 features to a {@code long}: row r, feature i is bit {@code i & 63}
 * of {@code words[r * wordsPerRow + (i >>> 6)]}. Bit 1 keeps feature i, bit 0 masks it (the spec's convention).
 * Bits at positions n and above are always zero.
 */
public final class MaskBatch {
    private final int n;
    private final int rows;
    private final int wordsPerRow;
    private final long[] words;

    /** Wraps {@code words} (not copied) as {@code rows} masks over {@code n} features. */
    public MaskBatch(int n, int rows, long[] words) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        int w = wordsFor(n);
        if (words == null || words.length < (long) rows * w) {
            throw new IllegalArgumentException("a batch of " + rows + " masks over n = " + n + " needs "
                    + ((long) rows * w) + " words, got " + (words == null ? "null" : words.length));
        }
        this.n = n;
        this.rows = rows;
        this.wordsPerRow = w;
        this.words = words;
    }

    /** Number of longs per packed row for n features. */
    public static int wordsFor(int n) {
        return (n + 63) >>> 6;
    }

    /** A batch of {@code rows} all-zero (all-masked) rows. */
    public static MaskBatch zeros(int n, int rows) {
        return new MaskBatch(n, rows, new long[rows * wordsFor(n)]);
    }

    /** One row with every feature kept. */
    public static MaskBatch allKept(int n) {
        MaskBatch b = zeros(n, 1);
        for (int i = 0; i < n; i++) {
            b.set(0, i, true);
        }
        return b;
    }

    /** {@code rows} masks with every bit drawn uniformly. */
    public static MaskBatch uniform(int n, int rows, SplittableRandom random) {
        MaskBatch b = zeros(n, rows);
        int w = b.wordsPerRow;
        long tail = (n & 63) == 0 ? -1L : (1L << (n & 63)) - 1;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < w; k++) {
                long x = random.nextLong();
                b.words[r * w + k] = k == w - 1 ? x & tail : x;
            }
        }
        return b;
    }

    /** A batch from boolean rows (true keeps the feature). */
    public static MaskBatch of(boolean[]... masks) {
        if (masks.length == 0) {
            throw new IllegalArgumentException("at least one mask is needed");
        }
        int n = masks[0].length;
        MaskBatch b = zeros(n, masks.length);
        for (int r = 0; r < masks.length; r++) {
            if (masks[r].length != n) {
                throw new IllegalArgumentException("mask " + r + " has " + masks[r].length + " features, expected " + n);
            }
            for (int i = 0; i < n; i++) {
                b.set(r, i, masks[r][i]);
            }
        }
        return b;
    }

    public int n() {
        return n;
    }

    public int rows() {
        return rows;
    }

    public int wordsPerRow() {
        return wordsPerRow;
    }

    /** The packed words, shared (not copied): row r starts at {@code r * wordsPerRow()}. */
    public long[] words() {
        return words;
    }

    public boolean get(int row, int feature) {
        return ((words[row * wordsPerRow + (feature >>> 6)] >>> (feature & 63)) & 1) != 0;
    }

    public void set(int row, int feature, boolean keep) {
        int idx = row * wordsPerRow + (feature >>> 6);
        long bit = 1L << (feature & 63);
        words[idx] = keep ? words[idx] | bit : words[idx] & ~bit;
    }

    /** Number of kept features in a row. */
    public int keptCount(int row) {
        int c = 0;
        for (int k = 0; k < wordsPerRow; k++) {
            c += Long.bitCount(words[row * wordsPerRow + k]);
        }
        return c;
    }

    /** A copy of the rows {@code from} (inclusive) to {@code to} (exclusive). */
    public MaskBatch slice(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + rows + " rows");
        }
        return new MaskBatch(n, to - from, Arrays.copyOfRange(words, from * wordsPerRow, to * wordsPerRow));
    }

    /** Row r as a 0/1 string, feature 0 first (for messages and tests). */
    public String rowString(int row) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(get(row, i) ? '1' : '0');
        }
        return sb.toString();
    }

    /** A builder of {@code expectedRows} masks (it grows past them) over n features: {@link Builder}. */
    public static Builder builder(int n, int expectedRows) {
        return new Builder(n, expectedRows);
    }

    /**
     * A growable list of masks over n features in this class's layout, to which a method appends its design (all
     * masked, all kept, given bits or features, copies, complements) before one batched evaluation.
     */
    public static final class Builder {
        private final int n;
        private final int w;
        private long[] words;
        private int rows;

        private Builder(int n, int expectedRows) {
            this.n = n;
            this.w = MaskBatch.wordsFor(n);
            long capacity = (long) Math.max(1, expectedRows) * w;
            if (capacity > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(expectedRows + " masks over n = " + n
                        + " features do not fit one run: they need " + capacity + " packed words, one array holds "
                        + (Integer.MAX_VALUE - 8));
            }
            this.words = new long[(int) capacity];
        }

        public int n() {
            return n;
        }

        public int wordsPerRow() {
            return w;
        }

        public int rows() {
            return rows;
        }

        /** The packed words; row r starts at {@code r * wordsPerRow()} (shared, valid until the next append). */
        public long[] words() {
            return words;
        }

        /** Appends an all-masked row and returns its index. */
        public int addEmpty() {
            if ((long) (rows + 1) * w > words.length) {
                long grown = Math.max((long) (rows + 1) * w, 2L * words.length);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("more than " + rows + " masks over n = " + n
                            + " features do not fit one run: they need " + grown + " packed words, one array holds "
                            + (Integer.MAX_VALUE - 8));
                }
                words = Arrays.copyOf(words, (int) grown);
            }
            return rows++;
        }

        /** Appends the row with every feature kept. */
        public int addAllKept() {
            int r = addEmpty();
            for (int i = 0; i < n; i++) {
                set(r, i);
            }
            return r;
        }

        /** Appends the row whose kept features are the bits of {@code bits} (n &lt;= 64). */
        public int addBits(long bits) {
            int r = addEmpty();
            words[r * w] = bits;
            return r;
        }

        /** Appends the row keeping exactly {@code features}. */
        public int addFeatures(int[] features, int count) {
            int r = addEmpty();
            for (int k = 0; k < count; k++) {
                set(r, features[k]);
            }
            return r;
        }

        /** Appends a copy of row {@code row}. */
        public int addCopy(int row) {
            int r = addEmpty();
            System.arraycopy(words, row * w, words, r * w, w);
            return r;
        }

        /** Appends the complement of row {@code row}. */
        public int addComplement(int row) {
            int r = addEmpty();
            for (int i = 0; i < n; i++) {
                if (!get(row, i)) {
                    set(r, i);
                }
            }
            return r;
        }

        public void set(int row, int feature) {
            words[row * w + (feature >>> 6)] |= 1L << (feature & 63);
        }

        public void clear(int row, int feature) {
            words[row * w + (feature >>> 6)] &= ~(1L << (feature & 63));
        }

        public boolean get(int row, int feature) {
            return ((words[row * w + (feature >>> 6)] >>> (feature & 63)) & 1) != 0;
        }

        /** Number of kept features in a row. */
        public int keptCount(int row) {
            int c = 0;
            for (int k = 0; k < w; k++) {
                c += Long.bitCount(words[row * w + k]);
            }
            return c;
        }

        /** The first 64 features of a row as bits (the whole row when n &lt;= 64). */
        public long bits(int row) {
            return words[row * w];
        }

        /** The rows appended so far, as a batch of their own (a copy). */
        public MaskBatch build() {
            return new MaskBatch(n, rows, Arrays.copyOf(words, rows * w));
        }
    }
}

package org.spex4j.math;

import java.util.List;

/**
 * The design columns of a regression on set functions as bits, one column per term over a list of mask rows:
 * the Möbius indicator {@code [T ⊆ m]} (bit 1: the indicator is 1) or the Fourier character
 * {@code (−1)^{|m ∩ T|}} (bit 1: the character is −1). Every Gram entry and every {@code X'y} of such a design is
 * then an exact count: {@code Σ x_a x_b} is {@link #andCount} (indicators) or {@code rows − 2·}{@link #xorCount}
 * (characters). The baselines' set regressions and ProxySPEX's ridge refit both build their normal equations
 * from these.
 */
public final class BitColumns {
    private final long[] bits;
    private final int words;
    private final int columns;
    private final int rows;

    private BitColumns(long[] bits, int words, int columns, int rows) {
        this.bits = bits;
        this.words = words;
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * The columns of {@code terms} in {@code basis} over the mask rows {@code rows} (indices into {@code masks},
     * {@code wordsPerRow} words each, bit 1 keeps a feature); row t of the columns is mask {@code rows[t]}.
     */
    public static BitColumns of(long[] masks, int wordsPerRow, int[] rows, List<FeatureSet> terms, Basis basis) {
        int n = wordsPerRow << 6;
        int m = rows.length;
        int cw = (m + 63) >>> 6;
        long[] feat = new long[n * cw];
        for (int t = 0; t < m; t++) {
            int r = rows[t];
            for (int k = 0; k < wordsPerRow; k++) {
                for (long x = masks[r * wordsPerRow + k]; x != 0; x &= x - 1) {
                    int i = (k << 6) + Long.numberOfTrailingZeros(x);
                    feat[i * cw + (t >>> 6)] |= 1L << (t & 63);
                }
            }
        }
        long tail = (m & 63) == 0 ? -1L : (1L << (m & 63)) - 1;
        int p = terms.size();
        long[] cols = new long[p * cw];
        boolean mobius = basis == Basis.MOBIUS;
        for (int a = 0; a < p; a++) {
            int base = a * cw;
            int[] features = terms.get(a).toArray();
            if (mobius && cw > 0) {
                java.util.Arrays.fill(cols, base, base + cw, -1L);
                cols[base + cw - 1] = tail;
                for (int i : features) {
                    for (int k = 0; k < cw; k++) {
                        cols[base + k] &= feat[i * cw + k];
                    }
                }
            } else if (!mobius) {
                for (int i : features) {
                    for (int k = 0; k < cw; k++) {
                        cols[base + k] ^= feat[i * cw + k];
                    }
                }
            }
        }
        return new BitColumns(cols, cw, p, m);
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The number of columns. */
    public int columns() {
        return columns;
    }

    /** The rows as columns: column r of the result is row r here (the design's rows compared with each other). */
    public BitColumns transpose() {
        int w = (columns + 63) >>> 6;
        long[] out = new long[rows * w];
        for (int a = 0; a < columns; a++) {
            for (int r = 0; r < rows; r++) {
                if (get(a, r)) {
                    out[r * w + (a >>> 6)] |= 1L << (a & 63);
                }
            }
        }
        return new BitColumns(out, w, rows, columns);
    }

    /** Bit {@code row} of column {@code col}. */
    public boolean get(int col, int row) {
        return (bits[col * words + (row >>> 6)] >>> (row & 63) & 1) != 0;
    }

    /** The number of set bits of column {@code a}. */
    public long count(int a) {
        long c = 0;
        for (int k = 0, base = a * words; k < words; k++) {
            c += Long.bitCount(bits[base + k]);
        }
        return c;
    }

    /** The number of rows where both columns are set. */
    public long andCount(int a, int b) {
        long c = 0;
        for (int k = 0, ab = a * words, bb = b * words; k < words; k++) {
            c += Long.bitCount(bits[ab + k] & bits[bb + k]);
        }
        return c;
    }

    /** The number of rows where the columns differ. */
    public long xorCount(int a, int b) {
        long c = 0;
        for (int k = 0, ab = a * words, bb = b * words; k < words; k++) {
            c += Long.bitCount(bits[ab + k] ^ bits[bb + k]);
        }
        return c;
    }

    /** {@code Σ y[t]} over the set rows t of column {@code a}, in row order. */
    public double sum(int a, double[] y) {
        double s = 0;
        for (int k = 0, base = a * words; k < words; k++) {
            for (long x = bits[base + k]; x != 0; x &= x - 1) {
                s += y[(k << 6) + Long.numberOfTrailingZeros(x)];
            }
        }
        return s;
    }
}

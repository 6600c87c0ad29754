package org.spex4j.benchmarks;

import java.util.Arrays;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * A value function that returns precomputed values by looking each mask up in an open-addressing hash table keyed
 * by its packed words: a stand-in for the model whose own cost is a hash of the row plus one or two row
 * comparisons. A mask missing from the table is an error, so the table provably covers every query.
 */
final class LookupValueFunction implements ValueFunction {
    private final int n;
    private final int w;
    private final long[] keys;
    private final double[] values;
    private final int[] slots;
    private final int mask;

    /** A table of {@code rows} masks over n features ({@code words}, packed rows) and their values. */
    LookupValueFunction(int n, long[] words, int rows, double[] values) {
        this.n = n;
        this.w = MaskBatch.wordsFor(n);
        this.keys = Arrays.copyOf(words, rows * w);
        this.values = values.clone();
        int capacity = Integer.highestOneBit(Math.max(2, rows) * 4 - 1);
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        for (int r = 0; r < rows; r++) {
            int s = hash(keys, r * w) & mask;
            while (slots[s] != 0) {
                if (sameRow(keys, slots[s] - 1, keys, r * w)) {
                    throw new IllegalArgumentException("mask row " + r + " repeats row " + (slots[s] - 1));
                }
                s = (s + 1) & mask;
            }
            slots[s] = r + 1;
        }
    }

    private int hash(long[] a, int off) {
        long h = 0x9E3779B97F4A7C15L;
        for (int k = 0; k < w; k++) {
            h = (h ^ a[off + k]) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return (int) (h ^ (h >>> 32));
    }

    private boolean sameRow(long[] table, int row, long[] a, int off) {
        int base = row * w;
        for (int k = 0; k < w; k++) {
            if (table[base + k] != a[off + k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double[] evaluate(MaskBatch batch) {
        if (batch.n() != n) {
            throw new IllegalArgumentException("masks over " + batch.n() + " features for a table of n = " + n);
        }
        long[] words = batch.words();
        double[] out = new double[batch.rows()];
        for (int r = 0; r < out.length; r++) {
            int off = r * w;
            int s = hash(words, off) & mask;
            while (true) {
                int row = slots[s] - 1;
                if (row < 0) {
                    throw new IllegalStateException("mask " + r + " of the batch is not in the lookup table");
                }
                if (sameRow(keys, row, words, off)) {
                    out[r] = values[row];
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        return out;
    }
}

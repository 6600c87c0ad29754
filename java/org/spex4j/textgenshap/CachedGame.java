package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spex4j.math.MaskBatch;

/**
 * A game that values each distinct coalition once: {@link #play} counts every row asked for, answers the coalitions
 * seen before from its cache and hands the new ones, each once and in the order first asked, to {@link #value}.
 */
abstract class CachedGame implements Game {
    private final int n;
    private final CoalitionCache cache = new CoalitionCache();
    private long queries;

    CachedGame(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a game needs at least one feature, got n = " + n);
        }
        this.n = n;
    }

    /** The outcomes of coalitions not played before, one per row of {@code fresh}, in row order. */
    abstract Outcome[] value(MaskBatch fresh);

    @Override
    public final int n() {
        return n;
    }

    @Override
    public final Outcome[] play(MaskBatch coalitions) {
        if (coalitions.n() != n) {
            throw new IllegalArgumentException("coalitions over " + coalitions.n() + " features for a game of " + n);
        }
        Outcome[] out = new Outcome[coalitions.rows()];
        List<Integer> missing = new ArrayList<>();
        MaskBatch fresh = MaskBatch.zeros(n, coalitions.rows());
        int w = coalitions.wordsPerRow();
        for (int r = 0; r < out.length; r++) {
            queries++;
            out[r] = cache.get(coalitions, r);
            if (out[r] == null && !samePending(coalitions, r, missing)) {
                System.arraycopy(coalitions.words(), r * w, fresh.words(), missing.size() * w, w);
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            Outcome[] values = value(fresh.slice(0, missing.size()));
            for (int q = 0; q < values.length; q++) {
                cache.put(coalitions, missing.get(q), values[q]);
            }
            // repeats within this batch read the outcome of their first row
            for (int r = 0; r < out.length; r++) {
                if (out[r] == null) {
                    out[r] = cache.get(coalitions, r);
                }
            }
        }
        return out;
    }

    /** Whether row r repeats a row already waiting to be valued. */
    private static boolean samePending(MaskBatch b, int r, List<Integer> pending) {
        int w = b.wordsPerRow();
        for (int q : pending) {
            if (Arrays.equals(b.words(), r * w, r * w + w, b.words(), q * w, q * w + w)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public final long queries() {
        return queries;
    }
}

package org.spex4j.textgenshap;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.DistinctQueries;

/**
 * A game that values each distinct coalition once: {@link #play} numbers every row asked for with the shared
 * {@link DistinctQueries} (which counts them), answers the coalitions seen before from the outcomes kept by number,
 * and hands the new ones, each once and in the order first asked, to its valuation in one call.
 */
final class CachedGame implements Game {
    /** The outcomes of coalitions not played before, one per row of {@code fresh}, in row order. */
    @FunctionalInterface
    interface Valuation {
        Outcome[] value(MaskBatch fresh);
    }

    private final int n;
    private final boolean indicator;
    private final Valuation valuation;
    private final DistinctQueries<LongBuffer> coalitions = new DistinctQueries<>();
    private final List<Outcome> outcomes = new ArrayList<>();  // by coalition number

    CachedGame(int n, boolean indicator, Valuation valuation) {
        if (n < 1) {
            throw new IllegalArgumentException("a game needs at least one feature, got n = " + n);
        }
        this.n = n;
        this.indicator = indicator;
        this.valuation = valuation;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public boolean indicator() {
        return indicator;
    }

    @Override
    public Outcome[] play(MaskBatch batch) {
        if (batch.n() != n) {
            throw new IllegalArgumentException("coalitions over " + batch.n() + " features for a game of " + n);
        }
        int rows = batch.rows(), w = batch.wordsPerRow();
        List<LongBuffer> keys = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            keys.add(LongBuffer.wrap(Arrays.copyOfRange(batch.words(), r * w, r * w + w)));
        }
        int known = coalitions.distinct();
        int[] number = coalitions.number(keys);
        int fresh = coalitions.distinct() - known;
        if (fresh > 0) {
            MaskBatch batchOfFresh = MaskBatch.zeros(n, fresh);
            for (int r = 0, next = known; r < rows; r++) {
                if (number[r] == next) {  // the first row of a new coalition
                    System.arraycopy(batch.words(), r * w, batchOfFresh.words(), (next++ - known) * w, w);
                }
            }
            Outcome[] values = valuation.value(batchOfFresh);
            if (values.length != fresh) {
                throw new IllegalStateException("the game valued " + values.length + " of " + fresh + " coalitions");
            }
            outcomes.addAll(Arrays.asList(values));
        }
        Outcome[] out = new Outcome[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = outcomes.get(number[r]);
        }
        return out;
    }

    @Override
    public long queries() {
        return coalitions.asked();
    }

    /** Distinct coalitions valued so far. */
    @Override
    public long evaluations() {
        return coalitions.distinct();
    }
}

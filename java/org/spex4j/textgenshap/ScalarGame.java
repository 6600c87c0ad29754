package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.List;
import org.spex4j.value.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * A scalar value function as a game (label 0 carries the value): TextGenSHAP's estimators and hierarchy then give
 * permutation-sampling Shapley and sampled Banzhaf values with hierarchical refinement. Rows are evaluated in one
 * call per {@link #play} (distinct coalitions only).
 */
public final class ScalarGame implements Game {
    private final ValueFunction f;
    private final int n;
    private final CoalitionCache cache = new CoalitionCache();
    private long queries;
    private long evaluations;

    public ScalarGame(ValueFunction f, int n) {
        if (f == null || n < 1) {
            throw new IllegalArgumentException("a scalar game needs a value function and n >= 1");
        }
        this.f = f;
        this.n = n;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public boolean indicator() {
        return false;
    }

    @Override
    public Outcome[] play(MaskBatch coalitions) {
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
            if (out[r] == null && (missing.isEmpty() || !sameRowPending(coalitions, r, missing))) {
                System.arraycopy(coalitions.words(), r * w, fresh.words(), missing.size() * w, w);
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            double[] values = f.evaluate(fresh.slice(0, missing.size()));
            if (values.length != missing.size()) {
                throw new IllegalStateException("the value function returned " + values.length + " values for "
                        + missing.size() + " masks");
            }
            for (int q = 0; q < values.length; q++) {
                cache.put(coalitions, missing.get(q), new Outcome(0, values[q]));
            }
            evaluations += values.length;
            for (int r = 0; r < out.length; r++) {
                if (out[r] == null) {
                    out[r] = cache.get(coalitions, r);
                }
            }
        }
        return out;
    }

    private static boolean sameRowPending(MaskBatch b, int r, List<Integer> pending) {
        int w = b.wordsPerRow();
        for (int q : pending) {
            if (java.util.Arrays.equals(b.words(), r * w, r * w + w, b.words(), q * w, q * w + w)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long queries() {
        return queries;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }
}

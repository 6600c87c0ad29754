package org.spex4j.textgenshap;

import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * A scalar value function as a game (label 0 carries the value): TextGenSHAP's estimators and hierarchy then give
 * permutation-sampling Shapley and sampled Banzhaf values with hierarchical refinement. Rows are evaluated in one
 * call per {@link #play} (distinct coalitions only).
 */
public final class ScalarGame extends CachedGame {
    private final ValueFunction f;
    private long evaluations;

    public ScalarGame(ValueFunction f, int n) {
        super(n);
        if (f == null) {
            throw new IllegalArgumentException("a scalar game needs a value function");
        }
        this.f = f;
    }

    @Override
    public boolean indicator() {
        return false;
    }

    @Override
    Outcome[] value(MaskBatch fresh) {
        double[] values = f.evaluate(fresh);
        if (values.length != fresh.rows()) {
            throw new IllegalStateException("the value function returned " + values.length + " values for "
                    + fresh.rows() + " masks");
        }
        evaluations += values.length;
        Outcome[] out = new Outcome[values.length];
        for (int q = 0; q < values.length; q++) {
            out[q] = new Outcome(0, values[q]);
        }
        return out;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }
}

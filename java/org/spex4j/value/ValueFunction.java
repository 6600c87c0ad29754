package org.spex4j.value;

import org.spex4j.math.MaskBatch;

/**
 * The only thing an explainer sees of a model: a batch of masks in, one value per mask out.
 *
 * <p>Implementations must return exactly {@code batch.rows()} values, in row order, and be deterministic for a given
 * mask. Every explainer consumes only this interface, so any method runs on any model at the same query budget.
 */
@FunctionalInterface
public interface ValueFunction {
    /** The value of every mask of {@code batch} (bit 1 keeps the feature). */
    double[] evaluate(MaskBatch batch);

    /** What the value is, in words, for reports (e.g. the continuation a decoder scores); null when unknown. */
    default String target() {
        return null;
    }

    /** {@code f} with a description (see {@link #target()}). */
    static ValueFunction described(ValueFunction f, String target) {
        return new ValueFunction() {
            @Override
            public double[] evaluate(MaskBatch batch) {
                return f.evaluate(batch);
            }

            @Override
            public String target() {
                return target;
            }
        };
    }
}

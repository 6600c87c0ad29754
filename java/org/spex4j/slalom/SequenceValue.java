package org.spex4j.slalom;

/**
 * What SLALOM queries: the model's output on arbitrary sequences of token types (any order, repeats allowed), not
 * only on masked forms of the input. {@link ModelSequences} asks a real model; tests use a function that is itself a
 * SLALOM model.
 *
 * <p>Not a {@link org.spex4j.value.ValueFunction}: a reordered or repeated sequence is no mask of the input's
 * features. Its queries are de-duplicated and counted by the same {@link org.spex4j.value.BatchEvaluator}.
 */
@FunctionalInterface
public interface SequenceValue {
    /** One value per sequence, in order; each sequence is a non-empty array of type indices. */
    double[] values(int[][] sequences);
}

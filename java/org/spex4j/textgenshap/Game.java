package org.spex4j.textgenshap;

import org.spex4j.value.MaskBatch;

/**
 * A cooperative game over n features whose coalitions are feature masks (bit 1 keeps a feature): either the
 * indicator games of a generator's distinct outputs ({@link OutputGame}) or a scalar value function
 * ({@link ScalarGame}).
 */
public interface Game {
    int n();

    /** True when outcomes are output labels (the games {@code v_y(S) = 1[g(x_S) = y]}), false for a scalar value. */
    boolean indicator();

    /** The outcome of every row of {@code coalitions}, in row order. */
    Outcome[] play(MaskBatch coalitions);

    /** Coalitions asked for so far (rows played, repeats included). */
    long queries();

    /** Coalitions actually evaluated (generations or value-function rows): distinct coalitions. */
    long evaluations();
}

package org.spex4j.textgenshap;

import java.util.List;
import org.spex4j.math.MaskBatch;

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

    /** The distinct outputs seen so far by label (output games); empty for scalar games. */
    default List<int[]> outputs() {
        return List.of();
    }

    /** How many distinct coalitions produced each output, by label (output games); empty for scalar games. */
    default int[] counts() {
        return new int[0];
    }
}

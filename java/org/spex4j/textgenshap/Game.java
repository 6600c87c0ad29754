package org.spex4j.textgenshap;

import java.util.List;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * A cooperative game over n features whose coalitions are feature masks (bit 1 keeps a feature): either the
 * indicator games of a generator's distinct outputs ({@link OutputGame}) or a scalar value function ({@link #of}).
 *
 * <p>Not a {@link ValueFunction}: an output game's coalition is worth a label (which of the outputs seen so far it
 * generates: every indicator game at once), not one number. Both kinds value each distinct coalition once and count
 * queries through the shared {@link org.spex4j.value.DistinctQueries}.
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

    /**
     * A scalar value function as a game (label 0 carries the value): TextGenSHAP's estimators and hierarchy then give
     * permutation-sampling Shapley and sampled Banzhaf values with hierarchical refinement. Each play evaluates its
     * new coalitions in one call of f.
     */
    static Game of(ValueFunction f, int n) {
        if (f == null) {
            throw new IllegalArgumentException("a scalar game needs a value function");
        }
        return new CachedGame(n, false, fresh -> {
            double[] values = f.evaluate(fresh);
            if (values.length != fresh.rows()) {
                throw new IllegalStateException("the value function returned " + values.length + " values for "
                        + fresh.rows() + " masks");
            }
            Outcome[] out = new Outcome[values.length];
            for (int q = 0; q < values.length; q++) {
                out[q] = new Outcome(0, values[q]);
            }
            return out;
        });
    }
}

package org.spex4j.api;

import org.spex4j.value.ValueFunction;

/**
 * One contract for every attribution method: query a value function over n features (within the method's own
 * budget) and return a self-describing {@link Explanation}. Implementations are stateless and thread-safe.
 */
public interface Explainer {
    /** The method's name as the command line spells it ("spex", "lime", ...). */
    String name();

    /** Explains f over n features. */
    Explanation explain(ValueFunction f, int n);
}

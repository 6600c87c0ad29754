package org.spex4j.api;

/**
 * The one contract of every attribution method (shapiq's {@code approximate(budget, game)}): explain a
 * {@link Subject} within a query budget, every random choice drawn from the seed, and return a self-describing
 * {@link Explanation}. What a method needs beyond the value function (the model input, hidden states, generation) it
 * asks of the subject as a typed capability.
 *
 * <pre>{@code
 * Explanation e = new SpexExplainer(SpexConfig.builder().build()).explain(Subject.of(f, n), 10_000, 42);
 * }</pre>
 *
 * <p>The method's configuration holds only its hyperparameters; the budget and the seed are the call's. Equal
 * subjects, budgets and seeds give equal explanations. Implementations are stateless and thread-safe.
 */
public interface Explainer {
    /** The method's name as the command line spells it ("spex", "lime", ...). */
    String name();

    /**
     * Explains {@code subject}.
     *
     * @param subject what is explained: the value function over n features, and whatever else the method needs
     * @param budget  the most value-function queries the method may ask for (some use fewer, or a count of their own)
     * @param seed    the seed of the method's {@link java.util.SplittableRandom}
     * @throws IllegalArgumentException for a budget below 1, one the method cannot work with, or a capability the
     *                                  subject lacks (the message names it)
     */
    Explanation explain(Subject subject, long budget, long seed);

    /**
     * Checks a budget for {@code method}.
     *
     * @throws IllegalArgumentException for a budget below 1
     */
    static long requireBudget(long budget, String method) {
        if (budget < 1) {
            throw new IllegalArgumentException(method + ": the budget must be >= 1 query, got " + budget);
        }
        return budget;
    }
}

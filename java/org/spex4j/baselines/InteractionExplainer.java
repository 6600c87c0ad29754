package org.spex4j.baselines;

import org.spex4j.api.Explainer;

/**
 * What the interaction methods of order ℓ (faith-banzhaf, faith-shap, shapley-taylor) hold alike: their name, their
 * the order they were asked for (lowered to n when a run has fewer features).
 */
abstract class InteractionExplainer implements Explainer {
    private final String name;
    private final int order;

    InteractionExplainer(String name, int order) {
        this.name = name;
        if (order < 1) {
            throw new IllegalArgumentException("order must be >= 1, got " + order);
        }
        this.order = order;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The order ℓ asked for. */
    public final int order() {
        return order;
    }
}

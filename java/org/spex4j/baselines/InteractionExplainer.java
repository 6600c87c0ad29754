package org.spex4j.baselines;

import java.util.Objects;
import org.spex4j.api.Explainer;

/**
 * What the interaction methods of order ℓ (faith-banzhaf, faith-shap, shapley-taylor) hold alike: their name, their
 * configuration and the order they were asked for (lowered to n when a run has fewer features).
 */
abstract class InteractionExplainer implements Explainer {
    private final String name;
    private final BaselineConfig config;
    private final int order;

    InteractionExplainer(String name, BaselineConfig config, int order) {
        this.name = name;
        this.config = Objects.requireNonNull(config, "config");
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

    public final BaselineConfig config() {
        return config;
    }
}

package org.spex4j.baselines;

import java.util.Objects;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.value.ValueFunction;

/**
 * Banzhaf values by regression (SPEX.md §8.6): the order-1 {@link FaithBanzhafExplainer}, a least-squares fit of
 * {@code g(m) = β_∅ + Σ_{i ∈ m} β_i} on distinct uniformly random masks. On all 2^n masks β_i is exactly the Banzhaf
 * value of feature i, and {@code β_∅} the mean of f minus half the sum of the Banzhaf values.
 */
public final class BanzhafExplainer implements Explainer {
    public BanzhafExplainer() {
    }

    @Override
    public String name() {
        return "banzhaf";
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        return FaithBanzhafExplainer.fit(new Runs.Call(name(), subject, budget, seed), 1);
    }
}

package org.spex4j.baselines;

import java.util.Objects;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.value.ValueFunction;

/**
 * KernelSHAP (Lundberg and Lee, "A Unified Approach to Interpreting Model Predictions", arXiv 1705.07874): Shapley
 * values as the Shapley-kernel weighted least-squares fit of an additive surrogate
 * {@code g(m) = f(0) + Σ_{i ∈ m} φ_i}, with the efficiency constraint {@code Σ_i φ_i = f(1) − f(0)} enforced exactly
 * (one coefficient is eliminated) after querying f(0) and f(1). It is the order-1 {@link FaithShapExplainer}, with
 * the same design: complete size pairs while they fit the budget, the rest sampled by kernel mass, paired with
 * complements by default. The surrogate is additive in the Möbius basis with {@code a(∅) = f(0)} and
 * {@code a({i}) = φ_i}; on all 2^n masks φ is exactly the Shapley value.
 */
public final class KernelShapExplainer implements Explainer {
    private final boolean paired;

    /** KernelSHAP with paired (antithetic) sampling. */
    public KernelShapExplainer() {
        this(true);
    }

    public KernelShapExplainer(boolean paired) {
        this.paired = paired;
    }

    @Override
    public String name() {
        return "kernelshap";
    }

    public boolean paired() {
        return paired;
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        return FaithShapExplainer.fit(new Runs.Call(name(), subject, budget, seed), 1, paired);
    }
}

package org.spex4j.baselines;

import java.util.List;
import java.util.SplittableRandom;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.FeatureSet;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/**
 * Faith-Shap interactions of order ℓ (Tsai, Yeh, Ravikumar, arXiv 2203.00870): the weighted least-squares fit of
 * {@code g(m) = Σ_{T ⊆ m, |T| <= ℓ} β_T} under the Shapley kernel {@code μ(S) ∝ (n − 1) / (C(n, |S|) |S| (n − |S|))},
 * with {@code β_∅ = f(0)} and {@code Σ_T β_T = f(1)} enforced exactly (two terms are eliminated). β is the surrogate's
 * Möbius form; on the exact kernel over all coalitions it is FSII_ℓ (SPEX.md §3.3), and for ℓ = 1 the Shapley value.
 *
 * <p>Design ({@link Sampling#shapleyKernel}): f(0) and f(1) are queried; of the remaining budget, the size pairs
 * {s, n − s} from the outside in are enumerated completely while they fit, the rest is sampled by size in proportion
 * to the kernel mass and weighted by importance, each draw followed by its complement when {@code paired}. When the
 * budget covers all 2^n masks the result is exact. The fit is least squares ({@link SetRegression}); a Möbius-basis
 * ridge chosen by leave-one-out cross-validation takes over only when the design does not determine every term. The
 * reference runs shapiq's regression approximator (SPEX.md §8.6), which differs in its sampler. A fit with more terms
 * than the budget has queries is refused, as is an order that the feasibility rule (§8.5) forbids for n; an order
 * above n is lowered to n.
 */
public final class FaithShapExplainer extends InteractionExplainer {
    private final boolean paired;

    /** Faith-Shap of order ℓ with paired (antithetic) sampling. */
    public FaithShapExplainer(int order) {
        this(order, true);
    }

    public FaithShapExplainer(int order, boolean paired) {
        super("faith-shap", order);
        this.paired = paired;
    }

    public boolean paired() {
        return paired;
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        return fit(new Runs.Call(name(), subject, budget, seed), order(), paired);
    }

    /** The constrained Shapley-kernel regression of order ℓ, shared with {@link KernelShapExplainer}. */
    static Explanation fit(Runs.Call call, int requestedOrder, boolean paired) {
        String method = call.method();
        int n = call.n();
        int order = Runs.order(call, requestedOrder);
        long start = System.nanoTime();
        List<FeatureSet> terms = Baselines.regressionTerms(method, order, n, call.budget());
        long interiorMasks = n <= 62 ? (1L << n) - 2 : Long.MAX_VALUE;
        long rows = 2 + Math.min(call.budget() - 2, interiorMasks);
        MaskBatch.Builder masks = MaskBatch.builder(n, Runs.rowsOf(rows, n, method));

        // 1. f(0) and f(1), then the Shapley-kernel design on the rest of the budget
        masks.addEmpty();
        masks.addAllKept();
        Sampling.KernelDesign kernel = Sampling.shapleyKernel(masks, call.budget() - 2, paired,
                new SplittableRandom(call.seed()));
        // 2. evaluate each distinct mask once, in batches
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        double f0 = evaluated.values()[0];
        double f1 = evaluated.values()[1];
        // 3. weighted least squares with g(0) = f(0) and g(1) = f(1)
        SetRegression.Design design = new SetRegression.Design(masks, kernel.from(), kernel.rows(),
                kernel.rowClass(), kernel.classWeight(), evaluated.values());
        SetRegression.Fit fit = SetRegression.fit(design, terms, new SetRegression.Pins(f0, f1));
        long end = System.nanoTime();
        return Runs.explanation(call, fit.fourier(), order, masks.rows(), evaluated, start, fitStart, end)
                .iterations(1)
                .baseline(f0)
                .full(f1)
                .build();
    }
}

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
 * Faith-Banzhaf interactions of order ℓ (Tsai, Yeh, Ravikumar, "Faith-Shap", arXiv 2203.00870, and the Faith-Banzhaf
 * index of SPEX.md §3.3): the least-squares fit, on uniformly random masks, of {@code g(m) = Σ_{T ⊆ m, |T| <= ℓ} β_T}
 * over every subset T of at most ℓ features, the empty set included; β is the surrogate's Möbius form and, when every
 * mask is used, exactly FBII_ℓ.
 *
 * <p>The reference (SPEX.md §8.6) runs {@code RidgeCV(fit_intercept=False)} on the same number of uniform masks as the
 * SPEX budget. Here the masks are distinct (all 2^n of them when the budget allows, see
 * {@link Sampling#uniform}), and the fit is ordinary least squares whenever the masks determine every term — the
 * minimiser does not depend on the basis, so it is solved in the better-conditioned Fourier basis — and otherwise a
 * Möbius-basis ridge with α in {1e-3, 1e-2, 0.1, 1, 10} chosen by leave-one-out cross-validation
 * ({@link SetRegression}). A fit with more terms than the budget has queries is refused, as is an order that the
 * feasibility rule (§8.5, {@link Baselines#requireFeasible}) forbids for n. An order above n is lowered to n.
 */
public final class FaithBanzhafExplainer extends InteractionExplainer {
    public FaithBanzhafExplainer(int order) {
        super("faith-banzhaf", order);
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        return fit(new Runs.Call(name(), subject, budget, seed), order());
    }

    /** The uniform-mask regression of order ℓ, shared with {@link BanzhafExplainer}. */
    static Explanation fit(Runs.Call call, int requestedOrder) {
        String method = call.method();
        int n = call.n();
        int order = Runs.order(call, requestedOrder);
        long start = System.nanoTime();
        List<FeatureSet> terms = Baselines.regressionTerms(method, order, n, call.budget());
        long rows = n <= 62 ? Math.min(call.budget(), 1L << n) : call.budget();
        MaskBatch.Builder masks = MaskBatch.builder(n, Runs.rowsOf(rows, n, method));

        // 1. distinct uniform masks (all of them when the budget covers 2^n)
        int count = Sampling.uniform(masks, call.budget(), new SplittableRandom(call.seed()));
        // 2. evaluate each distinct mask once, in batches
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        // 3. least squares over all terms up to order ℓ, every mask weighted 1
        SetRegression.Design design = new SetRegression.Design(masks, 0, count, new int[count], new double[] {1.0},
                evaluated.values());
        SetRegression.Fit fit = SetRegression.fit(design, terms, null);
        long end = System.nanoTime();
        return Runs.explanation(call, fit.fourier(), order, count, evaluated, start, fitStart, end)
                .iterations(1)
                .build();
    }
}

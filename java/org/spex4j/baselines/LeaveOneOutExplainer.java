package org.spex4j.baselines;

import java.util.Objects;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/**
 * Leave-one-out (occlusion) attribution: the value of feature i is what the output loses when i alone is masked,
 * {@code v_i = f(1) − f(1 − e_i)}. It asks for exactly n + 1 masks (all kept, and each single feature masked),
 * whatever the budget beyond that, and needs no randomness (the seed is recorded only).
 *
 * <p>The surrogate is additive in the Möbius basis: {@code a({i}) = v_i} and {@code a(∅) = f(1) − Σ_i v_i}. It
 * reproduces every queried mask exactly ({@code g(1) = f(1)}, {@code g(1 − e_i) = f(1 − e_i)}); on an additive
 * function it is the function itself, so its Shapley and Banzhaf values are then exact.
 */
public final class LeaveOneOutExplainer implements Explainer {
    public LeaveOneOutExplainer() {
    }

    @Override
    public String name() {
        return "loo";
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        Runs.Call call = new Runs.Call(name(), subject, budget, seed);
        int n = subject.n();
        if (budget < n + 1L) {
            throw new IllegalArgumentException("loo over n = " + n + " features needs n + 1 = " + (n + 1L)
                    + " queries, more than the budget of " + budget);
        }
        long start = System.nanoTime();
        MaskBatch.Builder masks = MaskBatch.builder(n, n + 1);
        // 1. all kept, then each feature masked alone
        masks.addAllKept();
        for (int i = 0; i < n; i++) {
            int r = masks.addAllKept();
            masks.clear(r, i);
        }
        // 2. evaluate
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        // 3. the additive surrogate that interpolates the n + 1 queries
        double[] y = evaluated.values();
        SparseCoefficients.Builder mobius = SparseCoefficients.builder(n, Basis.MOBIUS);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = y[0] - y[i + 1];
            mobius.put(FeatureSet.of(i), v);
            sum += v;
        }
        mobius.put(FeatureSet.EMPTY, y[0] - sum);
        SparseCoefficients fourier = Conversions.mobiusToFourier(mobius.build());
        long end = System.nanoTime();
        return Runs.explanation(call, fourier, 1, n + 1L, evaluated, start, fitStart, end)
                .iterations(1)
                .full(y[0])
                .build();
    }
}

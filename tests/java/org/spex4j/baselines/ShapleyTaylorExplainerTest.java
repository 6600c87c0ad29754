package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.InteractionIndices;
import org.spex4j.math.SparseCoefficients;

/** Shapley–Taylor interactions on games with known answers. */
class ShapleyTaylorExplainerTest {
    /** f = 0.5 + x0 − 2 x3 + 3 x0 x1 x2 − 1.5 x4 x5: STII_2({i,j}) = 3/3 for pairs inside {0,1,2}. */
    private static SparseCoefficients threeWay(int n) {
        return SparseCoefficients.of(n, Basis.MOBIUS, Map.of(FeatureSet.EMPTY, 0.5, FeatureSet.of(0), 1.0,
                FeatureSet.of(3), -2.0, FeatureSet.of(0, 1, 2), 3.0, FeatureSet.of(4, 5), -1.5));
    }

    @Test
    void everyMaskGivesTheExactIndex() {
        int n = 7;
        Explanation e = new ShapleyTaylorExplainer(2).explain(Subject.of(Games.of(threeWay(n)), n), 200, 0);
        assertEquals(128, e.queries());
        SparseCoefficients stii = e.interactions(Index.STII, 2);
        assertEquals(1.0, stii.value(FeatureSet.of(0, 1)), 1e-12);
        assertEquals(1.0, stii.value(FeatureSet.of(1, 2)), 1e-12);
        assertEquals(-1.5, stii.value(FeatureSet.of(4, 5)), 1e-12);
        assertEquals(1.0, stii.value(FeatureSet.of(0)), 1e-12);
        Checks.assertSameCoefficients(InteractionIndices.compute(threeWay(n), Index.STII, 2), stii, 1e-12, "STII");
    }

    @Test
    void gameOfOrderAtMostLIsExactFromAnyPermutation() {
        int n = 12; // 2^12 masks exceed the budget: permutation sampling
        SparseCoefficients truth = Games.pairwise(n, 10, 5);
        Games.Counting f = new Games.Counting(Games.of(truth));
        Explanation e = new ShapleyTaylorExplainer(2).explain(Subject.of(f, n), 500, 3);
        assertTrue(e.iterations() >= 1, "at least one permutation");
        assertTrue(e.queries() <= 500);
        assertTrue(f.masks.get() <= 500);
        Checks.assertSameCoefficients(truth, e.mobius(), 1e-9, "pairwise game");
    }

    @Test
    void permutationEstimateConvergesToTheThreeWayShare() {
        int n = 8;
        Explanation e = new ShapleyTaylorExplainer(2).explain(Subject.of(Games.of(threeWay(n)), n), 200, 7);
        // too few permutations: still unbiased and efficient
        double all = 0;
        for (var entry : e.mobius().entries()) {
            all += entry.getValue();
        }
        SparseCoefficients truth = threeWay(n);
        assertEquals(truth.evaluate(new long[] {255}, 0), all, 1e-9, "efficiency: g(1) = f(1)");
        Explanation many = new ShapleyTaylorExplainer(2).explain(Subject.of(Games.of(truth), n), 255, 7);
        assertTrue(many.iterations() >= 4);
        Explanation lots = new ShapleyTaylorExplainer(2)
                // 2^18 masks exceed the budget: permutations
                .explain(Subject.of(Games.of(threeWay(18)), 18), 100_000, 7);
        SparseCoefficients stii = lots.interactions(Index.STII, 2);
        assertTrue(lots.iterations() > 500, "permutations: " + lots.iterations());
        for (FeatureSet pair : new FeatureSet[] {FeatureSet.of(0, 1), FeatureSet.of(0, 2), FeatureSet.of(1, 2)}) {
            assertEquals(1.0, stii.value(pair), 0.2, "STII of " + pair);
        }
        assertEquals(-1.5, stii.value(FeatureSet.of(4, 5)), 1e-12);
        assertEquals(1.0, stii.value(FeatureSet.of(0)), 1e-12, "lower orders are exact");
    }

    @Test
    void orderOneIsShapleyPermutationSamplingWithExactEfficiency() {
        int n = 70; // above the order-2 limit: order 1 is always feasible
        SparseCoefficients f = SparseCoefficients.of(n, Basis.MOBIUS, Map.of(FeatureSet.of(1), 2.0,
                FeatureSet.of(2, 3), 4.0, FeatureSet.EMPTY, 1.0));
        Explanation e = new ShapleyTaylorExplainer(1).explain(Subject.of(Games.of(f), n), 7100, 2);
        assertEquals(100, e.iterations());
        double sum = 0;
        for (double phi : e.shapleyValues()) {
            sum += phi;
        }
        assertEquals(6.0, sum, 1e-9);
        assertEquals(2.0, e.shapleyValues()[1], 1e-12);
        assertEquals(0.0, e.shapleyValues()[5], 1e-12);
        assertEquals(4.0, e.shapleyValues()[2] + e.shapleyValues()[3], 1e-12);
    }

    @Test
    void refusesABudgetBelowOnePermutation() {
        assertRefused(IllegalArgumentException.class,
                () -> new ShapleyTaylorExplainer(2).explain(Subject.of(Games.of(threeWay(10)), 10), 30, 0),
                "per permutation");
    }
}

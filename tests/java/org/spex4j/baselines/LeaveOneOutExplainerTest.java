package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;

/** Leave-one-out equals its definition. */
class LeaveOneOutExplainerTest {
    @Test
    void valuesAreTheDropWhenOneFeatureIsMasked() {
        int n = 9;
        double[] table = Games.randomTable(n, 31);
        int all = (1 << n) - 1;
        Games.Counting f = new Games.Counting(Games.table(table));
        Explanation e = new LeaveOneOutExplainer().explain(Subject.of(f, n), 1000, 0);
        SparseCoefficients a = e.mobius();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = table[all] - table[all & ~(1 << i)];
            assertEquals(v, a.value(FeatureSet.of(i)), 1e-12, "value of feature " + i);
            assertEquals(v, e.shapleyValues()[i], 1e-12);
            sum += v;
        }
        assertEquals(table[all] - sum, a.value(FeatureSet.EMPTY), 1e-12, "a(∅) = f(1) − Σ v_i");
        assertEquals(1, a.maxOrder());
        assertEquals(n + 1, e.queries());
        assertEquals(n + 1, f.masks.get());
        assertEquals(table[all], e.full(), 0.0);
        // the surrogate interpolates every queried mask
        assertEquals(table[all], e.fourier().evaluate(new long[] {all}, 0), 1e-12);
        for (int i = 0; i < n; i++) {
            assertEquals(table[all & ~(1 << i)], e.fourier().evaluate(new long[] {all & ~(1 << i)}, 0), 1e-12);
        }
    }

    @Test
    void needsNPlusOneQueries() {
        assertRefused(IllegalArgumentException.class,
                () -> new LeaveOneOutExplainer().explain(Subject.of(Games.additive(0, new double[5]), 5), 5, 0),
                "n + 1 = 6");
    }
}

package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import org.junit.jupiter.api.Test;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.value.ValueFunction;

/** Names, the feasibility rule, budgets and seeds. */
class BaselinesTest {
    @Test
    void everyNameGivesItsMethod() {
        for (String name : Baselines.NAMES) {
            Explainer e = Baselines.byName(name);
            assertEquals(name, e.name());
        }
        assertInstanceOf(KernelShapExplainer.class, Baselines.byName(" KernelSHAP "));
        assertEquals(3, ((FaithShapExplainer) Baselines.byName("faith-shap", 3)).order());
        assertEquals(Baselines.DEFAULT_ORDER, ((FaithBanzhafExplainer) Baselines.byName("faith-banzhaf"))
                .order());
        assertEquals(4, ((ShapleyTaylorExplainer) Baselines.byName("shapley-taylor", 4)).order());
        assertEquals(42, Baselines.byName("lime", 3).explain(Subject.of(Games.additive(0, new double[3]), 3), 10, 42)
                .seed());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertRefused(IllegalArgumentException.class, () -> Baselines.byName("shap"), "'shap'");
        assertRefused(IllegalArgumentException.class, () -> Baselines.byName("shap"),
                Baselines.NAMES.toArray(new String[0]));
        assertRefused(IllegalArgumentException.class, () -> Baselines.byName(null), "unknown baseline 'null'");
        assertRefused(IllegalArgumentException.class, () -> Baselines.byName("lime").explain(Subject.of(
                Games.additive(0, new double[3]), 3), 0, 0), "budget must be >= 1", "got 0");
        assertRefused(IllegalArgumentException.class, () -> Baselines.byName("faith-shap", 0),
                "order must be >= 1, got 0");
    }

    @Test
    void feasibilityRuleRefusesLargeOrdersOnManyFeatures() {
        ValueFunction f = Games.additive(0, new double[64]);
        int[][] refused = {{2, 64}, {3, 32}, {4, 16}, {5, 16}, {3, 64}};
        for (int[] c : refused) {
            for (String name : new String[] {"faith-banzhaf", "faith-shap", "shapley-taylor"}) {
                Explainer e = Baselines.byName(name, c[0]);
                assertRefused(IllegalArgumentException.class, () -> e.explain(Subject.of(f, c[1]), 1_000_000, 0),
                        name + " of order " + c[0], "feasibility rule", "§8.5", "n < 64", "n < 32", "n < 16",
                        "n = " + c[1]);
            }
        }
        assertDoesNotThrow(() -> Baselines.requireFeasible("faith-shap", 2, 63));
        assertDoesNotThrow(() -> Baselines.requireFeasible("faith-shap", 3, 31));
        assertDoesNotThrow(() -> Baselines.requireFeasible("faith-shap", 4, 15));
        assertDoesNotThrow(() -> Baselines.requireFeasible("banzhaf", 1, 100_000));
        assertEquals(1, Baselines.maxOrder(64));
        assertEquals(2, Baselines.maxOrder(32));
        assertEquals(3, Baselines.maxOrder(16));
    }

    @Test
    void regressionWithMoreTermsThanQueriesIsRefused() {
        ValueFunction f = Games.additive(0, new double[20]);
        for (String name : new String[] {"faith-banzhaf", "faith-shap"}) {
            assertRefused(IllegalArgumentException.class,
                    () -> Baselines.byName(name, 2).explain(Subject.of(f, 20), 100, 0), "211 terms", "budget of 100");
        }
        assertRefused(IllegalArgumentException.class,
                () -> Baselines.byName("kernelshap").explain(Subject.of(f, 20), 10, 0), "21 terms");
    }

    @Test
    void sameSeedSameExplanationOtherSeedOtherSample() {
        int n = 11;
        double[] table = Games.randomTable(n, 3);
        for (String name : Baselines.NAMES) {
            Explanation a = Baselines.byName(name).explain(Subject.of(Games.table(table), n), 400, 17);
            Explanation b = Baselines.byName(name).explain(Subject.of(Games.table(table), n), 400, 17);
            assertEquals(a.fourier().asMap(), b.fourier().asMap(), name + " is deterministic under a seed");
            assertEquals(17, a.seed());
            if (!name.equals("loo")) {
                Explanation c = Baselines.byName(name).explain(Subject.of(Games.table(table), n), 400, 18);
                assertNotEquals(a.fourier().asMap(), c.fourier().asMap(), name + " depends on its seed");
            }
        }
    }

    @Test
    void everyMethodStaysWithinItsBudget() {
        int n = 12;
        double[] table = Games.randomTable(n, 4);
        for (String name : Baselines.NAMES) {
            Games.Counting f = new Games.Counting(Games.table(table));
            Explanation e = Baselines.byName(name).explain(Subject.of(f, n), 300, 1);
            assertTrue(e.queries() <= 300, name + " asked for " + e.queries());
            assertTrue(e.distinctQueries() <= e.queries());
            assertEquals(e.distinctQueries(), f.masks.get(), name + ": each distinct mask is evaluated once");
            assertTrue(e.timingMillis().get("total") >= e.timingMillis().get("fit"));
        }
    }

    @Test
    void rejectsBadInputs() {
        Explainer e = Baselines.byName("banzhaf");
        assertRefused(IllegalArgumentException.class, () -> e.explain(Subject.of(Games.additive(0, new double[1]), 0),
                100, 0), "n must be >= 1 feature, got 0");
        assertRefused(NullPointerException.class, () -> e.explain(Subject.of(null, 3), 100, 0), "value function");
        assertRefused(NullPointerException.class, () -> e.explain(null, 100, 0), "subject");
        assertRefused(IllegalArgumentException.class,
                () -> e.explain(Subject.of(Games.additive(0, new double[3]), 3), 0, 0), "budget must be >= 1");
    }
}

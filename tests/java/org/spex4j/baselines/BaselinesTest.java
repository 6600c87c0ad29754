package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.value.ValueFunction;

/** Names, the feasibility rule, budgets and seeds. */
class BaselinesTest {
    @Test
    void everyNameGivesItsMethod() {
        for (String name : Baselines.NAMES) {
            Explainer e = Baselines.byName(name, 1000, 0);
            assertEquals(name, e.name());
        }
        assertInstanceOf(KernelShapExplainer.class, Baselines.byName(" KernelSHAP ", 10, 0));
        assertEquals(3, ((FaithShapExplainer) Baselines.byName("faith-shap", 10, 0, 3)).order());
        assertEquals(Baselines.DEFAULT_ORDER, ((FaithBanzhafExplainer) Baselines.byName("faith-banzhaf", 10, 0))
                .order());
        assertEquals(4, ((ShapleyTaylorExplainer) Baselines.byName("shapley-taylor", 10, 0, 4)).order());
        assertEquals(42, ((LimeExplainer) Baselines.byName("lime", 10, 42, 3)).config().seed());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Baselines.byName("shap", 100, 0));
        assertTrue(x.getMessage().contains("'shap'"), x.getMessage());
        for (String name : Baselines.NAMES) {
            assertTrue(x.getMessage().contains(name), x.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Baselines.byName(null, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> Baselines.byName("lime", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Baselines.byName("faith-shap", 10, 0, 0));
    }

    @Test
    void feasibilityRuleRefusesLargeOrdersOnManyFeatures() {
        ValueFunction f = Games.additive(0, new double[64]);
        int[][] refused = {{2, 64}, {3, 32}, {4, 16}, {5, 16}, {3, 64}};
        for (int[] c : refused) {
            for (String name : new String[] {"faith-banzhaf", "faith-shap", "shapley-taylor"}) {
                Explainer e = Baselines.byName(name, 1_000_000, 0, c[0]);
                IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                        () -> e.explain(f, c[1]), name + " order " + c[0] + " n " + c[1]);
                assertTrue(x.getMessage().contains("feasibility rule") && x.getMessage().contains("§8.5")
                        && x.getMessage().contains("n < 64") && x.getMessage().contains("n < 32")
                        && x.getMessage().contains("n < 16") && x.getMessage().contains("n = " + c[1]),
                        x.getMessage());
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
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> Baselines.byName(name, 100, 0, 2).explain(f, 20));
            assertTrue(x.getMessage().contains("211 terms") && x.getMessage().contains("budget of 100"),
                    x.getMessage());
        }
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Baselines.byName("kernelshap", 10, 0).explain(f, 20));
        assertTrue(x.getMessage().contains("21 terms"), x.getMessage());
    }

    @Test
    void sameSeedSameExplanationOtherSeedOtherSample() {
        int n = 11;
        double[] table = Games.randomTable(n, 3);
        for (String name : Baselines.NAMES) {
            Explanation a = Baselines.byName(name, 400, 17).explain(Games.table(table), n);
            Explanation b = Baselines.byName(name, 400, 17).explain(Games.table(table), n);
            assertEquals(a.fourier().asMap(), b.fourier().asMap(), name + " is deterministic under a seed");
            assertEquals(17, a.seed());
            if (!name.equals("loo")) {
                Explanation c = Baselines.byName(name, 400, 18).explain(Games.table(table), n);
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
            Explanation e = Baselines.byName(name, 300, 1).explain(f, n);
            assertTrue(e.queries() <= 300, name + " asked for " + e.queries());
            assertTrue(e.distinctQueries() <= e.queries());
            assertEquals(e.distinctQueries(), f.masks.get(), name + ": each distinct mask is evaluated once");
            assertTrue(e.timingMillis().get("total") >= e.timingMillis().get("fit"));
        }
    }

    @Test
    void rejectsBadInputs() {
        Explainer e = Baselines.byName("banzhaf", 100, 0);
        assertThrows(IllegalArgumentException.class, () -> e.explain(Games.additive(0, new double[1]), 0));
        assertThrows(NullPointerException.class, () -> e.explain(null, 3));
        assertThrows(IllegalArgumentException.class, () -> BaselineConfig.builder().build());
    }
}

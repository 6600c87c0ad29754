package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.InteractionIndices;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/** Banzhaf, Faith-Banzhaf, KernelSHAP and Faith-Shap on games whose answers are known. */
class RegressionBaselinesTest {
    private static final double[] WEIGHTS = {1.5, -2.0, 0.25, 3.0, -0.75, 0.5, 2.25, -1.25, 0.8, -0.3};

    @Test
    void additiveGameGivesExactShapleyAndBanzhafValuesFromEveryConsistentMethod() {
        for (int n : new int[] {7, 10}) { // 7: every mask fits the budget; 10: sampled designs
            double[] w = java.util.Arrays.copyOf(WEIGHTS, n);
            ValueFunction f = Games.additive(0.7, w);
            List<Explainer> methods = List.of(
                    new LeaveOneOutExplainer(),
                    new LimeExplainer(25, 0.0),
                    new KernelShapExplainer(),
                    new KernelShapExplainer(false),
                    new BanzhafExplainer(),
                    new FaithBanzhafExplainer(2),
                    new FaithShapExplainer(1),
                    new FaithShapExplainer(2),
                    new ShapleyTaylorExplainer(1),
                    new ShapleyTaylorExplainer(2));
            for (Explainer method : methods) {
                Explanation e = method.explain(Subject.of(f, n), 400, 1);
                String what = method.name() + " (order " + e.maxOrder() + ", n = " + n + ")";
                Checks.assertArrayClose(w, e.shapleyValues(), 1e-6, what + " Shapley");
                Checks.assertArrayClose(w, e.banzhafValues(), 1e-6, what + " Banzhaf");
                assertEquals(0.7, e.mobius().value(FeatureSet.EMPTY), 1e-6, what + " a(∅)");
                assertTrue(e.queries() <= 400, what + " stays within the budget");
            }
        }
    }

    @Test
    void faithBanzhafOnEveryMaskIsTheFaithBanzhafIndex() {
        int n = 6;
        double[] table = Games.randomTable(n, 11);
        SparseCoefficients mobius = Games.mobiusOf(table, n);
        for (int order = 1; order <= 4; order++) {
            Explanation e = new FaithBanzhafExplainer(order).explain(Subject.of(Games.table(table), n), 64, 3);
            assertEquals(64, e.queries());
            Checks.assertSameCoefficients(InteractionIndices.compute(mobius, Index.FBII, order), e.mobius(), 1e-9,
                    "FBII order " + order);
        }
        Explanation banzhaf = new BanzhafExplainer().explain(Subject.of(Games.table(table), n), 1000, 3);
        Checks.assertArrayClose(InteractionIndices.compute(mobius, Index.BV, 1).singletonValues(),
                banzhaf.banzhafValues(), 1e-9, "Banzhaf values");
    }

    @Test
    void faithShapOnEveryMaskIsTheFaithShapleyIndex() {
        int n = 6;
        double[] table = Games.randomTable(n, 12);
        SparseCoefficients mobius = Games.mobiusOf(table, n);
        for (int order = 1; order <= 4; order++) {
            Explanation e = new FaithShapExplainer(order).explain(Subject.of(Games.table(table), n), 64, 3);
            assertEquals(64, e.queries());
            Checks.assertSameCoefficients(InteractionIndices.compute(mobius, Index.FSII, order), e.mobius(), 1e-9,
                    "FSII order " + order);
        }
    }

    @Test
    void kernelShapOnEveryMaskIsTheShapleyValue() {
        int n = 8;
        double[] table = Games.randomTable(n, 13);
        SparseCoefficients mobius = Games.mobiusOf(table, n);
        Explanation e = new KernelShapExplainer().explain(Subject.of(Games.table(table), n), 10_000, 5);
        assertEquals(256, e.queries());
        Checks.assertArrayClose(InteractionIndices.compute(mobius, Index.SV, 1).singletonValues(),
                e.shapleyValues(), 1e-9, "Shapley values");
    }

    @Test
    void pairwiseGameIsRecoveredExactlyByOrderTwoFits() {
        int n = 10;
        SparseCoefficients truth = Games.pairwise(n, 8, 21);
        for (Explainer method : List.of(new FaithBanzhafExplainer(2),
                new FaithShapExplainer(2),
                new FaithShapExplainer(2, false))) {
            Explanation e = method.explain(Subject.of(Games.of(truth), n), 300, 4);
            assertTrue(e.queries() <= 300 && e.queries() < 1 << n, method.name() + " sampled a subset of the masks");
            Checks.assertSameCoefficients(truth, e.mobius(), 1e-6, method.name() + " Möbius");
        }
    }

    @Test
    void kernelShapValuesSumToTheFullMinusTheEmptyOutput() {
        int n = 10;
        double[] table = Games.randomTable(n, 14);
        for (boolean paired : new boolean[] {true, false}) {
            Explanation e = new KernelShapExplainer(paired).explain(Subject.of(Games.table(table), n), 150, 6);
            double sum = 0;
            for (double phi : e.shapleyValues()) {
                sum += phi;
            }
            assertEquals(table[(1 << n) - 1] - table[0], sum, 1e-9, "efficiency, paired = " + paired);
            assertEquals(table[0], e.mobius().value(FeatureSet.EMPTY), 1e-9, "a(∅) = f(0)");
            assertEquals(table[0], e.baseline(), 0.0);
            assertEquals(table[(1 << n) - 1], e.full(), 0.0);
            assertEquals(1, e.mobius().maxOrder());
            assertEquals(150, e.queries());
        }
    }

    @Test
    void faithShapKeepsBothEndsExactOnAnyGame() {
        int n = 9;
        double[] table = Games.randomTable(n, 15);
        Explanation e = new FaithShapExplainer(2).explain(Subject.of(Games.table(table), n), 200, 6);
        SparseCoefficients mobius = e.mobius();
        double all = 0;
        for (var entry : mobius.entries()) {
            all += entry.getValue();
        }
        assertEquals(table[0], mobius.value(FeatureSet.EMPTY), 1e-9);
        assertEquals(table[(1 << n) - 1], all, 1e-9);
    }

    @Test
    void shapleyKernelDesignEnumeratesOuterSizesAndSamplesTheRest() {
        MaskBatch.Builder masks = MaskBatch.builder(10, 300);
        Sampling.KernelDesign d = Sampling.shapleyKernel(masks, 298, true, new java.util.SplittableRandom(1));
        assertEquals(298, d.rows());
        assertEquals(4, d.completeSizes()); // sizes 1, 9, 2, 8: 20 + 90 coalitions
        assertEquals(188, d.sampled());
        double sum = 0;
        for (int t = 0; t < d.rows(); t++) {
            int kept = masks.keptCount(d.from() + t);
            assertTrue(kept >= 1 && kept <= 9);
            if (t >= 110) {
                assertTrue(kept >= 3 && kept <= 7, "sampled sizes are the remaining ones");
            }
            sum += d.classWeight()[d.rowClass()[t]];
        }
        assertEquals(298, sum, 1e-9, "weights average 1");
        for (int t = 111; t < d.rows(); t += 2) { // paired: each draw is followed by its complement
            for (int i = 0; i < 10; i++) {
                assertTrue(masks.get(d.from() + t - 1, i) != masks.get(d.from() + t, i));
            }
        }
    }

    @Test
    void uniformMasksAreDistinct() {
        MaskBatch.Builder masks = MaskBatch.builder(12, 1000);
        assertEquals(1000, Sampling.uniform(masks, 1000, new java.util.SplittableRandom(2)));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int r = 0; r < masks.rows(); r++) {
            assertTrue(seen.add(masks.bits(r)), "mask " + masks.bits(r) + " repeats");
            assertTrue(masks.bits(r) < 1 << 12);
        }
        MaskBatch.Builder all = MaskBatch.builder(5, 32);
        assertEquals(32, Sampling.uniform(all, 1000, new java.util.SplittableRandom(2)));
    }

    @Test
    void surrogateIsReturnedInTheFourierBasis() {
        Explanation e = new FaithShapExplainer(2).explain(Subject.of(Games.of(Games.pairwise(8, 4, 3)), 8), 300, 4);
        assertEquals(Basis.FOURIER, e.fourier().basis());
        assertEquals("faith-shap", e.method());
        assertEquals(2, e.maxOrder());
        assertTrue(e.timingMillis().keySet().containsAll(List.of("evaluate", "fit", "total")));
    }
}

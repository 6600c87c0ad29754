package org.spex4j.proxyspex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spex4j.Spex;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.eval.Faithfulness;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.MaskBatch;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.SparseFourierFunction;
import org.spex4j.value.ValueFunction;

/** ProxySPEX: exact tree transforms, the refit, the explainer's contract and its bad inputs. */
class ProxySpexTest {

    /** Σ_k F(k)(−1)^{|m ∩ k|} for a mask given as bits (n <= 63). */
    private static double fourierAt(Map<FeatureSet, Double> f, long mask) {
        double s = 0;
        for (Map.Entry<FeatureSet, Double> e : f.entrySet()) {
            s += Long.bitCount(e.getKey().toBits() & mask) % 2 == 0 ? e.getValue() : -e.getValue();
        }
        return s;
    }

    private static double scale(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return Math.max(m, 1e-300);
    }

    /** A hierarchical sparse function: interactions come with their lower-order subsets. */
    private static SparseCoefficients hierarchical(int n) {
        Map<FeatureSet, Double> c = new HashMap<>();
        c.put(FeatureSet.EMPTY, 0.4);
        c.put(FeatureSet.of(0), 1.5);
        c.put(FeatureSet.of(1), -1.0);
        c.put(FeatureSet.of(2), 0.8);
        c.put(FeatureSet.of(0, 1), 0.9);
        c.put(FeatureSet.of(3), -0.9);
        c.put(FeatureSet.of(3, 4), 0.8);  // every term holds > 5% of the energy, so the 95% rule keeps them all
        c.put(FeatureSet.of(n - 1), 0.7);
        return SparseCoefficients.of(n, Basis.FOURIER, c);
    }

    @Test
    void handMadeTreeWithARepeatedSplitIsTransformedExactly() {
        // root splits on 2; its x2 = 1 side splits on 0 and then on 2 again (a split both of whose bits go one way
        // after the first); thresholds 0.5 and 1.0 both send 0 left and 1 right
        Tree tree = new Tree(
                new int[] {1, -1, 3, 5, -1, -1, -1},
                new int[] {2, -1, 4, 6, -1, -1, -1},
                new int[] {2, 0, 0, 2, 0, 0, 0},
                new double[] {0.5, 1.25, 1.0, 0.5, -0.75, 3.0, 2.0});
        Map<FeatureSet, Double> f = TreeFourier.of(tree);
        for (long m = 0; m < 8; m++) {
            long mask = m;
            assertEquals(tree.evaluate(i -> (mask >>> i & 1) == 1), fourierAt(f, mask), 1e-12, "mask " + m);
        }
        // node 3 (x2 = 1 already) splits on 2 again: only its x2 = 1 child (leaf 6) is reachable there
        assertEquals(1.25, tree.evaluate(i -> false));
        assertEquals(2.0, tree.evaluate(i -> i == 2));
        assertEquals(-0.75, tree.evaluate(i -> true));
    }

    @Test
    void extractedTransformEqualsTheFittedTreesOnAllMasks() {
        int n = 9;
        SplittableRandom rng = new SplittableRandom(3);
        int rows = 300;
        float[] x = new float[rows * n];
        float[] y = new float[rows];
        ValueFunction f = new SparseFourierFunction(hierarchical(n), 0, 0);
        MaskBatch masks = MaskBatch.uniform(n, rows, rng);
        double[] values = f.evaluate(masks);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                x[r * n + i] = masks.get(r, i) ? 1f : 0f;
            }
            y[r] = (float) (values[r] + 0.05 * rng.nextGaussian());
        }
        int[] all = new int[rows];
        java.util.Arrays.setAll(all, r -> r);
        float[] cube = new float[(1 << n) * n];
        int[] every = new int[1 << n];
        for (int m = 0; m < 1 << n; m++) {
            every[m] = m;
            for (int i = 0; i < n; i++) {
                cube[m * n + i] = (m >>> i & 1);
            }
        }
        for (int depth : new int[] {2, 5}) {
            try (BoostedTrees trees = BoostedTrees.fit(x, n, y, all, new BoostedTrees.Params(depth, 60, 0.3), 0)) {
                List<Tree> list = trees.trees();
                assertEquals(60, list.size());
                Map<FeatureSet, Double> transform = TreeFourier.ensemble(list, trees.baseScore());
                double[] predicted = trees.predict(cube, every, 0);
                double[] fromTransform = new double[1 << n];
                for (int m = 0; m < 1 << n; m++) {
                    fromTransform[m] = fourierAt(transform, m);
                }
                assertArrayEquals(predicted, fromTransform, 1e-5 * scale(predicted), "depth " + depth);
                int maxOrder = transform.keySet().stream().mapToInt(FeatureSet::size).max().orElse(0);
                assertTrue(maxOrder >= 2 && maxOrder <= depth, "orders up to the depth, got " + maxOrder);
                // the first 30 trees of the fit are what predict(…, 30) uses
                double[] first30 = trees.predict(cube, every, 30);
                Map<FeatureSet, Double> t30 = TreeFourier.ensemble(list.subList(0, 30), trees.baseScore());
                for (int m = 0; m < 1 << n; m += 37) {
                    assertEquals(first30[m], fourierAt(t30, m), 1e-5 * scale(first30));
                }
            }
        }
    }

    @Test
    void ridgeSolvesItsNormalEquationsInBothForms() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 12;
        for (int rows : new int[] {120, 25}) {  // p = 40 < rows (primal) and p = 40 > rows (dual)
            MaskBatch masks = MaskBatch.uniform(n, rows, rng);
            List<FeatureSet> support = new ArrayList<>();
            while (support.size() < 40) {
                FeatureSet k = FeatureSet.ofBits(1 + rng.nextLong(1L << n) % ((1L << n) - 1));
                if (!support.contains(k)) {
                    support.add(k);
                }
            }
            double[] y = new double[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = 2 + rng.nextGaussian();
            }
            RidgeRefit.Fit fit = RidgeRefit.fit(support, masks.words(), masks.wordsPerRow(), rows, y);
            // (X_cᵀX_c + αI) β = X_cᵀ y_c, and the constant centres the fit
            int p = support.size();
            double[][] xc = new double[rows][p];
            double[] mean = new double[p];
            for (int a = 0; a < p; a++) {
                for (int r = 0; r < rows; r++) {
                    xc[r][a] = support.get(a).parityIn(masks.words(), r * masks.wordsPerRow()) == 0 ? 1 : -1;
                    mean[a] += xc[r][a] / rows;
                }
            }
            double yMean = java.util.Arrays.stream(y).average().orElseThrow();
            double[] residual = new double[p];
            double size = 0;
            for (int a = 0; a < p; a++) {
                double lhs = fit.alpha() * fit.beta()[a];
                double rhs = 0;
                for (int r = 0; r < rows; r++) {
                    double xa = xc[r][a] - mean[a];
                    double xb = 0;
                    for (int b = 0; b < p; b++) {
                        xb += (xc[r][b] - mean[b]) * fit.beta()[b];
                    }
                    lhs += xa * xb;
                    rhs += xa * (y[r] - yMean);
                }
                residual[a] = lhs - rhs;
                size = Math.max(size, Math.abs(rhs));
            }
            for (int a = 0; a < p; a++) {
                assertEquals(0, residual[a], 1e-8 * size, "rows " + rows + " term " + a);
            }
            double constant = yMean;
            for (int a = 0; a < p; a++) {
                constant -= mean[a] * fit.beta()[a];
            }
            assertEquals(constant, fit.constant(), 1e-10 * Math.abs(constant));
            assertTrue(fit.alpha() > 0);
        }
    }

    @Test
    void ridgeRecoversANoiselessSparseFunction() {
        int n = 30;
        SparseCoefficients truth = hierarchical(n);
        MaskBatch masks = MaskBatch.uniform(n, 200, new SplittableRandom(4));
        double[] y = new SparseFourierFunction(truth, 0, 0).evaluate(masks);
        List<FeatureSet> support = new ArrayList<>();
        for (Map.Entry<FeatureSet, Double> e : truth.entries()) {
            if (!e.getKey().isEmpty()) {
                support.add(e.getKey());
            }
        }
        support.add(FeatureSet.of(5, 6));  // a spurious term
        RidgeRefit.Fit fit = RidgeRefit.fit(support, masks.words(), masks.wordsPerRow(), 200, y);
        assertEquals(RidgeRefit.ALPHAS[0], fit.alpha(), "noiseless data: the least penalty");
        for (int a = 0; a < support.size(); a++) {
            double expected = truth.value(support.get(a));
            assertEquals(expected, fit.beta()[a], 1e-4, "term " + support.get(a));
        }
        assertEquals(0.4, fit.constant(), 1e-4);
    }

    @Test
    void energySelectionKeepsTheFewestLargestTerms() {
        Map<FeatureSet, Double> t = new HashMap<>();
        t.put(FeatureSet.EMPTY, 100.0);
        t.put(FeatureSet.of(0), 3.0);     // 9
        t.put(FeatureSet.of(1), -2.0);    // 4
        t.put(FeatureSet.of(0, 1), 1.0);  // 1
        t.put(FeatureSet.of(2), 0.5);     // 0.25; total 14.25
        assertEquals(List.of(FeatureSet.of(0), FeatureSet.of(1)), ProxySpexExplainer.strongest(t, 0.9));
        assertEquals(List.of(FeatureSet.of(0), FeatureSet.of(1), FeatureSet.of(0, 1)),
                ProxySpexExplainer.strongest(t, 0.95));
        assertEquals(4, ProxySpexExplainer.strongest(t, 1.0).size());
    }

    @Test
    void configurationErrorsNameTheSettingAndItsRange() {
        assertEquals("max order must be in 1..16, got 17", assertThrows(IllegalArgumentException.class,
                () -> ProxySpexConfig.builder().optMaxOrder(17)).getMessage());
        assertEquals("threads must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> ProxySpexConfig.builder().optThreads(-1)).getMessage());
        assertEquals("energy must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> ProxySpexConfig.builder().optEnergy(1.5)).getMessage());
        assertEquals(16, ProxySpexConfig.builder().optMaxOrder(16).build().maxOrder());
    }

    /** ProxySPEX with fixed trees (no cross-validation). */
    private static ProxySpexExplainer fixed() {
        return new ProxySpexExplainer(ProxySpexConfig.builder().optHyperparameters(3, 300, 0.1).build());
    }

    @Test
    void explainsASparseFunctionFaithfully() {
        int n = 40;
        SparseCoefficients truth = hierarchical(n);
        ValueFunction f = new SparseFourierFunction(truth, 0, 0);
        ProxySpexExplainer.Result result = fixed().run(Subject.of(f, n), 500, 1);
        Explanation e = result.explanation();
        assertEquals("proxyspex", e.method());
        assertEquals(500, e.queries());
        assertTrue(e.distinctQueries() <= 500 && e.distinctQueries() > 490);
        assertEquals(null, e.b());
        double r2 = Faithfulness.r2(e.fourier(), f, 2000, 77, 512);
        assertTrue(r2 > 0.99, "R² " + r2 + " " + e.fourier());
        for (Map.Entry<FeatureSet, Double> t : truth.entries()) {
            assertEquals(t.getValue(), e.fourier().value(t.getKey()), 0.05 * Math.abs(t.getValue()),
                    "term " + t.getKey());
        }
        assertTrue(result.kept() <= result.treeTerms());
        assertTrue(e.timingMillis().keySet().containsAll(List.of("evaluate", "fit", "extract", "refit", "total")));
    }

    @Test
    void crossValidationChoosesFromTheGridAndIsDeterministic() {
        int n = 16;
        ValueFunction f = new SparseFourierFunction(hierarchical(n), 0, 0);
        ProxySpexConfig config = ProxySpexConfig.builder().optMaxOrder(3).build();
        ProxySpexExplainer.Result a = new ProxySpexExplainer(config).run(Subject.of(f, n), 160, 5);
        ProxySpexExplainer.Result b = new ProxySpexExplainer(config).run(Subject.of(f, n), 160, 5);
        assertEquals(a.explanation().fourier().asMap(), b.explanation().fourier().asMap(), "same seed, same result");
        assertEquals(a.hyperparameters(), b.hyperparameters());
        assertTrue(a.hyperparameters().matches("depth [13], (500|1000) trees, learning rate 0\\.(01|1)"),
                a.hyperparameters());
        assertTrue(a.cvR2() > 0.8 && a.cvR2() <= 1, "CV R² " + a.cvR2());
        double r2 = Faithfulness.r2(a.explanation().fourier(), f, 1000, 3, 512);
        assertTrue(r2 > 0.95, "R² " + r2);
        ProxySpexExplainer.Result other = new ProxySpexExplainer(ProxySpexConfig.builder()
                .optMaxOrder(3).optHyperparameters(3, 500, 0.1).build()).run(Subject.of(f, n), 160, 6);
        assertNotEquals(a.explanation().fourier().asMap(), other.explanation().fourier().asMap(),
                "another seed samples other masks");
    }

    @Test
    void samplesIncludeTheAllMaskedAndAllKeptMasks() {
        int n = 70;
        List<String> seen = new ArrayList<>();
        ValueFunction f = batch -> {
            double[] out = new double[batch.rows()];
            for (int r = 0; r < batch.rows(); r++) {
                int kept = batch.keptCount(r);
                if (kept == 0 || kept == n) {
                    seen.add(kept == 0 ? "none" : "all");
                }
                out[r] = batch.get(r, 0) ? 1 : 0;
            }
            return out;
        };
        fixed().explain(Subject.of(f, n), 40, 0);
        assertTrue(seen.contains("none") && seen.contains("all"), seen.toString());
    }

    @Test
    void constantFunctionGivesOnlyTheConstant() {
        Explanation e = fixed().explain(Subject.of(batch -> {
            double[] out = new double[batch.rows()];
            java.util.Arrays.fill(out, -2.5);
            return out;
        }, 12), 50, 0);
        assertEquals(Map.of(FeatureSet.EMPTY, -2.5), e.fourier().asMap());
        assertEquals(0.0, e.shapleyValues()[3]);
    }

    @Test
    void budgetBelowTheMinimumIsRefusedNamingIt() {
        assertRefused(IllegalArgumentException.class,
                () -> fixed().explain(Subject.of(batch -> new double[batch.rows()], 12), ProxySpexConfig.MIN_BUDGET - 1,
                        0), "at least " + ProxySpexConfig.MIN_BUDGET, "got " + (ProxySpexConfig.MIN_BUDGET - 1));
        assertRefused(IllegalArgumentException.class,
                () -> fixed().explain(Subject.of(batch -> new double[batch.rows()], 0), 40, 0),
                "n must be >= 1 feature, got 0");
    }

    @Test
    void theFacadeKnowsTheMethod() {
        assertTrue(Spex.methods().contains("proxyspex"), Spex.methods().toString());
    }
}

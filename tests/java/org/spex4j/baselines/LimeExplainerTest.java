package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/** LIME on binary masks with the reference settings. */
class LimeExplainerTest {
    private static final double[] W = {2.0, -1.0, 0.5, 0.0, 3.5, -2.5, 1.25, 0.75};

    @Test
    void recoversTheWeightsOfALinearGameWithoutRidge() {
        Explanation e = new LimeExplainer(25, 0.0).explain(Subject.of(Games.additive(-0.4, W), 8), 500, 9);
        SparseCoefficients a = e.mobius();
        for (int i = 0; i < W.length; i++) {
            assertEquals(W[i], a.value(FeatureSet.of(i)), 1e-6, "weight " + i);
        }
        assertEquals(-0.4, a.value(FeatureSet.EMPTY), 1e-6, "intercept");
    }

    @Test
    void referenceRidgeShrinksOnlySlightlyAndMatchesTheClosedForm() {
        List<boolean[]> seen = new ArrayList<>();
        ValueFunction linear = Games.additive(-0.4, W);
        ValueFunction recording = batch -> {
            for (int r = 0; r < batch.rows(); r++) {
                boolean[] m = new boolean[batch.n()];
                for (int i = 0; i < m.length; i++) {
                    m[i] = batch.get(r, i);
                }
                seen.add(m);
            }
            return linear.evaluate(batch);
        };
        Explanation e = new LimeExplainer().explain(Subject.of(recording, 8), 2000, 9);
        SparseCoefficients a = e.mobius();
        for (int i = 0; i < W.length; i++) {
            assertEquals(W[i], a.value(FeatureSet.of(i)), 0.01 * Math.max(1, Math.abs(W[i])), "weight " + i);
        }
        // the same fit by dense sklearn-style algebra on the distinct masks seen (duplicates carry their count)
        java.util.Map<String, double[]> rows = new java.util.LinkedHashMap<>();
        MaskBatch.Builder replay = MaskBatch.builder(8, 2000);
        replay.addAllKept();
        Sampling.independent(replay, 1999, new java.util.SplittableRandom(9));
        for (int r = 0; r < replay.rows(); r++) {
            boolean[] m = new boolean[8];
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                m[i] = replay.get(r, i);
                key.append(m[i] ? '1' : '0');
            }
            rows.computeIfAbsent(key.toString(), k -> new double[1])[0] += 1;
        }
        assertEquals(rows.size(), seen.size(), "each distinct mask is queried once");
        int n = 8;
        double sw = 0;
        double[] xm = new double[n];
        double ym = 0;
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> wt = new ArrayList<>();
        for (var entry : rows.entrySet()) {
            double[] xr = new double[n];
            int kept = 0;
            double yr = -0.4;
            for (int i = 0; i < n; i++) {
                xr[i] = entry.getKey().charAt(i) == '1' ? 1 : 0;
                kept += (int) xr[i];
                yr += xr[i] * W[i];
            }
            double d = kept == 0 ? 1 : 1 - Math.sqrt(kept / 8.0);
            double weight = entry.getValue()[0] * Math.sqrt(Math.exp(-d * d / 625.0));
            x.add(xr);
            y.add(yr);
            wt.add(weight);
            sw += weight;
            ym += weight * yr;
            for (int i = 0; i < n; i++) {
                xm[i] += weight * xr[i];
            }
        }
        ym /= sw;
        for (int i = 0; i < n; i++) {
            xm[i] /= sw;
        }
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        DMatrixRMaj rhs = new DMatrixRMaj(n, 1);
        for (int r = 0; r < x.size(); r++) {
            for (int i = 0; i < n; i++) {
                double xi = x.get(r)[i] - xm[i];
                rhs.add(i, 0, wt.get(r) * xi * (y.get(r) - ym));
                for (int j = 0; j < n; j++) {
                    gram.add(i, j, wt.get(r) * xi * (x.get(r)[j] - xm[j]));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            gram.add(i, i, 1.0);
        }
        DMatrixRMaj beta = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(gram, rhs, beta));
        double intercept = ym;
        for (int i = 0; i < n; i++) {
            assertEquals(beta.get(i, 0), a.value(FeatureSet.of(i)), 1e-9, "ridge coefficient " + i);
            intercept -= xm[i] * beta.get(i, 0);
        }
        assertEquals(intercept, a.value(FeatureSet.EMPTY), 1e-9, "ridge intercept");
        assertEquals(2000, e.queries());
        assertEquals(rows.size(), e.distinctQueries());
    }

    @Test
    void weightsFollowTheCosineKernel() {
        LimeExplainer lime = new LimeExplainer();
        assertEquals(1.0, lime.weight(8, 8), 0.0);
        double d = 1 - Math.sqrt(0.5);
        assertEquals(Math.sqrt(Math.exp(-d * d / 625)), lime.weight(4, 8), 1e-15);
        assertEquals(Math.sqrt(Math.exp(-1 / 625.0)), lime.weight(0, 8), 1e-15);
    }

    @Test
    void rejectsBadSettings() {
        assertRefused(IllegalArgumentException.class, () -> new LimeExplainer(0, 1),
                "kernel width must be positive and finite, got 0.0");
        assertRefused(IllegalArgumentException.class, () -> new LimeExplainer(25, -1),
                "ridge alpha must be finite and >= 0, got -1.0");
        assertRefused(IllegalArgumentException.class, () -> new LimeExplainer(25, Double.NaN),
                "ridge alpha must be finite and >= 0, got NaN");
    }
}

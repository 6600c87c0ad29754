package org.spex4j.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.MaskBatch;

/** The regression engine: bit-counted normal equations and the ridge fallback (the solves: CholeskyTest). */
class SetRegressionTest {
    private static double feature(Basis basis, FeatureSet t, MaskBatch.Builder m, int row) {
        if (basis == Basis.MOBIUS) {
            return t.allIn(m.words(), row * m.wordsPerRow()) ? 1 : 0;
        }
        return t.parityIn(m.words(), row * m.wordsPerRow()) == 0 ? 1 : -1;
    }

    @Test
    void normalEquationsEqualTheDenseProducts() {
        int n = 70; // two words per mask
        MaskBatch.Builder masks = MaskBatch.builder(n, 150);
        Sampling.independent(masks, 150, new SplittableRandom(1));
        List<FeatureSet> terms = new java.util.ArrayList<>(SetRegression.termsUpTo(n, 1));
        terms.add(FeatureSet.of(3, 65));
        terms.add(FeatureSet.of(0, 64, 69));
        int[] rowClass = new int[150];
        double[] y = new double[150];
        SplittableRandom random = new SplittableRandom(2);
        for (int t = 0; t < 150; t++) {
            rowClass[t] = random.nextInt(3);
            y[t] = random.nextDouble();
        }
        double[] classWeight = {0.5, 2.0, 1.25};
        SetRegression.Design d = new SetRegression.Design(masks, 0, 150, rowClass, classWeight, y);
        for (Basis basis : Basis.values()) {
            SetRegression.NormalEquations ne = SetRegression.normalEquations(d, terms, basis);
            int p = terms.size();
            for (int a = 0; a < p; a++) {
                double rhs = 0;
                for (int t = 0; t < 150; t++) {
                    rhs += classWeight[rowClass[t]] * y[t] * feature(basis, terms.get(a), masks, t);
                }
                assertEquals(rhs, ne.rhs()[a], 1e-9, basis + " rhs " + a);
                for (int b = 0; b < p; b += 7) {
                    double g = 0;
                    for (int t = 0; t < 150; t++) {
                        g += classWeight[rowClass[t]] * feature(basis, terms.get(a), masks, t)
                                * feature(basis, terms.get(b), masks, t);
                    }
                    assertEquals(g, ne.gram()[a * p + b], 1e-9, basis + " gram " + a + "," + b);
                }
            }
        }
    }

    @Test
    void rankDeficientDesignFallsBackToTheLeaveOneOutRidge() {
        int n = 5;
        List<FeatureSet> terms = SetRegression.termsUpTo(n, 2); // 16 terms
        MaskBatch.Builder masks = MaskBatch.builder(n, 12);
        Sampling.uniform(masks, 12, new SplittableRandom(5)); // 12 masks for 16 terms
        SplittableRandom random = new SplittableRandom(6);
        double[] y = new double[12];
        for (int t = 0; t < 12; t++) {
            y[t] = random.nextDouble(-1, 1);
        }
        SetRegression.Design d = new SetRegression.Design(masks, 0, 12, new int[12], new double[] {1.0}, y);
        SetRegression.Fit fit = SetRegression.fit(d, terms, null);
        assertEquals(SetRegression.Solver.RIDGE_LOO_CV, fit.solver());

        // brute force: refit without each row for every α, keep the α of least LOO error, compare the solution
        int p = terms.size();
        double bestScore = Double.POSITIVE_INFINITY;
        double bestAlpha = -1;
        double[] bestBeta = null;
        for (double alpha : SetRegression.RIDGE_ALPHAS) {
            double score = 0;
            for (int out = 0; out < 12; out++) {
                double[] beta = ridge(masks, terms, y, alpha, out);
                double predicted = 0;
                for (int a = 0; a < p; a++) {
                    predicted += beta[a] * feature(Basis.MOBIUS, terms.get(a), masks, out);
                }
                score += (y[out] - predicted) * (y[out] - predicted);
            }
            if (score < bestScore) {
                bestScore = score;
                bestAlpha = alpha;
                bestBeta = ridge(masks, terms, y, alpha, -1);
            }
        }
        assertEquals(bestAlpha, fit.alpha(), 0.0);
        var mobius = org.spex4j.math.Conversions.fourierToMobius(fit.fourier());
        for (int a = 0; a < p; a++) {
            assertEquals(bestBeta[a], mobius.value(terms.get(a)), 1e-9, "ridge coefficient of " + terms.get(a));
        }
    }

    /** Ridge in the Möbius basis on all rows but {@code leftOut}. */
    private static double[] ridge(MaskBatch.Builder masks, List<FeatureSet> terms, double[] y, double alpha, int leftOut) {
        int p = terms.size();
        DMatrixRMaj g = new DMatrixRMaj(p, p);
        DMatrixRMaj r = new DMatrixRMaj(p, 1);
        for (int t = 0; t < y.length; t++) {
            if (t == leftOut) {
                continue;
            }
            for (int a = 0; a < p; a++) {
                double xa = feature(Basis.MOBIUS, terms.get(a), masks, t);
                r.add(a, 0, xa * y[t]);
                for (int b = 0; b < p; b++) {
                    g.add(a, b, xa * feature(Basis.MOBIUS, terms.get(b), masks, t));
                }
            }
        }
        for (int a = 0; a < p; a++) {
            g.add(a, a, alpha);
        }
        DMatrixRMaj beta = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.solve(g, r, beta);
        return beta.data;
    }
}

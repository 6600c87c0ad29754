package org.spex4j.spex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.spex4j.math.Cholesky;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.KFold;

/**
 * The refit of spec §7.3 on all SPEX queries: the support is the peeled k's with the constant and every
 * first-order term, the design is X[m, k] = (-1)^{<m, k>} over the C · P · 2^b queries.
 *
 * <p>The design never needs to be formed. A query of group c, delay p and index z has
 * (-1)^{<m, k>} = sig_p(k) · (-1)^{<z, j_c(k)>}, so two columns k, k' meet only where j_c(k) = j_c(k'), and then
 * X_k'X_k' sums sig_p(k) sig_p(k') · 2^b over that group's delays; X_k'y is 2^b Σ_p sig_p(k) U_{c,p}(j_c(k)) with
 * the unpeeled transforms U. Cross-validation folds are contiguous runs of (group, delay) blocks in query order,
 * the block-aligned form of scikit-learn's unshuffled 5-fold split, so each fold's normal equations come out the
 * same way. A 43,008 × 1,100 lasso path then costs milliseconds instead of a dense solve.
 */
final class SpexRegression {
    static final int FOLDS = 5;
    static final int ALPHAS = 100;
    static final double EPS = 1e-3;
    static final double[] RIDGE_ALPHAS = {0.1, 1.0, 10.0};

    private final List<FeatureSet> support;
    private final GramSystem total;
    private final GramSystem[] folds;

    /**
     * @param peeled  the k's found by peeling
     * @param design  the sampling design (bins j_c(k) and delay signatures sig_p(k))
     * @param rawU    the transforms before peeling, C blocks of P x 2^b
     * @param samples the query values, in query order (group, delay, z)
     */
    SpexRegression(int n, Set<FeatureSet> peeled, SpexDesign design, double[] rawU, double[] samples) {
        Set<FeatureSet> s = new LinkedHashSet<>();
        s.add(FeatureSet.EMPTY);
        for (int i = 0; i < n; i++) {
            s.add(FeatureSet.of(i));
        }
        s.addAll(peeled);
        support = new ArrayList<>(s);
        int size = support.size();
        int groups = design.groups(), delays = design.delays(), b = design.b();
        int bins = 1 << b;
        double scale = bins;

        // block (c, p) -> fold: contiguous runs, the first (blocks % FOLDS) folds one block longer
        int blocks = groups * delays;
        int[] foldOf = KFold.foldOf(blocks, FOLDS);

        int[][] bin = new int[size][groups];
        double[][] sig = new double[size][];
        for (int a = 0; a < size; a++) {
            int[] k = support.get(a).toArray();
            for (int c = 0; c < groups; c++) {
                bin[a][c] = design.binOf(c, k);
            }
            sig[a] = design.signature(k);
        }

        // X'y per fold, and y'y per fold from the samples
        double[][] xty = new double[FOLDS][size];
        for (int a = 0; a < size; a++) {
            for (int c = 0; c < groups; c++) {
                for (int p = 0; p < delays; p++) {
                    xty[foldOf[c * delays + p]][a] += scale * sig[a][p] * rawU[(c * delays + p) * bins + bin[a][c]];
                }
            }
        }
        double[] yty = new double[FOLDS];
        for (int blk = 0; blk < blocks; blk++) {
            double e = 0;
            for (int z = 0; z < bins; z++) {
                double v = samples[blk * bins + z];
                e += v * v;
            }
            yty[foldOf[blk]] += e;
        }

        // off-diagonal X'X per fold: one entry per (pair, group) where the pair shares a bin; a pair that meets
        // in several groups gets several entries, which every consumer of the CSR adds up
        int[][] order = new int[groups][];
        int[][] bucketStart = new int[groups][];
        int[] degree = new int[size];
        for (int c = 0; c < groups; c++) {
            int[] start = new int[bins + 1];
            for (int a = 0; a < size; a++) {
                start[bin[a][c] + 1]++;
            }
            for (int j = 0; j < bins; j++) {
                start[j + 1] += start[j];
            }
            int[] fill = start.clone();
            int[] ord = new int[size];
            for (int a = 0; a < size; a++) {
                ord[fill[bin[a][c]]++] = a;
            }
            for (int j = 0; j < bins; j++) {
                int len = start[j + 1] - start[j];
                for (int x = start[j]; x < start[j + 1]; x++) {
                    degree[ord[x]] += len - 1;
                }
            }
            order[c] = ord;
            bucketStart[c] = start;
        }
        int[] rowStart = new int[size + 1];
        for (int a = 0; a < size; a++) {
            rowStart[a + 1] = rowStart[a] + degree[a];
        }
        int nnz = rowStart[size];
        int[] cols = new int[nnz];
        double[][] vals = new double[FOLDS][nnz];
        int[] fill = rowStart.clone();
        double[] acc = new double[FOLDS];
        for (int c = 0; c < groups; c++) {
            int[] ord = order[c], start = bucketStart[c];
            for (int j = 0; j < bins; j++) {
                for (int x = start[j]; x < start[j + 1]; x++) {
                    for (int y = x + 1; y < start[j + 1]; y++) {
                        int a = ord[x], a2 = ord[y];
                        java.util.Arrays.fill(acc, 0);
                        for (int p = 0; p < delays; p++) {
                            acc[foldOf[c * delays + p]] += scale * sig[a][p] * sig[a2][p];
                        }
                        int qa = fill[a]++, qb = fill[a2]++;
                        cols[qa] = a2;
                        cols[qb] = a;
                        for (int f = 0; f < FOLDS; f++) {
                            vals[f][qa] = acc[f];
                            vals[f][qb] = acc[f];
                        }
                    }
                }
            }
        }
        folds = new GramSystem[FOLDS];
        double[] totalVals = new double[nnz];
        double[] totalXty = new double[size];
        double totalYty = 0, totalRows = 0;
        for (int f = 0; f < FOLDS; f++) {
            double rows = (double) KFold.size(blocks, FOLDS, f) * bins;
            folds[f] = new GramSystem(size, rows, rowStart, cols, vals[f], xty[f], yty[f]);
            for (int q = 0; q < nnz; q++) {
                totalVals[q] += vals[f][q];
            }
            for (int a = 0; a < size; a++) {
                totalXty[a] += xty[f][a];
            }
            totalYty += yty[f];
            totalRows += rows;
        }
        total = new GramSystem(size, totalRows, rowStart, cols, totalVals, totalXty, totalYty);
    }

    List<FeatureSet> support() {
        return support;
    }

    /** The refit coefficients on the support (same order as {@link #support()}). */
    double[] fit(Refit refit) {
        switch (refit) {
            case OLS:
                return solve(total, 0);
            case RIDGE:
                return solve(total, bestByCv(RIDGE_ALPHAS, false));
            case LASSO:
                return lassoCv();
            default:
                throw new IllegalArgumentException("no regression for refit " + refit);
        }
    }

    private double[] lassoCv() {
        double[] alphas = LassoSolver.alphaGrid(total, ALPHAS, EPS);
        if (alphas[0] == 0) {
            return new double[total.size];
        }
        double best = bestByCv(alphas, true);
        // refit on all queries along the path down to the chosen alpha (warm starts)
        double[] beta = new double[total.size];
        double[] r = total.xty.clone();
        for (double alpha : alphas) {
            LassoSolver.fit(total, alpha, beta, r);
            if (alpha == best) {
                break;
            }
        }
        return beta;
    }

    /** The alpha with the least mean held-out squared error over the folds. */
    private double bestByCv(double[] alphas, boolean lasso) {
        double[] mse = new double[alphas.length];
        for (int f = 0; f < FOLDS; f++) {
            GramSystem train = total.minus(folds[f]);
            GramSystem test = folds[f];
            double[] beta = new double[train.size];
            double[] r = train.xty.clone();
            for (int i = 0; i < alphas.length; i++) {
                if (lasso) {
                    LassoSolver.fit(train, alphas[i], beta, r);
                } else {
                    beta = solve(train, alphas[i]);
                }
                mse[i] += test.residualSumOfSquares(beta) / test.rows / FOLDS;
            }
        }
        int best = 0;
        for (int i = 1; i < alphas.length; i++) {
            if (mse[i] < mse[best]) {
                best = i;
            }
        }
        return alphas[best];
    }

    /**
     * (X'X + lambda I) beta = X'y by Cholesky, with a pseudo-inverse where X'X is singular
     * ({@link Cholesky#solveOrPseudoInverse}: unscaled, since X'X already has N on its diagonal).
     */
    static double[] solve(GramSystem g, double lambda) {
        double[][] dense = g.dense();
        for (int a = 0; a < g.size; a++) {
            dense[a][a] += lambda;
        }
        return Cholesky.solveOrPseudoInverse(dense, g.xty);
    }
}

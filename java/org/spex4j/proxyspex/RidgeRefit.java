package org.spex4j.proxyspex;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.spex4j.math.Basis;
import org.spex4j.math.BitColumns;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SymmetricEigen;

/**
 * Ridge regression of targets on the Fourier characters {@code χ_k(m) = (−1)^{|m ∩ k|}} of a support, with an
 * unpenalised constant, and the penalty α chosen from {@link #ALPHAS} by exact leave-one-out cross-validation.
 *
 * <p>With centred columns X_c, the hat matrix is {@code 11ᵀ/m + Σ_j d_j/(d_j + α) s_j s_jᵀ}, where (d_j, s_j) are
 * the eigenpairs of the smaller of X_cᵀX_c (p ≤ m: s_j = X_c v_j / √d_j) and X_c X_cᵀ (p &gt; m). One
 * eigendecomposition then gives every α's fitted values and hat diagonal h_ii, and so the leave-one-out residuals
 * (y_i − ŷ_i)/(1 − h_ii). Gram entries of ±1 columns are {@code rows − 2·popcount(a XOR b)} over
 * {@link BitColumns}; the eigenpairs come from {@link SymmetricEigen}.
 *
 * <p>The baselines' ridge fallback scores its penalties the same way in exact arithmetic, but without a constant,
 * with row weights and in another order of operations (u = X v instead of s = X_c v/√d); the two stay separate
 * loops so that neither method's explanations change in the last bits.
 */
final class RidgeRefit {
    /** The penalties tried: 10^-6 .. 10^6, 100 values evenly spaced in log (the reference's RidgeCV grid). */
    static final double[] ALPHAS = new double[100];

    static {
        for (int i = 0; i < ALPHAS.length; i++) {
            ALPHAS[i] = Math.pow(10, -6 + 12.0 * i / (ALPHAS.length - 1));
        }
    }

    /** The fit: the constant, one coefficient per support term, and the chosen penalty. */
    record Fit(double constant, double[] beta, double alpha) {
    }

    private RidgeRefit() {
    }

    /**
     * Fits {@code y} over the masks {@code words} (rows × wordsPerRow, bit 1 keeps) on the characters of
     * {@code support} (non-empty sets) plus a constant.
     */
    static Fit fit(List<FeatureSet> support, long[] words, int wordsPerRow, int rows, double[] y) {
        int p = support.size();
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= rows;
        if (p == 0) {
            return new Fit(yMean, new double[0], 0);
        }
        double[] yc = new double[rows];
        for (int r = 0; r < rows; r++) {
            yc[r] = y[r] - yMean;
        }
        // bit columns: bit r of column a is the parity of |m_r ∩ k_a| (1 means χ = −1)
        int[] all = new int[rows];
        for (int r = 0; r < rows; r++) {
            all[r] = r;
        }
        BitColumns cols = BitColumns.of(words, wordsPerRow, all, support, Basis.FOURIER);
        double[] xMean = new double[p];
        for (int a = 0; a < p; a++) {
            xMean[a] = (rows - 2.0 * cols.count(a)) / rows;
        }
        boolean primal = p <= rows;
        int size = primal ? p : rows;
        DMatrixRMaj gram = new DMatrixRMaj(size, size);
        if (primal) {
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    double g = rows - 2.0 * cols.xorCount(a, b) - rows * xMean[a] * xMean[b];
                    gram.unsafe_set(a, b, g);
                    gram.unsafe_set(b, a, g);
                }
            }
        } else {
            // X_c X_cᵀ = (I − J/m) X Xᵀ (I − J/m), with (X Xᵀ)_{ir} = p − 2·popcount(row_i XOR row_r)
            BitColumns rowBits = cols.transpose();
            double[] rowMean = new double[rows];
            double total = 0;
            for (int i = 0; i < rows; i++) {
                for (int r = i; r < rows; r++) {
                    double k = p - 2.0 * rowBits.xorCount(i, r);
                    gram.unsafe_set(i, r, k);
                    gram.unsafe_set(r, i, k);
                }
            }
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += gram.unsafe_get(i, r);
                }
                rowMean[i] = s / rows;
                total += s;
            }
            double grand = total / ((double) rows * rows);
            for (int i = 0; i < rows; i++) {
                for (int r = 0; r < rows; r++) {
                    gram.unsafe_set(i, r, gram.unsafe_get(i, r) - rowMean[i] - rowMean[r] + grand);
                }
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(gram.data, size);
        double dMax = 0;
        for (int j = 0; j < size; j++) {
            dMax = Math.max(dMax, eig.values()[j]);
        }
        // the retained eigenpairs (d_j, s_j) and the projections q_j = s_jᵀ y_c
        int kept = 0;
        double[] d = new double[size];
        double[][] vecs = new double[size][];
        for (int j = 0; j < size; j++) {
            double dj = eig.values()[j];
            if (dj > 1e-12 * dMax) {
                d[kept] = dj;
                vecs[kept++] = eig.vectors()[j];
            }
        }
        double[][] s = new double[kept][];
        double[][] v = primal ? vecs : null;
        if (primal) {
            // s_j = X_c v_j / √d_j, one centred row at a time
            for (int j = 0; j < kept; j++) {
                s[j] = new double[rows];
            }
            double[] xr = new double[p];
            for (int r = 0; r < rows; r++) {
                for (int a = 0; a < p; a++) {
                    xr[a] = (cols.get(a, r) ? -1.0 : 1.0) - xMean[a];
                }
                for (int j = 0; j < kept; j++) {
                    double[] vec = vecs[j];
                    double z = 0;
                    for (int a = 0; a < p; a++) {
                        z += xr[a] * vec[a];
                    }
                    s[j][r] = z / Math.sqrt(d[j]);
                }
            }
        } else {
            System.arraycopy(vecs, 0, s, 0, kept);
        }
        double[] q = new double[kept];
        for (int j = 0; j < kept; j++) {
            double dot = 0;
            for (int r = 0; r < rows; r++) {
                dot += s[j][r] * yc[r];
            }
            q[j] = dot;
        }
        // leave-one-out error of every α
        double bestAlpha = ALPHAS[0];
        double bestError = Double.POSITIVE_INFINITY;
        double[] shrink = new double[kept];
        for (double alpha : ALPHAS) {
            for (int j = 0; j < kept; j++) {
                shrink[j] = d[j] / (d[j] + alpha);
            }
            double error = 0;
            for (int r = 0; r < rows; r++) {
                double fitted = 0;
                double h = 1.0 / rows;
                for (int j = 0; j < kept; j++) {
                    double sr = s[j][r];
                    fitted += sr * shrink[j] * q[j];
                    h += sr * sr * shrink[j];
                }
                double e = (yc[r] - fitted) / (1 - h);
                error += e * e;
            }
            if (error < bestError) {  // strictly smaller: ties keep the smaller α
                bestError = error;
                bestAlpha = alpha;
            }
        }
        // coefficients at the chosen α
        double[] beta = new double[p];
        if (primal) {
            // β = Σ_j v_j · (√d_j q_j)/(d_j + α), since v_jᵀ X_cᵀ y_c = √d_j · q_j
            for (int j = 0; j < kept; j++) {
                double c = Math.sqrt(d[j]) * q[j] / (d[j] + bestAlpha);
                for (int a = 0; a < p; a++) {
                    beta[a] += c * v[j][a];
                }
            }
        } else {
            // β = X_cᵀ w with w = Σ_j s_j q_j/(d_j + α)
            double[] w = new double[rows];
            for (int j = 0; j < kept; j++) {
                double c = q[j] / (d[j] + bestAlpha);
                for (int r = 0; r < rows; r++) {
                    w[r] += c * s[j][r];
                }
            }
            for (int a = 0; a < p; a++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    double x = (cols.get(a, r) ? -1.0 : 1.0) - xMean[a];
                    sum += x * w[r];
                }
                beta[a] = sum;
            }
        }
        double constant = yMean;
        for (int a = 0; a < p; a++) {
            constant -= xMean[a] * beta[a];
        }
        return new Fit(constant, beta, bestAlpha);
    }
}

package org.spex4j.baselines;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.spex4j.math.Basis;
import org.spex4j.math.Binomial;
import org.spex4j.math.BitColumns;
import org.spex4j.math.Cholesky;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Subsets;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.math.SymmetricEigen;
import org.spex4j.math.MaskBatch;

/**
 * Weighted least squares over the set functions spanned by a list of terms (every subset of at most ℓ features):
 * the engine of Banzhaf, Faith-Banzhaf, KernelSHAP and Faith-Shap.
 *
 * <p>The fit minimises {@code Σ_r w_r (g(m_r) − y_r)²} over {@code g(m) = Σ_{T ⊆ m} β_T} (the Möbius basis of SPEX.md
 * §3.2), optionally subject to {@code g(0) = f0} and {@code g(1) = f1}. Without a ridge the minimiser is a property of
 * the span, not of the basis, so it is computed in the Fourier (parity) basis {@code χ_T(m) = (−1)^{|m ∩ T|}}, which
 * spans the same functions and whose normal equations are far better conditioned (on uniform masks they are close to
 * a multiple of the identity); the result comes out directly as Fourier coefficients.
 *
 * <p>The normal equations are exact sums of weights: rows are grouped into classes of equal weight, every term becomes
 * a bit column over a class's rows (AND of its features' bits for Möbius indicators, XOR for parities), and each Gram
 * entry is a weight times a population count. They are solved by {@link Cholesky#solveScaled}; when a pivot falls
 * below {@value Cholesky#MIN_PIVOT} (the design does not determine every term) the fit falls back to a ridge in
 * the Möbius basis, as the reference's {@code RidgeCV(fit_intercept=False)}, with α chosen from
 * {@link #RIDGE_ALPHAS} by exact leave-one-out cross-validation computed from one eigendecomposition.
 */
final class SetRegression {
    /** The ridge penalties tried by the fallback, smallest first. */
    static final double[] RIDGE_ALPHAS = {1e-3, 1e-2, 0.1, 1.0, 10.0};
    /** Most terms a dense fit accepts (its normal matrix holds the square of this many doubles). */
    static final int MAX_TERMS = 10_000;

    private SetRegression() {
    }

    /**
     * The rows {@code from .. from + rows − 1} of {@code masks}; row {@code from + t} has weight
     * {@code classWeight[rowClass[t]]} and target {@code values[from + t]}.
     */
    record Design(MaskBatch.Builder masks, int from, int rows, int[] rowClass, double[] classWeight, double[] values) {
        double weight(int t) {
            return classWeight[rowClass[t]];
        }
    }

    /** The constraints {@code g(0…0) = f0} and {@code g(1…1) = f1}. */
    record Pins(double f0, double f1) {
    }

    /** How a fit was solved. */
    enum Solver {
        /** Least squares (Cholesky of the normal equations). */
        OLS,
        /** Ridge in the Möbius basis with α chosen by leave-one-out cross-validation. */
        RIDGE_LOO_CV
    }

    /** A fitted surrogate in the Fourier basis, how it was solved and the ridge α (0 for least squares). */
    record Fit(SparseCoefficients fourier, Solver solver, double alpha) {
    }

    /** The normal equations {@code Σ w x xᵀ} (p × p, row-major, symmetric) and {@code Σ w y x}. */
    record NormalEquations(double[] gram, double[] rhs) {
    }

    /** Every subset of {0..n−1} with at most {@code order} features, by size then lexicographically (∅ first). */
    static List<FeatureSet> termsUpTo(int n, int order) {
        double count = Binomial.subsetsUpTo(n, order);
        if (count > MAX_TERMS) {
            throw new IllegalArgumentException("a fit of order " + order + " over n = " + n + " features has "
                    + (long) count + " terms; at most " + MAX_TERMS + " fit in memory");
        }
        List<FeatureSet> terms = new ArrayList<>((int) count);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Subsets.forEach(FeatureSet.of(all), 0, order, terms::add);
        return terms;
    }

    /** The least-squares fit of the design over the terms (see the class comment); {@code pins} may be null. */
    static Fit fit(Design d, List<FeatureSet> terms, Pins pins) {
        NormalEquations ne = normalEquations(d, terms, Basis.FOURIER);
        Elimination e = Elimination.of(terms, Basis.FOURIER, pins);
        double[] z = e.free.length == 0 ? new double[0]
                : Cholesky.solveScaled(e.reduceGram(ne.gram()), e.reduceRhs(ne.gram(), ne.rhs()), e.free.length);
        if (z != null) {
            return new Fit(coefficients(d.masks().n(), Basis.FOURIER, terms, e.expand(z)), Solver.OLS, 0.0);
        }
        ne = normalEquations(d, terms, Basis.MOBIUS);
        e = Elimination.of(terms, Basis.MOBIUS, pins);
        double[] alpha = new double[1];
        z = ridgeLooCv(d, terms, e, ne, alpha);
        SparseCoefficients mobius = coefficients(d.masks().n(), Basis.MOBIUS, terms, e.expand(z));
        return new Fit(Conversions.mobiusToFourier(mobius), Solver.RIDGE_LOO_CV, alpha[0]);
    }

    /** The non-zero coefficients {@code beta} of the terms as a sparse function in {@code basis}. */
    static SparseCoefficients coefficients(int n, Basis basis, List<FeatureSet> terms, double[] beta) {
        Map<FeatureSet, Double> map = new HashMap<>();
        for (int a = 0; a < beta.length; a++) {
            if (beta[a] != 0.0) {
                map.put(terms.get(a), beta[a]);
            }
        }
        return SparseCoefficients.of(n, basis, map);
    }

    /**
     * The weighted normal equations of the design in {@code basis} (Möbius: {@code x_T(m) = [T ⊆ m]}; Fourier:
     * {@code x_T(m) = (−1)^{|m ∩ T|}}), counted over the {@link BitColumns} of each weight class's rows.
     */
    static NormalEquations normalEquations(Design d, List<FeatureSet> terms, Basis basis) {
        int p = terms.size();
        boolean mobius = basis == Basis.MOBIUS;
        double[] gram = new double[p * p];
        double[] rhs = new double[p];
        int classes = d.classWeight().length;
        int[] count = new int[classes];
        for (int t = 0; t < d.rows(); t++) {
            count[d.rowClass()[t]]++;
        }
        int[][] members = new int[classes][];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[count[c]];
            count[c] = 0;
        }
        for (int t = 0; t < d.rows(); t++) {
            int c = d.rowClass()[t];
            members[c][count[c]++] = t;
        }
        for (int c = 0; c < classes; c++) {
            int m = members[c].length;
            if (m == 0) {
                continue;
            }
            int[] rows = new int[m];
            double[] y = new double[m];
            double ySum = 0;
            for (int t = 0; t < m; t++) {
                rows[t] = d.from() + members[c][t];
                y[t] = d.values()[rows[t]];
                ySum += y[t];
            }
            BitColumns cols = BitColumns.of(d.masks().words(), d.masks().wordsPerRow(), rows, terms, basis);
            double weight = d.classWeight()[c];
            for (int a = 0; a < p; a++) {
                double s = cols.sum(a, y);
                rhs[a] += weight * (mobius ? s : ySum - 2 * s);
            }
            IntStream.range(0, p).parallel().forEach(a -> {
                for (int b = a; b < p; b++) {
                    if (mobius) {
                        gram[a * p + b] += weight * cols.andCount(a, b);
                    } else {
                        gram[a * p + b] += weight * (m - 2 * cols.xorCount(a, b));
                    }
                }
            });
        }
        for (int a = 0; a < p; a++) {
            for (int b = a + 1; b < p; b++) {
                gram[b * p + a] = gram[a * p + b];
            }
        }
        return new NormalEquations(gram, rhs);
    }

    /**
     * The ridge solution of the reduced problem in the Möbius basis, α chosen from {@link #RIDGE_ALPHAS} by exact
     * weighted leave-one-out error ({@code Σ_r w_r ((y_r − ŷ_r)/(1 − h_r))²}, as RidgeCV's efficient LOO), all from
     * one eigendecomposition of the reduced normal matrix. {@code alphaOut[0]} receives the chosen α. (ProxySPEX's
     * {@code RidgeRefit} scores its penalties by the same identity, centred and unweighted, in its own order of
     * operations; each keeps its own loop so that its explanations stay bit for bit the same.)
     */
    static double[] ridgeLooCv(Design d, List<FeatureSet> terms, Elimination e, NormalEquations ne,
            double[] alphaOut) {
        int q = e.free.length;
        if (q == 0) {
            alphaOut[0] = 0.0;
            return new double[0];
        }
        double[] rhs = e.reduceRhs(ne.gram(), ne.rhs());
        SymmetricEigen eig = SymmetricEigen.of(e.reduceGram(ne.gram()), q);
        double[] lambda = new double[q];
        DMatrixRMaj v = new DMatrixRMaj(q, q);
        for (int k = 0; k < q; k++) {
            lambda[k] = Math.max(0.0, eig.values()[k]);
            for (int i = 0; i < q; i++) {
                v.unsafe_set(i, k, eig.vectors()[k][i]);
            }
        }
        double[] c = new double[q];
        for (int k = 0; k < q; k++) {
            double sum = 0;
            for (int i = 0; i < q; i++) {
                sum += v.unsafe_get(i, k) * rhs[i];
            }
            c[k] = sum;
        }
        double[] score = new double[RIDGE_ALPHAS.length];
        int p = terms.size();
        int w = d.masks().wordsPerRow();
        long[] mw = d.masks().words();
        int chunk = Math.max(1, Math.min(d.rows(), 256));
        DMatrixRMaj x = new DMatrixRMaj(chunk, q);
        DMatrixRMaj u = new DMatrixRMaj(chunk, q);
        double[] full = new double[p];
        double[] target = new double[chunk];
        for (int from = 0; from < d.rows(); from += chunk) {
            int rows = Math.min(chunk, d.rows() - from);
            x.reshape(rows, q);
            for (int t = 0; t < rows; t++) {
                int r = d.from() + from + t;
                double fixed = 0;
                for (int a = 0; a < p; a++) {
                    full[a] = terms.get(a).allIn(mw, r * w) ? 1.0 : 0.0;
                    fixed += full[a] * e.beta0[a];
                }
                for (int j = 0; j < q; j++) {
                    x.unsafe_set(t, j, full[e.free[j]] - (e.anchor[j] >= 0 ? full[e.anchor[j]] : 0.0));
                }
                target[t] = d.values()[r] - fixed;
            }
            u.reshape(rows, q);
            CommonOps_DDRM.mult(x, v, u);
            for (int t = 0; t < rows; t++) {
                double weight = d.weight(from + t);
                for (int ai = 0; ai < RIDGE_ALPHAS.length; ai++) {
                    double alpha = RIDGE_ALPHAS[ai];
                    double predicted = 0;
                    double leverage = 0;
                    for (int k = 0; k < q; k++) {
                        double uk = u.unsafe_get(t, k);
                        double inv = 1.0 / (lambda[k] + alpha);
                        predicted += uk * c[k] * inv;
                        leverage += uk * uk * inv;
                    }
                    double err = (target[t] - predicted) / (1.0 - weight * leverage);
                    score[ai] += weight * err * err;
                }
            }
        }
        int best = RIDGE_ALPHAS.length - 1; // the strongest penalty unless a smaller one has a finite, lower error
        for (int ai = RIDGE_ALPHAS.length - 2; ai >= 0; ai--) {
            if (Double.isFinite(score[ai]) && !(score[ai] > score[best])) {
                best = ai;
            }
        }
        alphaOut[0] = RIDGE_ALPHAS[best];
        double[] z = new double[q];
        for (int k = 0; k < q; k++) {
            double ck = c[k] / (lambda[k] + RIDGE_ALPHAS[best]);
            for (int i = 0; i < q; i++) {
                z[i] += v.unsafe_get(i, k) * ck;
            }
        }
        return z;
    }

    /**
     * The coefficients as {@code β = β0 + P z} with z free: without pins P is the identity; with pins two terms are
     * eliminated so that {@code g(0) = f0} and {@code g(1) = f1} hold exactly. Each free variable j sits at term
     * {@code free[j]} with coefficient +1 and at term {@code anchor[j]} (if any) with −1.
     */
    static final class Elimination {
        final int[] free;
        final int[] anchor;
        final double[] beta0;
        private final int p;
        private final boolean identity;

        private Elimination(int p, int[] free, int[] anchor, double[] beta0, boolean identity) {
            this.p = p;
            this.free = free;
            this.anchor = anchor;
            this.beta0 = beta0;
            this.identity = identity;
        }

        /**
         * Möbius: {@code β_∅ = f0} and {@code β_last = f1 − f0 − Σ_{other T ≠ ∅} β_T}. Fourier ({@code g(0) = Σ F},
         * {@code g(1) = Σ (−1)^{|T|} F}): {@code F_∅ = (f0 + f1)/2 − Σ_{other even T} F_T} and
         * {@code F_last = (f0 − f1)/2 − Σ_{other odd T} F_T}. "last" is the last singleton of the terms.
         */
        static Elimination of(List<FeatureSet> terms, Basis basis, Pins pins) {
            int p = terms.size();
            if (pins == null) {
                int[] free = new int[p];
                int[] anchor = new int[p];
                for (int a = 0; a < p; a++) {
                    free[a] = a;
                    anchor[a] = -1;
                }
                return new Elimination(p, free, anchor, new double[p], true);
            }
            int empty = terms.indexOf(FeatureSet.EMPTY);
            int last = -1;
            for (int a = 0; a < p; a++) {
                if (terms.get(a).size() == 1) {
                    last = a;
                }
            }
            if (empty < 0 || last < 0) {
                throw new IllegalArgumentException("pinning g(0) and g(1) needs the empty set and a singleton term");
            }
            double[] beta0 = new double[p];
            int[] free = new int[p - 2];
            int[] anchor = new int[p - 2];
            int j = 0;
            for (int a = 0; a < p; a++) {
                if (a == empty || a == last) {
                    continue;
                }
                free[j] = a;
                if (basis == Basis.MOBIUS) {
                    anchor[j] = last;
                } else {
                    anchor[j] = terms.get(a).size() % 2 == 0 ? empty : last;
                }
                j++;
            }
            if (basis == Basis.MOBIUS) {
                beta0[empty] = pins.f0();
                beta0[last] = pins.f1() - pins.f0();
            } else {
                beta0[empty] = (pins.f0() + pins.f1()) / 2;
                beta0[last] = (pins.f0() - pins.f1()) / 2;
            }
            return new Elimination(p, free, anchor, beta0, false);
        }

        /** {@code Pᵀ G P} (q × q); G itself when there is nothing to eliminate. */
        double[] reduceGram(double[] gram) {
            if (identity) {
                return gram;
            }
            int q = free.length;
            double[] out = new double[q * q];
            for (int j = 0; j < q; j++) {
                int fj = free[j] * p;
                int aj = anchor[j] * p;
                for (int k = 0; k < q; k++) {
                    int fk = free[k];
                    int ak = anchor[k];
                    out[j * q + k] = gram[fj + fk] - gram[fj + ak] - gram[aj + fk] + gram[aj + ak];
                }
            }
            return out;
        }

        /** {@code Pᵀ (b − G β0)}. */
        double[] reduceRhs(double[] gram, double[] rhs) {
            double[] residual = rhs.clone();
            if (!identity) {
                for (int a = 0; a < p; a++) {
                    double s = 0;
                    for (int c = 0; c < p; c++) {
                        if (beta0[c] != 0) {
                            s += gram[a * p + c] * beta0[c];
                        }
                    }
                    residual[a] -= s;
                }
            }
            double[] out = new double[free.length];
            for (int j = 0; j < free.length; j++) {
                out[j] = residual[free[j]] - (anchor[j] >= 0 ? residual[anchor[j]] : 0.0);
            }
            return out;
        }

        /** {@code β0 + P z}. */
        double[] expand(double[] z) {
            double[] beta = beta0.clone();
            for (int j = 0; j < free.length; j++) {
                beta[free[j]] += z[j];
                if (anchor[j] >= 0) {
                    beta[anchor[j]] -= z[j];
                }
            }
            return beta;
        }
    }
}

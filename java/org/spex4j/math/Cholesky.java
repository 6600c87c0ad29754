package org.spex4j.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The library's solves of symmetric positive (semi-)definite systems {@code A x = b}: the normal equations of every
 * least-squares and ridge fit (the baselines' set regressions, LIME's ridge, SPEX's OLS and ridge refits).
 *
 * <p>There are two entry points because the callers need different answers where A is (nearly) singular, and each
 * rounds the way its explanations always have: {@link #solveScaled} reports failure (its callers then change the
 * model), {@link #solveOrPseudoInverse} falls back to the minimum-norm solution. Scaling the second like the first
 * would change SPEX's refit in the last bits.
 */
public final class Cholesky {
    /** Smallest accepted pivot of the unit-diagonal (Jacobi-scaled) matrix in {@link #solveScaled}. */
    public static final double MIN_PIVOT = 1e-10;

    private Cholesky() {
    }

    /**
     * Solves {@code A z = r} for a symmetric A (q × q, row-major, overwritten) by Cholesky after Jacobi scaling
     * (A's diagonal becomes 1, which makes the pivot test independent of the units); null when A is not numerically
     * positive definite (a zero diagonal, a failed factorisation or a pivot below {@value #MIN_PIVOT}).
     */
    public static double[] solveScaled(double[] a, double[] r, int q) {
        double[] s = new double[q];
        for (int j = 0; j < q; j++) {
            double diag = a[j * q + j];
            if (!(diag > 0) || !Double.isFinite(diag)) {
                return null;
            }
            s[j] = 1.0 / Math.sqrt(diag);
        }
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                a[i * q + j] *= s[i] * s[j];
            }
        }
        DMatrixRMaj matrix = DMatrixRMaj.wrap(q, q, a);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(q, true);
        if (!chol.decompose(matrix)) {
            return null;
        }
        double[] l = chol.getT(null).data;
        for (int j = 0; j < q; j++) {
            double pivot = l[j * q + j];
            if (!(pivot * pivot >= MIN_PIVOT)) {
                return null;
            }
        }
        double[] z = new double[q];
        for (int i = 0; i < q; i++) { // L y = s∘r
            double v = s[i] * r[i];
            int row = i * q;
            for (int j = 0; j < i; j++) {
                v -= l[row + j] * z[j];
            }
            z[i] = v / l[row + i];
        }
        for (int i = q - 1; i >= 0; i--) { // Lᵀ u = y, column by column
            z[i] /= l[i * q + i];
            double zi = z[i];
            int row = i * q;
            for (int j = 0; j < i; j++) {
                z[j] -= l[row + j] * zi;
            }
        }
        for (int i = 0; i < q; i++) {
            z[i] *= s[i];
        }
        return z;
    }

    /**
     * Solves {@code A x = b} for a symmetric positive semi-definite A (not modified) by an unscaled Cholesky
     * factorisation, or by the pseudo-inverse (the minimum-norm least-squares solution) where that fails.
     */
    public static double[] solveOrPseudoInverse(double[][] a, double[] b) {
        int q = b.length;
        DMatrixRMaj matrix = new DMatrixRMaj(a);
        DMatrixRMaj y = new DMatrixRMaj(q, 1, true, b);
        DMatrixRMaj x = new DMatrixRMaj(q, 1);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(q);
        if (!chol.setA(matrix.copy())) {
            LinearSolverDense<DMatrixRMaj> pinv = LinearSolverFactory_DDRM.pseudoInverse(true);
            pinv.setA(matrix);
            pinv.solve(y, x);
        } else {
            chol.solve(y, x);
        }
        return x.getData();
    }
}

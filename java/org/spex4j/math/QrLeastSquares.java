package org.spex4j.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Least squares {@code min ||A x − y||} by column-pivoted QR, for small designs that may be rank deficient
 * (SLALOM's value step and the inner solves of its non-negative least squares): unlike the normal equations it
 * neither squares the condition number nor fails on a column that is all zeros.
 */
public final class QrLeastSquares {
    private QrLeastSquares() {
    }

    /**
     * The least-squares x for the rows × cols matrix {@code a} (row-major; used as scratch space) and {@code y}
     * (rows); null when A cannot be factorised.
     */
    public static double[] solve(double[] a, int rows, int cols, double[] y) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
        if (!solver.setA(DMatrixRMaj.wrap(rows, cols, a))) {
            return null;
        }
        DMatrixRMaj x = new DMatrixRMaj(cols, 1);
        solver.solve(DMatrixRMaj.wrap(rows, 1, y), x);
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = x.get(j, 0);
        }
        return out;
    }
}

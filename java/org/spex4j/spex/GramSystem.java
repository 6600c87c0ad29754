package org.spex4j.spex;

/**
 * The normal equations of a regression whose design columns are ±1 characters: X^T X has the number of rows on
 * its diagonal and a sparse off-diagonal part (CSR, both triangles stored). Together with X^T y, y^T y and N this
 * is all a least-squares or lasso fit needs, and all a held-out error needs.
 */
final class GramSystem {
    final int size;
    final double rows;
    final int[] rowStart;   // CSR over the off-diagonal entries
    final int[] cols;
    final double[] vals;
    final double[] xty;
    final double yty;

    GramSystem(int size, double rows, int[] rowStart, int[] cols, double[] vals, double[] xty, double yty) {
        this.size = size;
        this.rows = rows;
        this.rowStart = rowStart;
        this.cols = cols;
        this.vals = vals;
        this.xty = xty;
        this.yty = yty;
    }

    /** This system minus another on the same sparsity pattern: the training part of a fold split. */
    GramSystem minus(GramSystem other) {
        double[] v = new double[vals.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = vals[i] - other.vals[i];
        }
        double[] c = new double[size];
        for (int i = 0; i < size; i++) {
            c[i] = xty[i] - other.xty[i];
        }
        return new GramSystem(size, rows - other.rows, rowStart, cols, v, c, yty - other.yty);
    }

    /** ||y - X beta||^2 = y'y - 2 beta'X'y + beta'G beta, visiting only the non-zero coefficients. */
    double residualSumOfSquares(double[] beta) {
        double s = yty;
        for (int a = 0; a < size; a++) {
            double ba = beta[a];
            if (ba == 0) {
                continue;
            }
            double ga = rows * ba;
            for (int q = rowStart[a]; q < rowStart[a + 1]; q++) {
                ga += vals[q] * beta[cols[q]];
            }
            s += ba * (ga - 2 * xty[a]);
        }
        return Math.max(s, 0);
    }

    /** The dense X^T X (for direct solves). */
    double[][] dense() {
        double[][] g = new double[size][size];
        for (int a = 0; a < size; a++) {
            g[a][a] = rows;
            for (int q = rowStart[a]; q < rowStart[a + 1]; q++) {
                g[a][cols[q]] += vals[q];
            }
        }
        return g;
    }
}

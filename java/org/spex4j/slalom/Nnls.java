package org.spex4j.slalom;

import org.spex4j.math.QrLeastSquares;

/**
 * Non-negative least squares in normal-equation form: minimise xᵀGx − 2hᵀx over x ≥ 0 for a symmetric positive
 * semi-definite G (Lawson–Hanson active set). Small dense problems only (SLALOM has one unknown per token type).
 * The active-set iteration is its own; each unconstrained step on the passive set is the library's
 * {@link QrLeastSquares}, the same solve as SLALOM's value step.
 */
final class Nnls {
    private Nnls() {}

    /** The minimiser for G (k × k, row-major) and h (k); G is not modified. */
    static double[] solve(double[] g, double[] h, int k) {
        double scale = 0;
        for (int a = 0; a < k; a++) {
            scale = Math.max(scale, Math.abs(g[a * k + a]));
        }
        double tol = 1e-12 * Math.max(scale, Double.MIN_NORMAL);
        double[] x = new double[k];
        boolean[] passive = new boolean[k];
        for (int outer = 0; outer < 3 * k + 10; outer++) {
            double[] w = gradient(g, h, x, k);
            int enter = -1;
            for (int j = 0; j < k; j++) {
                if (!passive[j] && w[j] > tol && (enter < 0 || w[j] > w[enter])) {
                    enter = j;
                }
            }
            if (enter < 0) {
                break;
            }
            passive[enter] = true;
            for (int inner = 0; inner < 3 * k + 10; inner++) {
                double[] z = solvePassive(g, h, passive, k);
                boolean feasible = true;
                for (int j = 0; j < k; j++) {
                    feasible &= !passive[j] || z[j] > 0;
                }
                if (feasible) {
                    x = z;
                    break;
                }
                double step = 1;
                for (int j = 0; j < k; j++) {
                    if (passive[j] && z[j] <= 0) {
                        step = Math.min(step, x[j] / (x[j] - z[j]));
                    }
                }
                for (int j = 0; j < k; j++) {
                    x[j] += step * (z[j] - x[j]);
                    if (passive[j] && x[j] <= 1e-15 * (1 + Math.abs(z[j]))) {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }
        return x;
    }

    /** h − Gx: the negative half-gradient, positive where increasing x lowers the objective. */
    private static double[] gradient(double[] g, double[] h, double[] x, int k) {
        double[] w = h.clone();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                w[a] -= g[a * k + b] * x[b];
            }
        }
        return w;
    }

    /** The unconstrained minimiser over the passive set (other coordinates 0): G_PP z = h_P by pivoted QR. */
    private static double[] solvePassive(double[] g, double[] h, boolean[] passive, int k) {
        int[] idx = new int[k];
        int p = 0;
        for (int j = 0; j < k; j++) {
            if (passive[j]) {
                idx[p++] = j;
            }
        }
        double[] a = new double[p * p], r = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                a[i * p + j] = g[idx[i] * k + idx[j]];
            }
            r[i] = h[idx[i]];
        }
        double[] z = QrLeastSquares.solve(a, p, p, r);
        double[] out = new double[k];
        if (z != null) {
            for (int i = 0; i < p; i++) {
                out[idx[i]] = z[i];
            }
        }
        return out;
    }
}

package org.spex4j.spex;

/**
 * Coordinate descent for the lasso min (1/2N)||y - X beta||^2 + alpha ||beta||_1 on a {@link GramSystem}
 * (covariance updates, no intercept), with scikit-learn's stopping rule: sweeps end when the largest coordinate
 * change is small, and the fit ends when the duality gap is below tol · y'y.
 */
final class LassoSolver {
    static final double TOL = 1e-4;
    static final int MAX_SWEEPS = 1000;

    private LassoSolver() {}

    /**
     * Fits in place, warm-starting from {@code beta}; {@code r} must hold X'y - G beta for that beta and is kept
     * up to date. Full sweeps alternate with sweeps over the non-zero coordinates only (an active set), which
     * is where nearly all the work of a sparse path lies.
     */
    static void fit(GramSystem g, double alpha, double[] beta, double[] r) {
        final double tol = TOL * g.yty;
        int[] all = new int[g.size];
        for (int a = 0; a < g.size; a++) {
            all[a] = a;
        }
        int[] active = new int[g.size];
        double[] stats = new double[2];
        for (int sweeps = 0; sweeps < MAX_SWEEPS; ) {
            sweep(g, alpha, beta, r, all, g.size, stats);
            sweeps++;
            if ((converged(stats) && dualityGap(g, alpha, beta, r) < tol) || sweeps >= MAX_SWEEPS) {
                return;
            }
            int count = 0;
            for (int a = 0; a < g.size; a++) {
                if (beta[a] != 0) {
                    active[count++] = a;
                }
            }
            while (sweeps < MAX_SWEEPS) {
                sweep(g, alpha, beta, r, active, count, stats);
                sweeps++;
                if (converged(stats)) {
                    break;
                }
            }
        }
    }

    private static boolean converged(double[] stats) {
        return stats[1] == 0 || stats[0] / stats[1] < TOL;
    }

    /** One coordinate pass over {@code idx[0..count)}; stats = {largest change, largest |beta|}. */
    private static void sweep(GramSystem g, double alpha, double[] beta, double[] r, int[] idx, int count,
            double[] stats) {
        final double n = g.rows;
        final double penalty = alpha * n;
        double maxChange = 0, maxBeta = 0;
        for (int i = 0; i < count; i++) {
            int a = idx[i];
            double old = beta[a];
            double rho = r[a] + n * old;  // X_a'(y - X beta + X_a beta_a)
            double next = rho > penalty ? (rho - penalty) / n : rho < -penalty ? (rho + penalty) / n : 0;
            if (next != old) {
                double delta = next - old;
                beta[a] = next;
                r[a] -= n * delta;
                for (int q = g.rowStart[a]; q < g.rowStart[a + 1]; q++) {
                    r[g.cols[q]] -= g.vals[q] * delta;
                }
                maxChange = Math.max(maxChange, Math.abs(delta));
            }
            maxBeta = Math.max(maxBeta, Math.abs(next));
        }
        stats[0] = maxChange;
        stats[1] = maxBeta;
    }

    /** scikit-learn's duality gap of the lasso at beta (r = X'y - G beta). */
    static double dualityGap(GramSystem g, double alpha, double[] beta, double[] r) {
        double penalty = alpha * g.rows;
        double dualNorm = 0, l1 = 0, betaXty = 0, betaR = 0;
        for (int a = 0; a < g.size; a++) {
            dualNorm = Math.max(dualNorm, Math.abs(r[a]));
            l1 += Math.abs(beta[a]);
            betaXty += beta[a] * g.xty[a];
            betaR += beta[a] * r[a];
        }
        // ||y - X beta||^2 = y'y - beta'X'y - beta'r, since G beta = X'y - r
        double rNorm2 = Math.max(g.yty - betaXty - betaR, 0);
        double ry = g.yty - betaXty;
        double scale = 1;
        double gap;
        if (dualNorm > penalty) {
            scale = penalty / dualNorm;
            gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
        } else {
            gap = rNorm2;
        }
        return gap + penalty * l1 - scale * ry;
    }

    /** The alphas of scikit-learn's LassoCV grid: alpha_max = max|X'y| / N down to eps · alpha_max, log-spaced. */
    static double[] alphaGrid(GramSystem g, int count, double eps) {
        double max = 0;
        for (double c : g.xty) {
            max = Math.max(max, Math.abs(c));
        }
        max /= g.rows;
        double[] alphas = new double[count];
        if (max == 0) {
            return alphas;
        }
        double lo = Math.log10(max * eps), hi = Math.log10(max);
        for (int i = 0; i < count; i++) {
            alphas[i] = Math.pow(10, count == 1 ? hi : hi + (lo - hi) * i / (count - 1));
        }
        return alphas;
    }
}

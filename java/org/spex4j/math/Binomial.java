package org.spex4j.math;

/**
 * Binomial coefficients as doubles, for the interaction-index weights of SPEX.md §3.3. Results are exact while
 * they stay below 2^53 (every intermediate product is itself a binomial coefficient).
 */
public final class Binomial {
    private Binomial() {
    }

    /** {@code C(n, k)}; 0 when {@code k < 0} or {@code k > n}. */
    public static double of(int n, int k) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (k < 0 || k > n) {
            return 0.0;
        }
        int kk = Math.min(k, n - k);
        double c = 1.0;
        for (int i = 1; i <= kk; i++) {
            c = c * (n - kk + i) / i; // c = C(n - kk + i, i), an integer at every step
        }
        return c;
    }

    /** {@code Σ_{j=0}^{min(maxSize, n)} C(n, j)}: the number of subsets of an n-set with at most maxSize elements. */
    public static double subsetsUpTo(int n, int maxSize) {
        double total = 0.0;
        for (int j = 0; j <= Math.min(maxSize, n); j++) {
            total += of(n, j);
        }
        return total;
    }
}

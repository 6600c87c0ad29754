package org.spex4j.math;

/**
 * Binomial coefficients as doubles, for the interaction-index weights of SPEX.md §3.3. The value is computed in
 * exact integer arithmetic while it fits a {@code long}, so it is exact up to 2^53 and correctly rounded beyond
 * (up to 2^63); larger values are accurate floating-point approximations.
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
        long exact = 1; // C(n - kk + i, i) after step i, exact while it fits a long
        for (int i = 1; i <= kk; i++) {
            long g = gcd(exact, i);
            long reduced = exact / g;
            long factor = (n - kk + i) / (i / g); // i / g divides n - kk + i because the result is an integer
            if (reduced > Long.MAX_VALUE / factor) {
                return approximate(n, kk, i, (double) exact);
            }
            exact = reduced * factor;
        }
        return (double) exact;
    }

    /** Continues the product in floating point from step {@code from} once it no longer fits a long. */
    private static double approximate(int n, int kk, int from, double c) {
        for (int i = from; i <= kk; i++) {
            c = c * (n - kk + i) / i;
        }
        return c;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
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

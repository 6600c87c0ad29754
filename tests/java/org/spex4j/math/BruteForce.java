package org.spex4j.math;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test-only reference implementations: random sparse functions, full games over all 2^n coalitions (n &lt;= 20,
 * coalitions as bit masks) and the definitions of the indices of SPEX.md §3.3 evaluated by enumeration.
 */
final class BruteForce {
    private BruteForce() {
    }

    // ----- random sparse functions -------------------------------------------------------------------------

    /** A random set of {@code size} distinct features below n. */
    static FeatureSet randomSet(int n, int size, SplittableRandom rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int[] chosen = new int[size];
        System.arraycopy(perm, 0, chosen, 0, size);
        return FeatureSet.of(chosen);
    }

    /**
     * A random sparse function: up to {@code maxTerms} keys of degree at most {@code maxDegree} (one key of the
     * full degree min(maxDegree, n) is always present), values uniform in [−1, 1).
     */
    static SparseCoefficients randomFunction(int n, Basis basis, int maxTerms, int maxDegree, SplittableRandom rng) {
        int top = Math.min(maxDegree, n);
        Map<FeatureSet, Double> map = new HashMap<>();
        map.put(randomSet(n, top, rng), rng.nextDouble(-1, 1));
        int terms = 1 + rng.nextInt(maxTerms);
        for (int i = 1; i < terms; i++) {
            map.put(randomSet(n, rng.nextInt(top + 1), rng), rng.nextDouble(-1, 1));
        }
        return SparseCoefficients.of(n, basis, map);
    }

    // ----- games ---------------------------------------------------------------------------------------------

    /** v(S) for every coalition S (bit mask), from Möbius or Fourier coefficients, computed independently. */
    static double[] game(SparseCoefficients c) {
        int n = c.n();
        double[] v = new double[1 << n];
        for (int s = 0; s < v.length; s++) {
            double sum = 0;
            for (Map.Entry<FeatureSet, Double> e : c.entries()) {
                long k = e.getKey().toBits();
                if (c.basis() == Basis.MOBIUS) {
                    sum += (k & ~s) == 0 ? e.getValue() : 0.0;
                } else {
                    sum += Long.bitCount(k & s) % 2 == 0 ? e.getValue() : -e.getValue();
                }
            }
            v[s] = sum;
        }
        return v;
    }

    /** The full Walsh–Hadamard transform F(k) = 2^{−n} Σ_m f(m)(−1)^{|m∩k|} of a game (§3.1). */
    static double[] walshHadamard(double[] v) {
        double[] f = v.clone();
        for (int h = 1; h < f.length; h <<= 1) {
            for (int i = 0; i < f.length; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    double x = f[j];
                    double y = f[j + h];
                    f[j] = x + y;
                    f[j + h] = x - y;
                }
            }
        }
        for (int i = 0; i < f.length; i++) {
            f[i] /= f.length;
        }
        return f;
    }

    /** The full Möbius transform a(S) = Σ_{A⊆S} (−1)^{|S|−|A|} v(A) of a game. */
    static double[] mobiusTransform(double[] v) {
        double[] a = v.clone();
        for (int h = 1; h < a.length; h <<= 1) {
            for (int s = 0; s < a.length; s++) {
                if ((s & h) != 0) {
                    a[s] -= a[s ^ h];
                }
            }
        }
        return a;
    }

    static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    /** All coalitions of at most {@code maxSize} players out of n, as masks. */
    static List<Integer> coalitionsUpTo(int n, int maxSize) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < 1 << n; t++) {
            if (Integer.bitCount(t) <= maxSize) {
                out.add(t);
            }
        }
        return out;
    }

    /** The discrete derivative Δ_T v(S) = Σ_{L⊆T} (−1)^{|T|−|L|} v(S ∪ L), for S disjoint from T. */
    static double derivative(double[] v, int t, int s) {
        double sum = 0;
        for (int l = t; ; l = (l - 1) & t) {
            sum += (Integer.bitCount(t ^ l) % 2 == 0 ? 1 : -1) * v[s | l];
            if (l == 0) {
                break;
            }
        }
        return sum;
    }

    // ----- values ---------------------------------------------------------------------------------------------

    /** Shapley values by the subset formula Σ_{S⊆N∖i} s!(n−s−1)!/n! (v(S∪i) − v(S)). */
    static double[] shapley(double[] v, int n) {
        double[] sv = new double[n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < 1 << n; s++) {
                if ((s >> i & 1) == 0) {
                    int size = Integer.bitCount(s);
                    sv[i] += factorial(size) * factorial(n - size - 1) / factorial(n) * (v[s | 1 << i] - v[s]);
                }
            }
        }
        return sv;
    }

    /** Shapley values as the average marginal contribution over all n! orderings (n &lt;= 8). */
    static double[] shapleyByPermutations(double[] v, int n) {
        double[] sv = new double[n];
        forEachPermutation(n, perm -> {
            int before = 0;
            for (int p : perm) {
                sv[p] += v[before | 1 << p] - v[before];
                before |= 1 << p;
            }
        });
        double count = factorial(n);
        for (int i = 0; i < n; i++) {
            sv[i] /= count;
        }
        return sv;
    }

    /** Banzhaf values 2^{−(n−1)} Σ_{S⊆N∖i} (v(S∪i) − v(S)). */
    static double[] banzhaf(double[] v, int n) {
        double[] bv = new double[n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < 1 << n; s++) {
                if ((s >> i & 1) == 0) {
                    bv[i] += v[s | 1 << i] - v[s];
                }
            }
            bv[i] /= 1 << (n - 1);
        }
        return bv;
    }

    // ----- interaction indices by definition ------------------------------------------------------------------

    /** SII(T) = Σ_{S⊆N∖T} (n−s−t)! s! / (n−t+1)! · Δ_T v(S). */
    static double sii(double[] v, int n, int t) {
        int tSize = Integer.bitCount(t);
        double sum = 0;
        for (int s = 0; s < 1 << n; s++) {
            if ((s & t) == 0) {
                int size = Integer.bitCount(s);
                sum += factorial(n - size - tSize) * factorial(size) / factorial(n - tSize + 1) * derivative(v, t, s);
            }
        }
        return sum;
    }

    /** BII(T) = 2^{−(n−t)} Σ_{S⊆N∖T} Δ_T v(S). */
    static double bii(double[] v, int n, int t) {
        double sum = 0;
        for (int s = 0; s < 1 << n; s++) {
            if ((s & t) == 0) {
                sum += derivative(v, t, s);
            }
        }
        return Math.scalb(sum, -(n - Integer.bitCount(t)));
    }

    /**
     * Shapley–Taylor of order ℓ: Δ_T v(∅) for |T| &lt; ℓ; for |T| = ℓ, (ℓ/n) Σ_{S⊆N∖T} Δ_T v(S) / C(n−1, |S|),
     * the closed form of the permutation average (Sundararajan et al. 2020).
     */
    static double stii(double[] v, int n, int order, int t) {
        int tSize = Integer.bitCount(t);
        if (tSize < order) {
            return derivative(v, t, 0);
        }
        double sum = 0;
        for (int s = 0; s < 1 << n; s++) {
            if ((s & t) == 0) {
                sum += derivative(v, t, s) / Binomial.of(n - 1, Integer.bitCount(s));
            }
        }
        return (double) order / n * sum;
    }

    /**
     * Shapley–Taylor for |T| = ℓ as the permutation average E_π[Δ_T v(π^T)], π^T the players that precede every
     * member of T in π (n &lt;= 8).
     */
    static double stiiByPermutations(double[] v, int n, int t) {
        double[] total = {0};
        forEachPermutation(n, perm -> {
            int before = 0;
            for (int p : perm) {
                if ((t >> p & 1) != 0) {
                    break;
                }
                before |= 1 << p;
            }
            total[0] += derivative(v, t, before);
        });
        return total[0] / factorial(n);
    }

    /**
     * Faith-Banzhaf of order ℓ: argmin_β Σ_{S⊆N} (v(S) − Σ_{T⊆S,|T|≤ℓ} β_T)^2, by the normal equations. Returns
     * β by coalition mask.
     */
    static Map<Integer, Double> faithBanzhaf(double[] v, int n, int order) {
        List<Integer> terms = coalitionsUpTo(n, order);
        int p = terms.size();
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int s = 0; s < 1 << n; s++) {
            accumulateNormalEquations(a, b, terms, s, 1.0, v[s]);
        }
        return toMap(terms, solve(a, b));
    }

    /**
     * Faith-Shap of order ℓ: argmin_β Σ_{0<|S|<n} μ(S) (v(S) − Σ_{T⊆S,|T|≤ℓ} β_T)^2 with
     * μ(S) = (n−1)/(C(n,|S|)|S|(n−|S|)), subject to β_∅ = v(∅) and Σ_T β_T = v(N); solved exactly through the
     * KKT system of the equality-constrained problem.
     */
    static Map<Integer, Double> faithShapley(double[] v, int n, int order) {
        List<Integer> terms = coalitionsUpTo(n, order);
        int p = terms.size();
        double[][] a = new double[p + 2][p + 2];
        double[] b = new double[p + 2];
        for (int s = 1; s < (1 << n) - 1; s++) {
            int size = Integer.bitCount(s);
            double mu = (n - 1) / (Binomial.of(n, size) * size * (n - size));
            accumulateNormalEquations(a, b, terms, s, mu, v[s]);
        }
        int empty = terms.indexOf(0);
        a[p][empty] = a[empty][p] = 1; // β_∅ = v(∅)
        b[p] = v[0];
        for (int j = 0; j < p; j++) { // Σ_T β_T = v(N)
            a[p + 1][j] = a[j][p + 1] = 1;
        }
        b[p + 1] = v[(1 << n) - 1];
        double[] x = solve(a, b);
        return toMap(terms, java.util.Arrays.copyOf(x, p));
    }

    private static void accumulateNormalEquations(double[][] a, double[] b, List<Integer> terms, int s, double w,
                                                  double value) {
        int p = terms.size();
        for (int i = 0; i < p; i++) {
            if ((terms.get(i) & ~s) != 0) {
                continue;
            }
            b[i] += w * value;
            for (int j = 0; j < p; j++) {
                if ((terms.get(j) & ~s) == 0) {
                    a[i][j] += w;
                }
            }
        }
    }

    private static Map<Integer, Double> toMap(List<Integer> terms, double[] x) {
        Map<Integer, Double> out = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            out.put(terms.get(i), x[i]);
        }
        return out;
    }

    /** Solves A x = b by Gaussian elimination with partial pivoting (A is overwritten). */
    static double[] solve(double[][] a, double[] b) {
        int m = b.length;
        double[] rhs = b.clone();
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-14) {
                throw new ArithmeticException("singular system at column " + col);
            }
            double[] rowTmp = a[col];
            a[col] = a[pivot];
            a[pivot] = rowTmp;
            double tmp = rhs[col];
            rhs[col] = rhs[pivot];
            rhs[pivot] = tmp;
            for (int r = col + 1; r < m; r++) {
                double f = a[r][col] / a[col][col];
                if (f != 0) {
                    for (int c = col; c < m; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                    rhs[r] -= f * rhs[col];
                }
            }
        }
        double[] x = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double sum = rhs[r];
            for (int c = r + 1; c < m; c++) {
                sum -= a[r][c] * x[c];
            }
            x[r] = sum / a[r][r];
        }
        return x;
    }

    // ----- permutations ----------------------------------------------------------------------------------------

    interface PermutationVisitor {
        void visit(int[] perm);
    }

    /** Calls {@code visitor} with every permutation of 0..n−1 (Heap's algorithm; the array is reused). */
    static void forEachPermutation(int n, PermutationVisitor visitor) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int[] c = new int[n];
        visitor.visit(perm);
        int i = 0;
        while (i < n) {
            if (c[i] < i) {
                int j = i % 2 == 0 ? 0 : c[i];
                int tmp = perm[j];
                perm[j] = perm[i];
                perm[i] = tmp;
                visitor.visit(perm);
                c[i]++;
                i = 0;
            } else {
                c[i] = 0;
                i++;
            }
        }
    }
}

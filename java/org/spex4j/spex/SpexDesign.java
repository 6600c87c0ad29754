package org.spex4j.spex;

import java.util.SplittableRandom;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.Kernels;

/**
 * The sampling design of spec §4: C random n x b subsampling matrices M_c (i.i.d. Bernoulli(1/2) from the seed),
 * the BCH delay matrix D of (n, t), and the query masks m = M_c z + d_p. Row i of M_c is kept as a b-bit integer
 * whose bit b-1-t is M_c[i][t] (z and bins are read most significant bit first).
 */
public final class SpexDesign {
    private final int n;
    private final int b;
    private final int groups;
    private final BchCode code;
    private final int[] mrows;
    private final byte[] delayMatrix;

    public SpexDesign(BchCode code, int b, int groups, SplittableRandom random) {
        if (b < 1 || b > Kernels.MAX_B) {
            throw new IllegalArgumentException("b must be in 1.." + Kernels.MAX_B + ", got " + b);
        }
        this.n = code.n();
        this.b = b;
        this.groups = groups;
        this.code = code;
        this.mrows = new int[groups * n];
        for (int c = 0; c < groups; c++) {
            SplittableRandom groupRandom = random.split();
            for (int i = 0; i < n; i++) {
                mrows[c * n + i] = groupRandom.nextInt(1 << b);
            }
        }
        this.delayMatrix = code.delayMatrix();
    }

    public int n() {
        return n;
    }

    public int b() {
        return b;
    }

    public int groups() {
        return groups;
    }

    /** P = r + 1 delays per group. */
    public int delays() {
        return code.delays();
    }

    public BchCode code() {
        return code;
    }

    /** C x n rows of the subsampling matrices (a copy). */
    public int[] mrows() {
        return mrows.clone();
    }

    /** Total model queries C · P · 2^b. */
    public long queries() {
        return (long) groups * delays() << b;
    }

    /** The packed query masks, group-major, then delay, then z. */
    public long[] masks(Kernels kernels) {
        return kernels.designMasks(mrows, code.packedDelays(), n, b, delays(), groups);
    }

    /** The bin j_c(k) = M_c^T k of a frequency k in group c. */
    public int binOf(int group, int[] k) {
        int j = 0;
        for (int f : k) {
            j ^= mrows[group * n + f];
        }
        return j;
    }

    /** sig_p(k) = (-1)^{<d_p, k>} for p = 0..P-1. */
    public double[] signature(int[] k) {
        int delays = delays();
        double[] sig = new double[delays];
        for (int p = 0; p < delays; p++) {
            int parity = 0;
            for (int f : k) {
                parity ^= delayMatrix[p * n + f];
            }
            sig[p] = parity == 0 ? 1 : -1;
        }
        return sig;
    }
}

package org.spex4j.kernels;

/**
 * The peeling state of SPEX: the observation matrix of every group (C blocks of P x 2^b, row-major, so that
 * {@code u[(c * P + p) * 2^b + j]} is U_{c,p}(j)), the subsampling rows of every group ({@code mrows[c * n + i]},
 * bit b-1-t = M_c[i][t]) and the per-bin "to check" marks. Mutable, owned by one explanation at a time.
 *
 * <p>The native kernels index the observations with the subsampling rows, so those are copied in and handed out
 * only as copies: a caller who changes an array it passed or got back cannot send a kernel out of bounds.
 */
public final class BinMatrix {
    private final int groups;
    private final int delays;
    private final int b;
    private final int n;
    private final double[] u;
    private final int[] mrows;
    private final byte[] toCheck;

    public BinMatrix(int groups, int delays, int b, int n, double[] u, int[] mrows) {
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be >= 1, got " + groups);
        }
        if (delays < 1) {
            throw new IllegalArgumentException("delays must be >= 1, got " + delays);
        }
        if (b < 1 || b > Kernels.MAX_B) {
            throw new IllegalArgumentException("b must be in 1.." + Kernels.MAX_B + ", got " + b);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        long cells = (long) groups * delays << b;
        if (u == null || u.length != cells) {
            throw new IllegalArgumentException("u must hold C*P*2^b = " + cells + " values, got "
                    + (u == null ? "null" : u.length));
        }
        if (mrows == null || mrows.length != (long) groups * n) {
            throw new IllegalArgumentException("mrows must hold C*n = " + ((long) groups * n) + " rows, got "
                    + (mrows == null ? "null" : mrows.length));
        }
        int[] rows = mrows.clone();  // checked after the copy: the caller's array may change meanwhile
        int limit = 1 << b;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= limit) {
                throw new IllegalArgumentException("mrows[" + i + "] = " + rows[i] + " is not a " + b + "-bit row");
            }
        }
        this.groups = groups;
        this.delays = delays;
        this.b = b;
        this.n = n;
        this.u = u;
        this.mrows = rows;
        this.toCheck = new byte[groups << b];
        java.util.Arrays.fill(toCheck, (byte) 1);
    }

    public int groups() {
        return groups;
    }

    public int delays() {
        return delays;
    }

    public int b() {
        return b;
    }

    public int n() {
        return n;
    }

    /** The observations, shared: the kernels update them in place. */
    public double[] u() {
        return u;
    }

    /** The subsampling rows (a copy). */
    public int[] mrows() {
        return mrows.clone();
    }

    /** The checked rows themselves, for the native kernels only: never handed out of the package. */
    int[] nativeRows() {
        return mrows;
    }

    public byte[] toCheck() {
        return toCheck;
    }

    /** True while some bin is still marked for checking. */
    public boolean anyToCheck() {
        for (byte c : toCheck) {
            if (c != 0) {
                return true;
            }
        }
        return false;
    }

    /** The bin of k in group c: the XOR of M_c's rows for the features of k. */
    public int binOf(int group, int[] k) {
        int j = 0;
        for (int f : k) {
            j ^= mrows[group * n + f];
        }
        return j;
    }
}

package org.spex4j.patchscopes;

import java.util.Arrays;

/**
 * The map {@code f(h) = W h + b} a Patchscope applies to the source state before writing it into the target (the
 * paper's step 2); {@link #identity(int)} is the plain patch. {@code W} is {@code out × in}, row-major, so a map
 * between models of different widths is possible.
 */
public final class AffineMap {
    private final int in;
    private final int out;
    private final float[] weight;  // null for the identity
    private final float[] bias;    // null for none

    private AffineMap(int in, int out, float[] weight, float[] bias) {
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
    }

    /** The identity on vectors of {@code dim} values. */
    public static AffineMap identity(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        return new AffineMap(dim, dim, null, null);
    }

    /**
     * The map {@code h -> weight · h + bias}.
     *
     * @param weight {@code out × in} values, row-major
     * @param bias   {@code out} values, or null for none
     */
    public static AffineMap of(float[] weight, int out, int in, float[] bias) {
        if (out < 1 || in < 1) {
            throw new IllegalArgumentException("out and in must be >= 1, got " + out + " and " + in);
        }
        if (weight == null || weight.length != (long) out * in) {
            throw new IllegalArgumentException("weight must hold out * in = " + (long) out * in + " values, got "
                    + (weight == null ? "null" : weight.length));
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias must hold " + out + " values, got " + bias.length);
        }
        for (float w : weight) {
            if (!Float.isFinite(w)) {
                throw new IllegalArgumentException("weight has a non-finite value " + w);
            }
        }
        return new AffineMap(in, out, weight.clone(), bias == null ? null : bias.clone());
    }

    /**
     * The least-squares affine map from {@code inputs[k]} to {@code outputs[k]} (the paper's fitted f: {@code [h, 1] A
     * ~ [h', 1]}), solved from the normal equations in double precision with a ridge of {@code ridge} times the mean
     * diagonal added to the weights' part (0 for plain least squares; the bias is never shrunk).
     *
     * @throws IllegalArgumentException when the pairs are too few or inconsistent, or the system is singular
     */
    public static AffineMap fit(float[][] inputs, float[][] outputs, double ridge) {
        if (inputs == null || outputs == null || inputs.length == 0 || inputs.length != outputs.length) {
            throw new IllegalArgumentException("inputs and outputs must be non-empty and pair up");
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge must be >= 0, got " + ridge);
        }
        int n = inputs.length, in = inputs[0].length, out = outputs[0].length, p = in + 1;
        double[][] gram = new double[p][p];   // X^T X with X = [h, 1]
        double[][] cross = new double[p][out]; // X^T Y
        double[] x = new double[p];
        for (int k = 0; k < n; k++) {
            if (inputs[k].length != in || outputs[k].length != out) {
                throw new IllegalArgumentException("pair " + k + " has " + inputs[k].length + " -> "
                        + outputs[k].length + " values, pair 0 " + in + " -> " + out);
            }
            for (int a = 0; a < in; a++) {
                x[a] = inputs[k][a];
            }
            x[in] = 1;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    gram[a][b] += x[a] * x[b];
                }
                for (int c = 0; c < out; c++) {
                    cross[a][c] += x[a] * outputs[k][c];
                }
            }
        }
        double meanDiag = 0;
        for (int a = 0; a < in; a++) {
            meanDiag += gram[a][a] / in;
        }
        for (int a = 0; a < in; a++) {
            gram[a][a] += ridge * meanDiag;
        }
        double[][] sol = solve(gram, cross);  // p x out
        if (sol == null) {
            throw new IllegalArgumentException("the least-squares system of " + n + " pairs for " + p
                    + " parameters per output (" + in + " weights and a bias) is singular: "
                    + (n < p ? "too few pairs" : "collinear pairs") + "; add pairs or a ridge");
        }
        float[] weight = new float[out * in];
        float[] bias = new float[out];
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < in; c++) {
                weight[r * in + c] = (float) sol[c][r];
            }
            bias[r] = (float) sol[in][r];
        }
        return of(weight, out, in, bias);
    }

    /**
     * Solves {@code a X = b} by Gaussian elimination with partial pivoting (a is p x p, b is p x m); null when a is
     * singular.
     */
    private static double[][] solve(double[][] a, double[][] b) {
        int p = a.length, m = b[0].length;
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int col = 0; col < p; col++) {
            int piv = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv][col]) <= 1e-12 * Math.max(scale, 1e-300)) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            t = b[col];
            b[col] = b[piv];
            b[piv] = t;
            for (int r = 0; r < p; r++) {
                if (r == col) {
                    continue;
                }
                double f = a[r][col] / a[col][col];
                if (f == 0) {
                    continue;
                }
                for (int c = col; c < p; c++) {
                    a[r][c] -= f * a[col][c];
                }
                for (int c = 0; c < m; c++) {
                    b[r][c] -= f * b[col][c];
                }
            }
        }
        double[][] x = new double[p][m];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < m; c++) {
                x[r][c] = b[r][c] / a[r][r];
            }
        }
        return x;
    }

    public boolean isIdentity() {
        return weight == null && bias == null;
    }

    public int inputDim() {
        return in;
    }

    public int outputDim() {
        return out;
    }

    /** {@code f(h)}, a new array. */
    public float[] apply(float[] h) {
        if (h == null || h.length != in) {
            throw new IllegalArgumentException("the map takes " + in + " values, got "
                    + (h == null ? "null" : h.length));
        }
        if (weight == null) {
            return h.clone();
        }
        float[] y = bias == null ? new float[out] : bias.clone();
        for (int r = 0; r < out; r++) {
            double s = 0;
            for (int c = 0; c < in; c++) {
                s += (double) weight[r * in + c] * h[c];
            }
            y[r] += (float) s;
        }
        return y;
    }

    @Override
    public String toString() {
        return isIdentity() ? "AffineMap[identity " + in + "]"
                : "AffineMap[" + out + " x " + in + (bias == null ? "" : " + bias") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AffineMap m && m.in == in && m.out == out && Arrays.equals(m.weight, weight)
                && Arrays.equals(m.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * in + out) + Arrays.hashCode(weight);
    }
}

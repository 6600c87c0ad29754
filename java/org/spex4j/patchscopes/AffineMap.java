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

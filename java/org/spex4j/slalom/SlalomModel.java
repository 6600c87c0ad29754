package org.spex4j.slalom;

import java.util.Arrays;

/**
 * A fitted Softmax-Linked Additive Log-Odds Model: token type k has a value {@code v[k]} and an importance
 * {@code s[k]}, and a sequence t of types scores
 * <pre>
 *   F(t) = Σ_i α_i v(t_i),   α_i = exp(s(t_i)) / Σ_j exp(s(t_j))
 * </pre>
 * where a type that occurs several times contributes once per occurrence. F is unchanged when a constant is added to
 * every importance; {@link #centred()} fixes that freedom (mean importance 0). The empty sequence has no SLALOM value;
 * {@link #predict} returns 0 for it by convention.
 */
public final class SlalomModel {
    private final double[] value;
    private final double[] importance;

    /** A model over {@code value.length} types; both arrays are copied and must be finite and of equal length. */
    public SlalomModel(double[] value, double[] importance) {
        if (value.length != importance.length || value.length == 0) {
            throw new IllegalArgumentException("a SLALOM model needs one value and one importance per type, got "
                    + value.length + " values and " + importance.length + " importances");
        }
        for (int k = 0; k < value.length; k++) {
            if (!Double.isFinite(value[k]) || !Double.isFinite(importance[k])) {
                throw new IllegalArgumentException("type " + k + " has a non-finite value or importance ("
                        + value[k] + ", " + importance[k] + ")");
            }
        }
        this.value = value.clone();
        this.importance = importance.clone();
    }

    public int types() {
        return value.length;
    }

    /** v(k) for every type (a copy). */
    public double[] values() {
        return value.clone();
    }

    /** s(k) for every type (a copy), as fitted: only differences between types are meaningful. */
    public double[] importances() {
        return importance.clone();
    }

    /** The same model with mean importance 0. */
    public SlalomModel centred() {
        double mean = Arrays.stream(importance).average().orElse(0);
        double[] s = new double[importance.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = importance[k] - mean;
        }
        return new SlalomModel(value, s);
    }

    /** F(t) for a sequence of type indices (0 for the empty sequence). */
    public double predict(int[] sequence) {
        if (sequence.length == 0) {
            return 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k : sequence) {
            max = Math.max(max, importance[check(k)]);
        }
        double z = 0, num = 0;
        for (int k : sequence) {
            double w = Math.exp(importance[k] - max);
            z += w;
            num += w * value[k];
        }
        return num / z;
    }

    /** The softmax weight α of one occurrence of {@code type} in {@code sequence} (which must contain it). */
    public double weight(int[] sequence, int type) {
        check(type);
        double max = Double.NEGATIVE_INFINITY;
        boolean found = false;
        for (int k : sequence) {
            max = Math.max(max, importance[check(k)]);
            found |= k == type;
        }
        if (!found) {
            throw new IllegalArgumentException("type " + type + " does not occur in the sequence");
        }
        double z = 0;
        for (int k : sequence) {
            z += Math.exp(importance[k] - max);
        }
        return Math.exp(importance[type] - max) / z;
    }

    /**
     * The removal score of one occurrence of {@code type}: F(t) − F(t without that occurrence), which equals
     * α(v − F(t)) / (1 − α) for the occurrence's weight α. It is computed from the two predictions, so it stays
     * finite when α rounds to 1 (the empty sequence scores 0).
     */
    public double removal(int[] sequence, int type) {
        weight(sequence, type);  // validates that the type occurs
        int[] rest = new int[sequence.length - 1];
        boolean dropped = false;
        for (int i = 0, j = 0; i < sequence.length; i++) {
            if (!dropped && sequence[i] == type) {
                dropped = true;
            } else {
                rest[j++] = sequence[i];
            }
        }
        return predict(sequence) - predict(rest);
    }

    /**
     * The removal score of the type itself, as the SLALOM reference defines it: F(t) − F(t∖τ), every occurrence of
     * {@code type} removed (α summed over its occurrences). Equal to {@link #removal} for a type that occurs once.
     */
    public double removalOfType(int[] sequence, int type) {
        weight(sequence, type);
        return predict(sequence) - predict(Arrays.stream(sequence).filter(k -> k != type).toArray());
    }

    private int check(int k) {
        if (k < 0 || k >= value.length) {
            throw new IllegalArgumentException("type " + k + " is outside 0.." + (value.length - 1));
        }
        return k;
    }

    @Override
    public String toString() {
        return "SlalomModel{v=" + Arrays.toString(value) + ", s=" + Arrays.toString(importance) + "}";
    }
}

package org.spex4j.slalom;

/**
 * The identifiability construction: 2K − 1 queries determine a SLALOM model over K types exactly when the queried
 * function is one. v(k) = F([k]) (K queries of single tokens); with a reference type r,
 * F([k, r]) = (e^{s_k} v_k + e^{s_r} v_r) / (e^{s_k} + e^{s_r}) gives
 * s_k − s_r = log((F([k, r]) − v_r) / (v_k − F([k, r]))) (K − 1 queries of pairs).
 *
 * <p>The reference is the type whose value lies farthest from the mean value, so that as few pairs as possible have
 * v_k ≈ v_r. A pair that determines nothing (v_k = v_r), or whose ratio is not positive (the function is not a
 * SLALOM model), leaves s_k = s_r and is counted in {@link Result#undetermined()}.
 */
public final class ExactFit {
    /** Relative gap below which two values count as equal. */
    private static final double TIE = 1e-9;

    private ExactFit() {}

    /** The fitted model (mean importance 0), the reference type, and the types whose importance is undetermined. */
    public record Result(SlalomModel model, int reference, int undetermined, long queries) {}

    /** Fits a model over {@code types} types from 2·types − 1 queries of {@code f}. */
    public static Result fit(SequenceValue f, int types) {
        if (types < 1) {
            throw new IllegalArgumentException("the exact fit needs at least one type, got " + types);
        }
        int[][] singles = new int[types][];
        for (int k = 0; k < types; k++) {
            singles[k] = new int[] {k};
        }
        double[] v = checked(f.values(singles), types);
        double mean = java.util.Arrays.stream(v).average().orElse(0);
        int r = 0;
        double span = 0;
        for (int k = 0; k < types; k++) {
            r = Math.abs(v[k] - mean) > Math.abs(v[r] - mean) ? k : r;
            span = Math.max(span, Math.abs(v[k] - mean));
        }
        int[][] pairs = new int[types - 1][];
        for (int k = 0, at = 0; k < types; k++) {
            if (k != r) {
                pairs[at++] = new int[] {k, r};
            }
        }
        double[] fp = checked(f.values(pairs), types - 1);
        double[] s = new double[types];
        int undetermined = 0;
        for (int k = 0, at = 0; k < types; k++) {
            if (k == r) {
                continue;
            }
            double pair = fp[at++];
            double num = pair - v[r], den = v[k] - pair;
            double ratio = num / den;
            if (Math.abs(v[k] - v[r]) <= TIE * Math.max(span, 1) || !(ratio > 0) || !Double.isFinite(ratio)) {
                undetermined++;
                continue;
            }
            s[k] = Math.log(ratio);
        }
        return new Result(new SlalomModel(v, s).centred(), r, undetermined, 2L * types - 1);
    }

    private static double[] checked(double[] y, int expected) {
        if (y.length != expected) {
            throw new IllegalStateException("the sequence value returned " + y.length + " values for " + expected
                    + " sequences");
        }
        for (double d : y) {
            if (!Double.isFinite(d)) {
                throw new IllegalStateException("the sequence value returned " + d + "; every value must be finite");
            }
        }
        return y;
    }
}

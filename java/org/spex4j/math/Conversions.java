package org.spex4j.math;

import java.util.HashMap;
import java.util.Map;

/**
 * Exact conversions between the Fourier and Möbius bases (SPEX.md §3.2):
 *
 * <pre>
 *   a(S) = (−2)^{|S|} · Σ_{k ⊇ S} F(k)
 *   F(k) = (−1)^{|k|} · Σ_{S ⊇ k} 2^{−|S|} · a(S)
 * </pre>
 *
 * Both follow the reference procedure: every key visits each of its subsets and accumulates into it, then the
 * accumulated values are scaled; entries with {@code |value| <= 1e-12} are dropped. The cost is
 * {@code Σ_k 2^{|k|}}, so keys with more than {@value #MAX_KEY_SIZE} features are rejected.
 */
public final class Conversions {
    /** Largest key size accepted by the conversions. */
    public static final int MAX_KEY_SIZE = 30;
    /** Values with magnitude at or below this are dropped from conversion results (§3.2). */
    public static final double DROP_TOLERANCE = 1e-12;

    private Conversions() {
    }

    /**
     * Möbius coefficients of a function given by its Fourier coefficients (§3.2).
     *
     * @throws IllegalArgumentException when the input is not in the Fourier basis or has a key larger than
     *                                  {@value #MAX_KEY_SIZE}
     */
    public static SparseCoefficients fourierToMobius(SparseCoefficients fourier) {
        requireBasis(fourier, Basis.FOURIER);
        Map<FeatureSet, Double> acc = accumulateOverSubsets(fourier, false);
        return scaled(fourier.n(), Basis.MOBIUS, acc, size -> Math.scalb(size % 2 == 0 ? 1.0 : -1.0, size));
    }

    /**
     * Fourier coefficients of a function given by its Möbius coefficients (§3.2).
     *
     * @throws IllegalArgumentException when the input is not in the Möbius basis or has a key larger than
     *                                  {@value #MAX_KEY_SIZE}
     */
    public static SparseCoefficients mobiusToFourier(SparseCoefficients mobius) {
        requireBasis(mobius, Basis.MOBIUS);
        Map<FeatureSet, Double> acc = accumulateOverSubsets(mobius, true);
        return scaled(mobius.n(), Basis.FOURIER, acc, size -> size % 2 == 0 ? 1.0 : -1.0);
    }

    /** Converts {@code c} to {@code target}, returning it unchanged when it is already there. */
    public static SparseCoefficients to(SparseCoefficients c, Basis target) {
        if (c.basis() == target) {
            return c;
        }
        return target == Basis.MOBIUS ? fourierToMobius(c) : mobiusToFourier(c);
    }

    /** For each key K, adds its value (times 2^{−|K|} when {@code halvePerElement}) into every subset of K. */
    private static Map<FeatureSet, Double> accumulateOverSubsets(SparseCoefficients c, boolean halvePerElement) {
        for (Map.Entry<FeatureSet, Double> e : c.entries()) {
            if (e.getKey().size() > MAX_KEY_SIZE) {
                throw new IllegalArgumentException("key " + e.getKey() + " has " + e.getKey().size()
                        + " features; conversions visit all 2^|k| subsets and accept at most " + MAX_KEY_SIZE);
            }
        }
        Map<FeatureSet, Double> acc = new HashMap<>();
        for (Map.Entry<FeatureSet, Double> e : c.entries()) {
            FeatureSet key = e.getKey();
            double v = halvePerElement ? Math.scalb(e.getValue(), -key.size()) : e.getValue();
            Subsets.forEach(key, 0, key.size(), subset -> acc.merge(subset, v, Double::sum));
        }
        return acc;
    }

    private interface SizeFactor {
        double of(int size);
    }

    private static SparseCoefficients scaled(int n, Basis basis, Map<FeatureSet, Double> acc, SizeFactor factor) {
        Map<FeatureSet, Double> out = new HashMap<>();
        for (Map.Entry<FeatureSet, Double> e : acc.entrySet()) {
            double v = e.getValue() * factor.of(e.getKey().size());
            if (Math.abs(v) > DROP_TOLERANCE) {
                out.put(e.getKey(), v);
            }
        }
        return SparseCoefficients.of(n, basis, out);
    }

    static void requireBasis(SparseCoefficients c, Basis basis) {
        if (c.basis() != basis) {
            throw new IllegalArgumentException("expected coefficients in the " + basis + " basis, got " + c.basis());
        }
    }
}

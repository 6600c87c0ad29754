package org.spex4j.math;

import java.util.Map;
import java.util.Objects;

/**
 * Interaction indices computed from sparse coefficients (SPEX.md §3.3).
 *
 * <p>Every index of §3.3 is a sum over the Möbius support: {@code I(T) = Σ_{S ⊇ T} w(|S|, |T|) · a(S)} with a
 * weight that depends only on the two sizes and on the order ℓ. So only interactions T that are subsets of some
 * support key can be non-zero, and {@link #compute} visits, for each key S, its subsets of the sizes whose weight
 * is non-zero. The result is keyed by T, holds only {@code |T| <= ℓ}, and is tagged {@link Basis#MOBIUS}.
 *
 * <p>The {@code *FromFourier} methods are the closed forms of §3.3 that skip the Möbius conversion.
 */
public final class InteractionIndices {
    /** Most subsets a single key may make {@link #compute} visit. */
    private static final double MAX_SUBSETS_PER_KEY = 1 << 30;

    private InteractionIndices() {
    }

    /**
     * The index {@code index} of order {@code order} (ℓ) for the function with the given coefficients (§3.3):
     *
     * <ul>
     *   <li>SII: {@code Σ_{S⊇T} a(S)/(|S|−|T|+1)}; BII: {@code Σ_{S⊇T} a(S)/2^{|S|−|T|}}; for every
     *       {@code |T| <= ℓ}, the empty set included;</li>
     *   <li>SV / BV: SII / BII restricted to singletons ({@code order} only has to be valid);</li>
     *   <li>STII_ℓ: {@code a(T)} for {@code |T| < ℓ}, {@code Σ_{S⊇T} a(S)/C(|S|, ℓ)} for {@code |T| = ℓ};</li>
     *   <li>FSII_ℓ and FBII_ℓ: {@code a(T)} plus the weighted sum over {@code S ⊋ T, |S| > ℓ} of §3.3;</li>
     *   <li>k-SII with k = ℓ: {@code Σ_{S⊇T} a(S) · Σ_{j=0}^{min(k,|S|)−|T|} C(|S|−|T|, j) B_j / (|S|−|T|−j+1)} for
     *       {@code 1 <= |T| <= k} (B_j the Bernoulli numbers, B_1 = −1/2), which is SII aggregated by
     *       {@code kSII(T) = Σ_{S⊇T, |S|<=k} B_{|S|−|T|} SII(S)}; so {@code a(S)} of {@code |S| <= k} stays on S alone,
     *       and for {@code |T| = k} the value is SII(T). The empty set holds {@code a(∅) = f(∅)};</li>
     *   <li>FOURIER / MOBIUS: the coefficients in that basis (converted when needed, §3.2), not truncated.</li>
     * </ul>
     *
     * @param coefficients the function, normally in the Möbius basis; Fourier input is converted first
     * @throws IllegalArgumentException when {@code order < 1}, or a key would make the enumeration explode
     */
    public static SparseCoefficients compute(SparseCoefficients coefficients, Index index, int order) {
        Objects.requireNonNull(index, "index");
        requireOrder(order);
        if (index == Index.FOURIER) {
            return Conversions.to(coefficients, Basis.FOURIER);
        }
        SparseCoefficients mobius = Conversions.to(coefficients, Basis.MOBIUS);
        if (index == Index.MOBIUS) {
            return mobius;
        }
        int minSize = index == Index.SV || index == Index.BV ? 1 : 0;
        int maxSize = index == Index.SV || index == Index.BV ? 1 : order;
        SparseCoefficients.Builder out = SparseCoefficients.builder(mobius.n(), Basis.MOBIUS);
        for (Map.Entry<FeatureSet, Double> e : mobius.entries()) {
            FeatureSet s = e.getKey();
            double a = e.getValue();
            int top = Math.min(maxSize, s.size());
            if (top >= minSize && Binomial.subsetsUpTo(s.size(), top) > MAX_SUBSETS_PER_KEY) {
                throw new IllegalArgumentException("key " + s + " with " + s.size() + " features has too many subsets"
                        + " of size <= " + top + " to enumerate; lower the order");
            }
            for (int t = minSize; t <= top; t++) {
                double w = weight(index, order, s.size(), t);
                if (w != 0.0) {
                    double contribution = w * a;
                    Subsets.forEach(s, t, t, subset -> out.add(subset, contribution));
                }
            }
        }
        return out.build();
    }

    /**
     * The weight {@code w(s, t)} of {@code a(S)} in {@code I(T)} for {@code T ⊆ S}, {@code |S| = s},
     * {@code |T| = t <= ℓ} (§3.3).
     */
    static double weight(Index index, int order, int s, int t) {
        switch (index) {
            case SV:
            case SII:
                return 1.0 / (s - t + 1);
            case BV:
            case BII:
                return Math.scalb(1.0, -(s - t));
            case STII:
                if (t < order) {
                    return s == t ? 1.0 : 0.0;
                }
                return 1.0 / Binomial.of(s, order);
            case FSII:
                if (s == t) {
                    return 1.0;
                }
                if (s <= order) {
                    return 0.0;
                }
                return sign(order - t) * t / (order + t) * Binomial.of(order, t)
                        * Binomial.of(s - 1, order) / Binomial.of(s + order - 1, order + t);
            case FBII:
                if (s == t) {
                    return 1.0;
                }
                if (s <= order) {
                    return 0.0;
                }
                return sign(order - t) * Math.scalb(1.0, -(s - t)) * Binomial.of(s - t - 1, order - t);
            case KSII:
                if (s == t) {
                    return 1.0;
                }
                if (s <= order || t == 0) {  // the Bernoulli sum vanishes for |S| <= k; ∅ keeps a(∅)
                    return 0.0;
                }
                double w = 0;
                double[] bernoulli = bernoulli(order - t);
                for (int j = 0; j <= order - t; j++) {
                    w += Binomial.of(s - t, j) * bernoulli[j] / (s - t - j + 1);
                }
                return w;
            default:
                throw new IllegalArgumentException("no Möbius weight for index " + index);
        }
    }

    /**
     * Shapley values from Fourier coefficients (§3.3 closed form): {@code SV_i = −2 · Σ_{k ∋ i, |k| odd} F(k)/|k|}.
     */
    public static double[] shapleyFromFourier(SparseCoefficients fourier) {
        Conversions.requireBasis(fourier, Basis.FOURIER);
        double[] sv = new double[fourier.n()];
        for (Map.Entry<FeatureSet, Double> e : fourier.entries()) {
            FeatureSet k = e.getKey();
            if (k.size() % 2 == 1) {
                double share = -2.0 * e.getValue() / k.size();
                for (int j = 0; j < k.size(); j++) {
                    sv[k.get(j)] += share;
                }
            }
        }
        return sv;
    }

    /** Banzhaf values from Fourier coefficients (§3.3 closed form): {@code BV_i = −2 · F(e_i)}. */
    public static double[] banzhafFromFourier(SparseCoefficients fourier) {
        Conversions.requireBasis(fourier, Basis.FOURIER);
        double[] bv = new double[fourier.n()];
        for (Map.Entry<FeatureSet, Double> e : fourier.entries()) {
            if (e.getKey().size() == 1) {
                bv[e.getKey().get(0)] = -2.0 * e.getValue();
            }
        }
        return bv;
    }

    /**
     * Banzhaf interaction indices up to {@code order} from Fourier coefficients (§3.3 closed form):
     * {@code BII(T) = (−2)^{|T|} · F(T)}.
     *
     * @throws IllegalArgumentException when {@code order < 1} or the input is not Fourier
     */
    public static SparseCoefficients biiFromFourier(SparseCoefficients fourier, int order) {
        Conversions.requireBasis(fourier, Basis.FOURIER);
        requireOrder(order);
        SparseCoefficients.Builder out = SparseCoefficients.builder(fourier.n(), Basis.MOBIUS);
        for (Map.Entry<FeatureSet, Double> e : fourier.entries()) {
            int t = e.getKey().size();
            if (t <= order) {
                out.add(e.getKey(), signedPowerOfTwo(t) * e.getValue());
            }
        }
        return out.build();
    }

    /**
     * Shapley interaction indices up to {@code order} from Fourier coefficients (§3.3 closed form):
     * {@code SII(T) = (−2)^{|T|} · Σ_{k ⊇ T, |k|−|T| even} F(k)/(|k|−|T|+1)}.
     *
     * @throws IllegalArgumentException when {@code order < 1}, the input is not Fourier, or a key would make the
     *                                  enumeration explode
     */
    public static SparseCoefficients siiFromFourier(SparseCoefficients fourier, int order) {
        Conversions.requireBasis(fourier, Basis.FOURIER);
        requireOrder(order);
        SparseCoefficients.Builder out = SparseCoefficients.builder(fourier.n(), Basis.MOBIUS);
        for (Map.Entry<FeatureSet, Double> e : fourier.entries()) {
            FeatureSet k = e.getKey();
            int top = Math.min(order, k.size());
            if (Binomial.subsetsUpTo(k.size(), top) > MAX_SUBSETS_PER_KEY) {
                throw new IllegalArgumentException("key " + k + " with " + k.size() + " features has too many subsets"
                        + " of size <= " + top + " to enumerate; lower the order");
            }
            for (int t = k.size() % 2; t <= top; t += 2) { // |k| − t even
                double contribution = signedPowerOfTwo(t) * e.getValue() / (k.size() - t + 1);
                Subsets.forEach(k, t, t, subset -> out.add(subset, contribution));
            }
        }
        return out.build();
    }

    /** The Bernoulli numbers B_0..B_m with B_1 = −1/2, from Σ_{j<=m} C(m+1, j) B_j = 0 for m >= 1. */
    static double[] bernoulli(int m) {
        double[] b = new double[m + 1];
        b[0] = 1;
        for (int k = 1; k <= m; k++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Binomial.of(k + 1, j) * b[j];
            }
            b[k] = -sum / (k + 1);
        }
        return b;
    }

    private static void requireOrder(int order) {
        if (order < 1) {
            throw new IllegalArgumentException("order must be >= 1, got " + order);
        }
    }

    private static double sign(int exponent) {
        return exponent % 2 == 0 ? 1.0 : -1.0;
    }

    /** {@code (−2)^t}. */
    private static double signedPowerOfTwo(int t) {
        return Math.scalb(sign(t), t);
    }
}

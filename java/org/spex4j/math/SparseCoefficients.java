package org.spex4j.math;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable sparse set function over {@code n} features: a map from {@link FeatureSet} to coefficient, in the
 * Fourier basis (SPEX.md §3.1) or the Möbius basis (§3.2). Interaction indices (§3.3) are also returned in this
 * form, tagged {@link Basis#MOBIUS} because they are read additively ({@code v(S) ≈ Σ_{T⊆S} I(T)}), which is exact
 * for the Möbius coefficients themselves and the faithful approximation for FSII and FBII.
 *
 * <p>Every key's largest index must be below {@code n}. Zero or tiny values are kept as given: only the
 * conversions of {@link Conversions} drop {@code |value| <= 1e-12}.
 */
public final class SparseCoefficients {
    private static final Comparator<Map.Entry<FeatureSet, Double>> BY_MAGNITUDE =
            Comparator.<Map.Entry<FeatureSet, Double>>comparingDouble(e -> -Math.abs(e.getValue()))
                    .thenComparing(Map.Entry::getKey);

    private final int n;
    private final Basis basis;
    private final Map<FeatureSet, Double> map;
    private final List<Map.Entry<FeatureSet, Double>> sorted;
    private final FeatureSet[] keys;
    private final double[] values;

    private SparseCoefficients(int n, Basis basis, Map<FeatureSet, Double> coefficients) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        this.n = n;
        this.basis = Objects.requireNonNull(basis, "basis");
        List<Map.Entry<FeatureSet, Double>> list = new ArrayList<>(coefficients.size());
        for (Map.Entry<FeatureSet, Double> e : coefficients.entrySet()) {
            FeatureSet key = Objects.requireNonNull(e.getKey(), "null key");
            Double value = Objects.requireNonNull(e.getValue(), "null value for key " + key);
            if (key.max() >= n) {
                throw new IllegalArgumentException("key " + key + " has feature " + key.max()
                        + " but the function has only n = " + n + " features");
            }
            list.add(Map.entry(key, value));
        }
        list.sort(BY_MAGNITUDE);
        this.sorted = Collections.unmodifiableList(list);
        Map<FeatureSet, Double> ordered = new LinkedHashMap<>();
        this.keys = new FeatureSet[list.size()];
        this.values = new double[list.size()];
        for (int i = 0; i < list.size(); i++) {
            keys[i] = list.get(i).getKey();
            values[i] = list.get(i).getValue();
            ordered.put(keys[i], values[i]);
        }
        this.map = Collections.unmodifiableMap(ordered);
    }

    /**
     * The coefficients of {@code coefficients} (copied) over {@code n} features.
     *
     * @throws IllegalArgumentException when {@code n < 1} or a key has a feature {@code >= n}
     */
    public static SparseCoefficients of(int n, Basis basis, Map<FeatureSet, Double> coefficients) {
        return new SparseCoefficients(n, basis, coefficients);
    }

    /** The zero function over {@code n} features. */
    public static SparseCoefficients empty(int n, Basis basis) {
        return new SparseCoefficients(n, basis, Map.of());
    }

    /** A builder that sums the values added for the same key. */
    public static Builder builder(int n, Basis basis) {
        return new Builder(n, basis);
    }

    /** Accumulates coefficients; {@link #build()} validates them (see {@link #of}). */
    public static final class Builder {
        private final int n;
        private final Basis basis;
        private final Map<FeatureSet, Double> values = new HashMap<>();

        private Builder(int n, Basis basis) {
            this.n = n;
            this.basis = basis;
        }

        /** Adds {@code value} to the coefficient of {@code key}. */
        public Builder add(FeatureSet key, double value) {
            values.merge(Objects.requireNonNull(key, "key"), value, Double::sum);
            return this;
        }

        /** Sets the coefficient of {@code key}, replacing any earlier value. */
        public Builder put(FeatureSet key, double value) {
            values.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public SparseCoefficients build() {
            return new SparseCoefficients(n, basis, values);
        }
    }

    /** Number of features. */
    public int n() {
        return n;
    }

    public Basis basis() {
        return basis;
    }

    /** The coefficient of {@code key}, 0 when absent. */
    public double value(FeatureSet key) {
        Double v = map.get(key);
        return v == null ? 0.0 : v;
    }

    /** Whether {@code key} has a stored coefficient (possibly zero). */
    public boolean contains(FeatureSet key) {
        return map.containsKey(key);
    }

    /** Number of stored coefficients. */
    public int size() {
        return keys.length;
    }

    /** The largest key size, or -1 when there are no coefficients. */
    public int maxOrder() {
        int max = -1;
        for (FeatureSet k : keys) {
            max = Math.max(max, k.size());
        }
        return max;
    }

    /** The coefficients, sorted by |value| descending, ties by {@link FeatureSet} order (unmodifiable). */
    public List<Map.Entry<FeatureSet, Double>> entries() {
        return sorted;
    }

    /** The unmodifiable map, iterating in the order of {@link #entries()}. */
    public Map<FeatureSet, Double> asMap() {
        return map;
    }

    /** The first {@code k} of {@link #entries()} (all of them when fewer). */
    public List<Map.Entry<FeatureSet, Double>> topK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        return sorted.subList(0, Math.min(k, sorted.size()));
    }

    /** The coefficients whose key has exactly {@code order} features, same n and basis. */
    public SparseCoefficients order(int order) {
        Map<FeatureSet, Double> out = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].size() == order) {
                out.put(keys[i], values[i]);
            }
        }
        return new SparseCoefficients(n, basis, out);
    }

    /** The singleton coefficients as an array: element i is {@code value({i})}. */
    public double[] singletonValues() {
        double[] out = new double[n];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].size() == 1) {
                out[keys[i].get(0)] = values[i];
            }
        }
        return out;
    }

    /**
     * The function at one packed mask row ({@link MaskBatch} layout: bit {@code i & 63} of
     * {@code words[offset + (i >>> 6)]} is feature i, 1 = kept). Fourier: {@code Σ_k F(k)·(−1)^{|m ∩ k|}} (§3.1);
     * Möbius: {@code Σ_{S ⊆ kept(m)} a(S)} (§3.2).
     */
    public double evaluate(long[] words, int offset) {
        double sum = 0.0;
        if (basis == Basis.FOURIER) {
            for (int i = 0; i < keys.length; i++) {
                sum += keys[i].parityIn(words, offset) == 0 ? values[i] : -values[i];
            }
        } else {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].allIn(words, offset)) {
                    sum += values[i];
                }
            }
        }
        return sum;
    }

    /**
     * The function at every row of {@code masks}, see {@link #evaluate(long[], int)}.
     *
     * @throws IllegalArgumentException when the batch is over a different number of features
     */
    public double[] evaluate(MaskBatch masks) {
        if (masks.n() != n) {
            throw new IllegalArgumentException("masks have n = " + masks.n() + " features, coefficients have n = " + n);
        }
        double[] out = new double[masks.rows()];
        int w = masks.wordsPerRow();
        long[] words = masks.words();
        for (int r = 0; r < out.length; r++) {
            out[r] = evaluate(words, r * w);
        }
        return out;
    }

    @Override
    public String toString() {
        return basis + " n=" + n + " " + map;
    }
}

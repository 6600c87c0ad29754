package org.spex4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spex4j.math.Basis;
import org.spex4j.math.Conversions;
import org.spex4j.math.Index;
import org.spex4j.math.InteractionIndices;
import org.spex4j.math.SparseCoefficients;

/**
 * The immutable result of an explanation: a sparse Fourier representation of the value function plus what it
 * cost (queries, iterations, timings) and, where known, the feature names, f(all masked), f(all kept) and the
 * faithfulness. Every interaction index is derived from the Fourier form on demand.
 */
public final class Explanation {
    /** R² of the surrogate on uniformly random masks evaluated on the real value function. */
    public record Faithfulness(double r2, int masks) {}

    private final String method;
    private final int n;
    private final Integer b;
    private final int maxOrder;
    private final long queries;
    private final long distinctQueries;
    private final int iterations;
    private final long seed;
    private final Map<String, Double> timingMillis;
    private final SparseCoefficients fourier;
    private final List<String> features;
    private final Double baseline;
    private final Double full;
    private final String target;
    private final Faithfulness faithfulness;
    private final Scores scores;
    private final Provenance provenance;
    private final List<String> warnings;

    private Explanation(Builder x) {
        this.method = x.method;
        this.n = x.fourier.n();
        this.b = x.b;
        this.maxOrder = x.maxOrder;
        this.queries = x.queries;
        this.distinctQueries = x.distinctQueries;
        this.iterations = x.iterations;
        this.seed = x.seed;
        this.timingMillis = Collections.unmodifiableMap(new LinkedHashMap<>(x.timingMillis));
        this.fourier = x.fourier;
        this.features = x.features == null ? null : List.copyOf(x.features);
        this.baseline = x.baseline;
        this.full = x.full;
        this.target = x.target;
        this.faithfulness = x.faithfulness;
        this.scores = x.scores;
        this.provenance = x.provenance;
        this.warnings = List.copyOf(x.warnings);
    }

    public static Builder builder(String method, SparseCoefficients fourier) {
        return new Builder(method, fourier);
    }

    /** A builder holding this explanation's fields, to add what a caller learned later. */
    public Builder toBuilder() {
        Builder x = new Builder(method, fourier);
        x.b = b;
        x.maxOrder = maxOrder;
        x.queries = queries;
        x.distinctQueries = distinctQueries;
        x.iterations = iterations;
        x.seed = seed;
        x.timingMillis.putAll(timingMillis);
        x.features = features;
        x.baseline = baseline;
        x.full = full;
        x.target = target;
        x.faithfulness = faithfulness;
        x.scores = scores;
        x.provenance = provenance;
        x.warnings.addAll(warnings);
        return x;
    }

    public String method() {
        return method;
    }

    public int n() {
        return n;
    }

    /** The sparsity parameter b, or null for methods without one. */
    public Integer b() {
        return b;
    }

    public int maxOrder() {
        return maxOrder;
    }

    public long queries() {
        return queries;
    }

    public long distinctQueries() {
        return distinctQueries;
    }

    public int iterations() {
        return iterations;
    }

    public long seed() {
        return seed;
    }

    /** Phase → milliseconds (evaluate, transform, decode, refit, total). */
    public Map<String, Double> timingMillis() {
        return timingMillis;
    }

    /** The sparse Fourier coefficients F(k), sorted by |value|. */
    public SparseCoefficients fourier() {
        return fourier;
    }

    /** The Möbius coefficients a(S). */
    public SparseCoefficients mobius() {
        return Conversions.fourierToMobius(fourier);
    }

    /** Any index at the given order (spec §3.3); Shapley and Banzhaf values use the Fourier closed forms. */
    public SparseCoefficients interactions(Index index, int order) {
        switch (index) {
            case FOURIER:
                return fourier;
            case MOBIUS:
                return mobius();
            default:
                return InteractionIndices.compute(fourier, index, order);
        }
    }

    /** Per-feature Shapley values. */
    public double[] shapleyValues() {
        return InteractionIndices.shapleyFromFourier(fourier);
    }

    /** Per-feature Banzhaf values. */
    public double[] banzhafValues() {
        return InteractionIndices.banzhafFromFourier(fourier);
    }

    /** Feature names (words, sentences, ...) or null when the value function had none. */
    public List<String> features() {
        return features;
    }

    public Double baseline() {
        return baseline;
    }

    public Double full() {
        return full;
    }

    /** What the explained value is, in words (e.g. {@code log p("…" | input)} for a decoder); null when unknown. */
    public String target() {
        return target;
    }

    public Faithfulness faithfulness() {
        return faithfulness;
    }

    /**
     * Named per-feature scores a method reports beside its surrogate (e.g. SLALOM's "removal", "value" and
     * "importance"), the ranking score named; {@link Scores#NONE} for methods whose only output is the Fourier
     * surrogate.
     */
    public Scores scores() {
        return scores;
    }

    /**
     * The per-feature score that ranks features: the {@link Scores#ranking()} when a method reported scores, else
     * the Shapley values of the surrogate.
     */
    public double[] ranking() {
        return scores.isEmpty() ? shapleyValues() : scores.ranking();
    }

    /**
     * True when the ranking score is read by its signed value, largest first (NormXLogit: evidence for the
     * explained class); false when by magnitude (Shapley values, removal effects: either sign matters).
     */
    public boolean rankedBySign() {
        return scores.bySign();
    }

    /** The name of {@link #ranking()}: the ranking score's name, or "shapley". */
    public String rankingName() {
        return scores.isEmpty() ? "shapley" : scores.rankingName();
    }

    /** How this explanation was made (model, task, settings, version), or null for a bare value function. */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * What makes this explanation less than it looks, one sentence each (features masking cannot change, a b too
     * small for the input); empty when nothing is known to be wrong.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The basis of {@link #fourier()} (always Fourier). */
    public Basis basis() {
        return fourier.basis();
    }

    /** Builder of an {@link Explanation}. */
    public static final class Builder {
        private final String method;
        private final SparseCoefficients fourier;
        private Integer b;
        private int maxOrder;
        private long queries;
        private long distinctQueries;
        private int iterations;
        private long seed;
        private final Map<String, Double> timingMillis = new LinkedHashMap<>();
        private List<String> features;
        private Double baseline;
        private Double full;
        private String target;
        private Faithfulness faithfulness;
        private Scores scores = Scores.NONE;
        private Provenance provenance;
        private final List<String> warnings = new java.util.ArrayList<>();

        private Builder(String method, SparseCoefficients fourier) {
            if (fourier.basis() != Basis.FOURIER) {
                throw new IllegalArgumentException("an explanation holds Fourier coefficients, got " + fourier.basis());
            }
            this.method = method;
            this.fourier = fourier;
        }

        public Builder b(Integer b) {
            this.b = b;
            return this;
        }

        public Builder maxOrder(int t) {
            this.maxOrder = t;
            return this;
        }

        public Builder queries(long queries, long distinct) {
            this.queries = queries;
            this.distinctQueries = distinct;
            return this;
        }

        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder timing(String phase, double millis) {
            timingMillis.put(phase, millis);
            return this;
        }

        public Builder features(List<String> features) {
            if (features != null && features.size() != fourier.n()) {
                throw new IllegalArgumentException(features.size() + " feature names for n = " + fourier.n());
            }
            this.features = features;
            return this;
        }

        public Builder baseline(Double baseline) {
            this.baseline = baseline;
            return this;
        }

        public Builder full(Double full) {
            this.full = full;
            return this;
        }

        /** What the explained value is, in words (e.g. the continuation a decoder scores); null when unknown. */
        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder faithfulness(Faithfulness faithfulness) {
            this.faithfulness = faithfulness;
            return this;
        }

        /**
         * The method's per-feature scores, n values each (replacing any set before).
         *
         * @throws IllegalArgumentException when a score does not have n values
         */
        public Builder scores(Scores scores) {
            this.scores = java.util.Objects.requireNonNull(scores, "scores").requireLength(fourier.n());
            return this;
        }

        /** Adds a warning (see {@link Explanation#warnings()}). */
        public Builder warning(String warning) {
            warnings.add(java.util.Objects.requireNonNull(warning, "warning"));
            return this;
        }

        /** How the explanation was made (set by the facade). */
        public Builder provenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        public Explanation build() {
            return new Explanation(this);
        }
    }
}

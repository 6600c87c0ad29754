package org.spex4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named per-feature scores a method reports beside its surrogate (SLALOM's "removal", "value", ...; NormXLogit's
 * "normxlogit", "embedding_norm", "logit"), with the one that ranks the features named explicitly and how it ranks
 * (by magnitude, or by signed value). Immutable; every array handed in or out is a copy.
 *
 * <pre>{@code
 * Scores s = Scores.ranking("normxlogit", score).bySign().add("logit", logit).build();
 * s.rankingName();   // "normxlogit"
 * }</pre>
 *
 * <p>{@link #asMap()} lists the ranking score first, then the others in the order added: the order of the JSON's
 * {@code scores} field.
 */
public final class Scores {
    /** No scores: the Shapley values of the surrogate rank the features. */
    public static final Scores NONE = new Scores(null, false, Map.of());

    private final String rankingName;
    private final boolean bySign;
    private final Map<String, double[]> values;

    private Scores(String rankingName, boolean bySign, Map<String, double[]> values) {
        this.rankingName = rankingName;
        this.bySign = bySign;
        Map<String, double[]> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.clone()));
        this.values = Collections.unmodifiableMap(copy);
    }

    /** Scores ranked by {@code values} (by magnitude unless {@link Builder#bySign()}), called {@code name}. */
    public static Builder ranking(String name, double[] values) {
        return new Builder(name, values);
    }

    /** True when the method reported no scores. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The number of scores. */
    public int size() {
        return values.size();
    }

    /** The name of the ranking score, or null when there are none. */
    public String rankingName() {
        return rankingName;
    }

    /** The ranking score (a copy), or null when there are none. */
    public double[] ranking() {
        return rankingName == null ? null : get(rankingName);
    }

    /**
     * True when the ranking score is read by its signed value, largest first (NormXLogit: evidence for the explained
     * class); false when by magnitude (removal effects, Shapley values: either sign matters).
     */
    public boolean bySign() {
        return bySign;
    }

    /** The score called {@code name} (a copy), or null when there is none. */
    public double[] get(String name) {
        double[] v = values.get(name);
        return v == null ? null : v.clone();
    }

    /** The names, the ranking score's first. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Every score by name, the ranking score first (unmodifiable; the arrays are copies). */
    public Map<String, double[]> asMap() {
        Map<String, double[]> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.clone()));
        return Collections.unmodifiableMap(out);
    }

    /** Checks that every score has n values. */
    Scores requireLength(int n) {
        values.forEach((k, v) -> {
            if (v.length != n) {
                throw new IllegalArgumentException("score '" + k + "' has " + v.length + " values for n = " + n);
            }
        });
        return this;
    }

    /** Builder: the ranking score first, then the others in order. */
    public static final class Builder {
        private final String rankingName;
        private boolean bySign;
        private final Map<String, double[]> values = new LinkedHashMap<>();

        private Builder(String name, double[] values) {
            this.rankingName = Objects.requireNonNull(name, "name");
            this.values.put(name, Objects.requireNonNull(values, "values").clone());
        }

        /** Ranks by the signed value of the ranking score, largest first (see {@link Scores#bySign()}). */
        public Builder bySign() {
            this.bySign = true;
            return this;
        }

        /**
         * Adds a further score.
         *
         * @throws IllegalArgumentException when a score of that name exists
         */
        public Builder add(String name, double[] values) {
            Objects.requireNonNull(values, "values");
            if (this.values.putIfAbsent(Objects.requireNonNull(name, "name"), values.clone()) != null) {
                throw new IllegalArgumentException("score '" + name + "' is given twice");
            }
            return this;
        }

        public Scores build() {
            return new Scores(rankingName, bySign, values);
        }
    }
}

package org.spex4j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.spex4j.value.Progress;
import org.spex4j.value.ValueFunction;

/**
 * What an {@link Explainer} explains (shapiq's game): a value function over n features, how it is queried (masks per
 * call, progress, cancellation), and typed capabilities for methods that need more than masked values.
 *
 * <pre>{@code
 * Subject plain = Subject.of(f, n);
 * Subject onModel = Subject.builder(f, n).optMasksPerCall(64).optCapability(ModelInput.class, input).build();
 * }</pre>
 *
 * <p>A capability is found by its type: one given to the builder, or, when the subject has a {@link ModelInput}, one
 * the model offers ({@link org.spex4j.model.TextModel#capability}). Immutable.
 */
public final class Subject {
    /** Masks per call of the value function when none is set. */
    public static final int DEFAULT_MASKS_PER_CALL = 512;

    private final ValueFunction value;
    private final int n;
    private final int masksPerCall;
    private final Progress progress;
    private final BooleanSupplier cancelled;
    private final Map<Class<?>, Object> capabilities;

    private Subject(Builder x) {
        this.value = x.value;
        this.n = x.n;
        this.masksPerCall = x.masksPerCall;
        this.progress = x.progress;
        this.cancelled = x.cancelled;
        this.capabilities = Map.copyOf(x.capabilities);
    }

    /** A value function over n features, queried 512 masks per call, without progress or cancellation. */
    public static Subject of(ValueFunction value, int n) {
        return builder(value, n).build();
    }

    /**
     * A builder over {@code value} and n features.
     *
     * @throws NullPointerException     for a null value function
     * @throws IllegalArgumentException for fewer than one feature
     */
    public static Builder builder(ValueFunction value, int n) {
        return new Builder(value, n);
    }

    /** The value function: a batch of masks in, one number per mask out. */
    public ValueFunction value() {
        return value;
    }

    /** The number of features. */
    public int n() {
        return n;
    }

    /** Masks per call of the value function (how many a method hands over at once; not rows per forward pass). */
    public int masksPerCall() {
        return masksPerCall;
    }

    public Progress progress() {
        return progress;
    }

    /** Polled between batches: when it returns true the run stops with a CancellationException. */
    public BooleanSupplier cancelled() {
        return cancelled;
    }

    /** The capability of the given type, or empty when the subject has none. */
    public <T> Optional<T> capability(Class<T> type) {
        Object c = capabilities.get(type);
        if (c != null) {
            return Optional.of(type.cast(c));
        }
        ModelInput input = (ModelInput) capabilities.get(ModelInput.class);
        return input == null ? Optional.empty() : input.model().capability(type);
    }

    /**
     * The capability of the given type, which {@code method} needs.
     *
     * @throws IllegalArgumentException naming the method and the capability when the subject has none
     */
    public <T> T require(Class<T> type, String method) {
        return capability(type).orElseThrow(() -> new IllegalArgumentException(method + " needs a subject with "
                + type.getSimpleName() + (capabilities.containsKey(ModelInput.class)
                        ? "; the model " + capability(ModelInput.class).orElseThrow().model().name() + " has none"
                        : " (a value function alone is not enough: explain a model's input, e.g. through Spex)")));
    }

    /** Builder: every option has a default ({@code opt*}). */
    public static final class Builder {
        private final ValueFunction value;
        private final int n;
        private int masksPerCall = DEFAULT_MASKS_PER_CALL;
        private Progress progress = Progress.NONE;
        private BooleanSupplier cancelled = () -> false;
        private final Map<Class<?>, Object> capabilities = new LinkedHashMap<>();

        private Builder(ValueFunction value, int n) {
            this.value = Objects.requireNonNull(value, "value function");
            if (n < 1) {
                throw new IllegalArgumentException("n must be >= 1 feature, got " + n);
            }
            this.n = n;
        }

        /** Masks per call of the value function (default 512). */
        public Builder optMasksPerCall(int masks) {
            if (masks < 1) {
                throw new IllegalArgumentException("masks per call must be >= 1, got " + masks);
            }
            this.masksPerCall = masks;
            return this;
        }

        public Builder optProgress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Polled between batches: when it returns true the run stops with a CancellationException. */
        public Builder optCancellation(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        /** Adds a capability, found later by {@code type}. */
        public <T> Builder optCapability(Class<T> type, T capability) {
            capabilities.put(Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(capability,
                    "capability")));
            return this;
        }

        public Subject build() {
            return new Subject(this);
        }
    }
}

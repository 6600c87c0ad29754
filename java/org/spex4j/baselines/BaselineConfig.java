package org.spex4j.baselines;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.spex4j.value.Progress;

/**
 * Settings shared by every baseline explainer, built the DJL way:
 * {@code BaselineConfig.builder().setBudget(10_000).optSeed(7).build()}. The budget is required; the seed (default
 * 0), the batch size (default 512), progress and cancellation are optional.
 *
 * <p>The budget caps the number of masks a method asks for (its {@code queries}); the value function sees each
 * distinct mask once ({@code distinctQueries}).
 */
public final class BaselineConfig {
    private final long budget;
    private final long seed;
    private final int batchSize;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    private BaselineConfig(Builder x) {
        this.budget = x.budget;
        this.seed = x.seed;
        this.batchSize = x.batchSize;
        this.progress = x.progress;
        this.cancelled = x.cancelled;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A configuration with the given budget and seed and the defaults for everything else. */
    public static BaselineConfig of(long budget, long seed) {
        return builder().setBudget(budget).optSeed(seed).build();
    }

    /** The most masks one explanation may ask for. */
    public long budget() {
        return budget;
    }

    /** The seed of the method's {@link java.util.SplittableRandom}: equal seeds give equal explanations. */
    public long seed() {
        return seed;
    }

    /** Masks per call of the value function. */
    public int batchSize() {
        return batchSize;
    }

    public Progress progress() {
        return progress;
    }

    public BooleanSupplier cancelled() {
        return cancelled;
    }

    /** Builder: {@code set*} for what is required (the budget), {@code opt*} for the rest. */
    public static final class Builder {
        private Long budget;
        private long seed = 0;
        private int batchSize = 512;
        private Progress progress = Progress.NONE;
        private BooleanSupplier cancelled = () -> false;

        /** The query budget: the most masks one explanation may ask for. */
        public Builder setBudget(long budget) {
            if (budget < 1) {
                throw new IllegalArgumentException("budget must be >= 1 query, got " + budget);
            }
            this.budget = budget;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Masks per call of the value function (default 512). */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
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

        public BaselineConfig build() {
            if (budget == null) {
                throw new IllegalArgumentException("set a query budget (setBudget)");
            }
            return new BaselineConfig(this);
        }
    }
}

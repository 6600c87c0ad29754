package org.spex4j.api;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.spex4j.value.Progress;

/**
 * The settings that SPEX and the baselines take the same way: the seed, the masks per call of the value function (default 512), progress and
 * cancellation. {@link org.spex4j.spex.SpexConfig} and {@link org.spex4j.baselines.BaselineConfig} extend it, and
 * their builders extend {@link BaseBuilder}, so that these options are written and checked in one place.
 */
public abstract class ExplainerConfig {
    private final long seed;
    private final int masksPerCall;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    protected ExplainerConfig(BaseBuilder<?> x) {
        this.seed = x.seed;
        this.masksPerCall = x.masksPerCall;
        this.progress = x.progress;
        this.cancelled = x.cancelled;
    }

    /** The seed of the method's {@link java.util.SplittableRandom}: equal seeds give equal explanations. */
    public long seed() {
        return seed;
    }

    /** Masks per call of the value function (how many a method hands over at once; not rows per forward pass). */
    public int masksPerCall() {
        return masksPerCall;
    }

    public Progress progress() {
        return progress;
    }

    public BooleanSupplier cancelled() {
        return cancelled;
    }

    /**
     * The {@code opt*} options shared by every configuration; {@code B} is the concrete builder, which each option
     * returns so that calls chain in any order (DJL's {@code BaseBuilder} pattern).
     */
    public abstract static class BaseBuilder<B extends BaseBuilder<B>> {
        private long seed = 0;
        private int masksPerCall = 512;
        private Progress progress = Progress.NONE;
        private BooleanSupplier cancelled = () -> false;

        /** This builder as its concrete type. */
        protected abstract B self();

        public B optSeed(long seed) {
            this.seed = seed;
            return self();
        }

        /** Masks per call of the value function (default 512). */
        public B optMasksPerCall(int masks) {
            if (masks < 1) {
                throw new IllegalArgumentException("masks per call must be >= 1, got " + masks);
            }
            this.masksPerCall = masks;
            return self();
        }

        public B optProgress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return self();
        }

        /** Polled between batches: when it returns true the run stops with a CancellationException. */
        public B optCancellation(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return self();
        }
    }
}

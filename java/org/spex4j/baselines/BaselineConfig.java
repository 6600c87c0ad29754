package org.spex4j.baselines;

import org.spex4j.api.ExplainerConfig;

/**
 * Settings shared by every baseline explainer, built the DJL way:
 * {@code BaselineConfig.builder().setBudget(10_000).optSeed(7).build()}. The budget is required; the seed (default
 * 0), the masks per call (default 512), progress and cancellation are optional ({@link ExplainerConfig}).
 *
 * <p>The budget caps the number of masks a method asks for (its {@code queries}); the value function sees each
 * distinct mask once ({@code distinctQueries}).
 */
public final class BaselineConfig extends ExplainerConfig {
    private final long budget;

    private BaselineConfig(Builder x) {
        super(x);
        this.budget = x.budget;
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

    /** Builder: {@code set*} for what is required (the budget), {@code opt*} for the rest. */
    public static final class Builder extends ExplainerConfig.BaseBuilder<Builder> {
        private Long budget;

        @Override
        protected Builder self() {
            return this;
        }

        /** The query budget: the most masks one explanation may ask for. */
        public Builder setBudget(long budget) {
            if (budget < 1) {
                throw new IllegalArgumentException("budget must be >= 1 query, got " + budget);
            }
            this.budget = budget;
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

package org.spex4j.proxyspex;

import org.spex4j.spex.SpexConfig;
import org.spex4j.util.Require;

/**
 * The hyperparameters of {@link ProxySpexExplainer}, built the DJL way: {@code ProxySpexConfig.builder().build()};
 * every option has a default. The budget (masks sampled, at least {@link #MIN_BUDGET}) and the seed come with each
 * call of {@link ProxySpexExplainer#explain}.
 *
 * <p>By default the tree hyperparameters are chosen by 5-fold cross-validated R² over max depth {t − 2, t}, trees
 * {500, 1000} and learning rate {0.01, 0.1}, as the authors do; {@link Builder#optHyperparameters} fixes them
 * instead (no cross-validation).
 */
public final class ProxySpexConfig {
    /** Folds of the hyperparameter cross-validation. */
    public static final int FOLDS = 5;
    /**
     * The smallest budget: four masks per fold, so that every held-out fold has an R² and every training set at
     * least 16 rows.
     */
    public static final long MIN_BUDGET = 4L * FOLDS;
    /** The fraction of the non-constant Fourier energy of the trees that the refit keeps. */
    public static final double DEFAULT_ENERGY = 0.95;
    /** The largest max order: trees deeper than this are not tried. */
    public static final int MAX_ORDER = 16;

    private final int maxOrder;
    private final int threads;
    private final double energy;
    private final BoostedTrees.Params fixed;

    private ProxySpexConfig(Builder x) {
        this.maxOrder = x.maxOrder;
        this.threads = x.threads;
        this.energy = x.energy;
        this.fixed = x.fixed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** t: the deepest trees tried (depths t − 2 and t). */
    public int maxOrder() {
        return maxOrder;
    }

    /** Fits run at once during cross-validation (0: one per core). */
    public int threads() {
        return threads;
    }

    public double energy() {
        return energy;
    }

    /** The fixed tree settings, or null when they are chosen by cross-validation. */
    BoostedTrees.Params fixedHyperparameters() {
        return fixed;
    }

    /** Builder: every option has a default ({@code opt*}). */
    public static final class Builder {
        private int maxOrder = SpexConfig.DEFAULT_MAX_ORDER;
        private int threads = 0;
        private double energy = DEFAULT_ENERGY;
        private BoostedTrees.Params fixed;

        /** t (default 5): tree depths t − 2 and t are tried. */
        public Builder optMaxOrder(int t) {
            this.maxOrder = Require.inRange("max order", t, 1, MAX_ORDER);
            return this;
        }

        /** Fits run at once during cross-validation (default 0: one per core); each fit uses one thread. */
        public Builder optThreads(int threads) {
            this.threads = Require.atLeast("threads", threads, 0);
            return this;
        }

        /** The fraction of non-constant energy kept before the refit (default 0.95). */
        public Builder optEnergy(double energy) {
            this.energy = Require.fraction("energy", energy);
            return this;
        }

        /** Fixes the trees' depth, count and learning rate instead of cross-validating them. */
        public Builder optHyperparameters(int maxDepth, int trees, double learningRate) {
            this.fixed = new BoostedTrees.Params(maxDepth, trees, learningRate);
            return this;
        }

        public ProxySpexConfig build() {
            return new ProxySpexConfig(this);
        }
    }
}

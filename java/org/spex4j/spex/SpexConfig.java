package org.spex4j.spex;

import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.Kernels;
import org.spex4j.util.Require;

/**
 * SPEX's hyperparameters, built the DJL way: {@code SpexConfig.builder().optMaxOrder(5).build()}. Every option has
 * the reference's default (spec §10.3). The query budget and the seed are not here: they come with each call of
 * {@link SpexExplainer#explain}, where the budget selects b as the reference does it ({@link Budget#bForBudget}),
 * unless {@link Builder#optB} fixes b.
 */
public final class SpexConfig {
    /** Subsampling groups C. */
    public static final int GROUPS = 3;
    /** The range of b that a budget may select (spec §4.3: b = 3..12). */
    public static final int MIN_BUDGET_B = 3;
    public static final int MAX_BUDGET_B = 12;
    /** The range of b that may be set directly. */
    public static final int MIN_B = 1;
    public static final int MAX_B = 20;
    /** The highest interaction order decoded by default, t (spec §10.3). */
    public static final int DEFAULT_MAX_ORDER = 5;
    public static final Decoder DEFAULT_DECODER = Decoder.SOFT;
    public static final Refit DEFAULT_REFIT = Refit.LASSO;

    private final Integer b;
    private final int maxOrder;
    private final Decoder decoder;
    private final int chaseDepth;
    private final Refit refit;
    private final int maxIterations;
    private final boolean trapExit;
    private final double residualCutoff;
    private final double noiseSd;
    private final Kernels.Device device;
    private final int threads;

    private SpexConfig(Builder x) {
        this.b = x.b;
        this.maxOrder = x.maxOrder;
        this.decoder = x.decoder;
        this.chaseDepth = x.chaseDepth < 0 ? Math.min(2 * x.maxOrder, 2 * BchCode.MAX_T) : x.chaseDepth;
        this.refit = x.refit;
        this.maxIterations = x.maxIterations;
        this.trapExit = x.trapExit;
        this.residualCutoff = x.residualCutoff;
        this.noiseSd = x.noiseSd;
        this.device = x.device;
        this.threads = x.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The b of a run on n features within {@code budget} queries: the one fixed by {@link Builder#optB}, which must
     * fit the budget, or the largest that the budget affords.
     *
     * @throws IllegalArgumentException when the budget is below the fixed b's queries or below the least b's
     */
    public int resolveB(int n, long budget) {
        if (b == null) {
            return Budget.bForBudget(n, maxOrder, budget);
        }
        long needed = Budget.queries(n, maxOrder, b);
        if (budget < needed) {
            throw new IllegalArgumentException("b = " + b + " needs " + needed + " queries for n = " + n
                    + " features at max order " + maxOrder + ", more than the budget of " + budget);
        }
        return b;
    }

    /** The fixed b, or null when the budget selects it. */
    public Integer b() {
        return b;
    }

    public int maxOrder() {
        return maxOrder;
    }

    public Decoder decoder() {
        return decoder;
    }

    public int chaseDepth() {
        return chaseDepth;
    }

    public Refit refit() {
        return refit;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public boolean trapExit() {
        return trapExit;
    }

    public double residualCutoff() {
        return residualCutoff;
    }

    public double noiseSd() {
        return noiseSd;
    }

    public Kernels.Device device() {
        return device;
    }

    public int threads() {
        return threads;
    }

    /** Builder: every option has a default ({@code opt*}). */
    public static final class Builder {
        private Integer b;
        private int maxOrder = DEFAULT_MAX_ORDER;
        private Decoder decoder = DEFAULT_DECODER;
        private int chaseDepth = -1;
        private Refit refit = DEFAULT_REFIT;
        private int maxIterations = 100;
        private boolean trapExit = true;
        private double residualCutoff = 0.9;
        private double noiseSd = 0;
        private Kernels.Device device = Kernels.Device.AUTO;
        private int threads = 0;

        /**
         * Fixes b (2^b samples per delay and group) instead of letting each call's budget select it; the budget
         * must then cover {@link Budget#queries} of it. The only way to a b outside 3..12.
         */
        public Builder optB(int b) {
            this.b = Require.inRange("b", b, MIN_B, MAX_B);
            return this;
        }

        /** The BCH radius t: the largest interaction order recovered (default 5). */
        public Builder optMaxOrder(int t) {
            this.maxOrder = Require.inRange("max order", t, 1, BchCode.MAX_T);
            return this;
        }

        public Builder optDecoder(Decoder decoder) {
            this.decoder = java.util.Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /** Chase depth d (default 2t, as spectral-explain; shapiq uses t). */
        public Builder optChaseDepth(int d) {
            this.chaseDepth = Require.inRange("Chase depth", d, 0, 2 * BchCode.MAX_T);
            return this;
        }

        public Builder optRefit(Refit refit) {
            this.refit = java.util.Objects.requireNonNull(refit, "refit");
            return this;
        }

        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = Require.atLeast("max iterations", maxIterations, 1);
            return this;
        }

        public Builder optTrapExit(boolean trapExit) {
            this.trapExit = trapExit;
            return this;
        }

        /** Singleton acceptance: residual energy below this fraction of the bin's energy (default 0.9). */
        public Builder optResidualCutoff(double cutoff) {
            this.residualCutoff = Require.fraction("residual cutoff", cutoff);
            return this;
        }

        /** Known noise standard deviation of the value function, for the zeroton cutoff (default 0). */
        public Builder optNoiseSd(double sd) {
            if (!(sd >= 0) || Double.isInfinite(sd)) {
                throw new IllegalArgumentException("noise sd must be finite and >= 0, got " + sd);
            }
            this.noiseSd = sd;
            return this;
        }

        public Builder optDevice(Kernels.Device device) {
            this.device = java.util.Objects.requireNonNull(device, "device");
            return this;
        }

        /** CPU threads of the kernels (0 = all cores). */
        public Builder optThreads(int threads) {
            this.threads = Require.atLeast("threads", threads, 0);
            return this;
        }

        public SpexConfig build() {
            return new SpexConfig(this);
        }
    }
}

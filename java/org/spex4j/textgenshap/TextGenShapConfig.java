package org.spex4j.textgenshap;

/**
 * The hyperparameters of a TextGenSHAP explanation, every one optional:
 * {@code TextGenShapConfig.builder().optPermutations(50).build()}. Defaults follow the reference: 100 permutations,
 * 100 Banzhaf samples at p = 0.5, threshold 0.1 (its word-level value); 8 generated tokens (the reference allows 20
 * on question answering; tiny story models ramble). The seed, masks per call and cancellation come with each call.
 */
public final class TextGenShapConfig {
    private final int permutations;
    private final int banzhafSamples;
    private final double banzhafProbability;
    private final double threshold;
    private final boolean hierarchical;
    private final int tokens;
    private final boolean speculative;
    private final int maxTreeNodes;
    private final boolean blankEmpty;

    private TextGenShapConfig(Builder x) {
        this.permutations = x.permutations;
        this.banzhafSamples = x.banzhafSamples;
        this.banzhafProbability = x.banzhafProbability;
        this.threshold = x.threshold;
        this.hierarchical = x.hierarchical;
        this.tokens = x.tokens;
        this.speculative = x.speculative;
        this.maxTreeNodes = x.maxTreeNodes;
        this.blankEmpty = x.blankEmpty;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TextGenShapConfig defaults() {
        return builder().build();
    }

    /** Permutations per Shapley pass (P); a pass costs about P × (units + 1) coalitions. */
    public int permutations() {
        return permutations;
    }

    /** Banzhaf samples (S, 0 = no Banzhaf values); they cost S × (units + 1) coalitions. */
    public int banzhafSamples() {
        return banzhafSamples;
    }

    public double banzhafProbability() {
        return banzhafProbability;
    }

    /** τ: a sentence is split into words when its score {@code max_y (mean − se)} is at least τ. */
    public double threshold() {
        return threshold;
    }

    public boolean hierarchical() {
        return hierarchical;
    }

    /** Tokens generated per coalition (fewer when an end-of-sequence token comes first). */
    public int tokens() {
        return tokens;
    }

    public boolean speculative() {
        return speculative;
    }

    public int maxTreeNodes() {
        return maxTreeNodes;
    }

    /** The empty coalition's output is "" (not generated) instead of the fully masked prompt's generation. */
    public boolean blankEmpty() {
        return blankEmpty;
    }

    /** Builder; every setting has a default. */
    public static final class Builder {
        private int permutations = 100;
        private int banzhafSamples = 100;
        private double banzhafProbability = 0.5;
        private double threshold = 0.1;
        private boolean hierarchical = true;
        private int tokens = 8;
        private boolean speculative = true;
        private int maxTreeNodes = 1024;
        private boolean blankEmpty = false;

        public Builder optPermutations(int p) {
            if (p < 2) {
                throw new IllegalArgumentException("permutations must be >= 2 (standard errors need two), got " + p);
            }
            this.permutations = p;
            return this;
        }

        public Builder optBanzhafSamples(int s) {
            if (s < 0 || s == 1) {
                throw new IllegalArgumentException("Banzhaf samples must be 0 (off) or >= 2, got " + s);
            }
            this.banzhafSamples = s;
            return this;
        }

        public Builder optBanzhafProbability(double p) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("the Banzhaf probability must lie in (0, 1), got " + p);
            }
            this.banzhafProbability = p;
            return this;
        }

        public Builder optThreshold(double tau) {
            if (Double.isNaN(tau)) {
                throw new IllegalArgumentException("the threshold must be a number");
            }
            this.threshold = tau;
            return this;
        }

        public Builder optHierarchical(boolean on) {
            this.hierarchical = on;
            return this;
        }

        public Builder optTokens(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("tokens must be >= 1, got " + tokens);
            }
            this.tokens = tokens;
            return this;
        }

        public Builder optSpeculative(boolean on) {
            this.speculative = on;
            return this;
        }

        public Builder optMaxTreeNodes(int nodes) {
            if (nodes < 0) {
                throw new IllegalArgumentException("maxTreeNodes must be >= 0, got " + nodes);
            }
            this.maxTreeNodes = nodes;
            return this;
        }

        public Builder optBlankEmpty(boolean on) {
            this.blankEmpty = on;
            return this;
        }

        public TextGenShapConfig build() {
            return new TextGenShapConfig(this);
        }
    }
}

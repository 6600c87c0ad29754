package org.spex4j;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.spex.SpexConfig;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.util.Enums;
import org.spex4j.util.Require;

/**
 * Everything that decides an explanation, in one immutable value: the model, the task, what a feature is, how it is
 * masked, the method and its budget, and the seed. Validated when built, so a bad setting fails before any model is
 * loaded; serialisable, so the same value can travel to other JVMs (Spark executors) and into every explanation's
 * provenance. Built the DJL way, and {@link #toBuilder()} starts a modified copy:
 *
 * <pre>{@code
 * ExplainOptions o = ExplainOptions.builder().optModel("stories260k").optB(4).optSeed(7).build();
 * ExplainOptions lime = o.toBuilder().optMethod("lime").build();
 * }</pre>
 *
 * Defaults live here and nowhere else (SPEX's own, such as the max order, come from {@link SpexConfig}).
 */
public final class ExplainOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default query budget: b = 6 for up to ~36 words (about a minute for a 30-word review on 2 cores). */
    public static final long DEFAULT_BUDGET = 6_000;
    /** The default model. */
    public static final String DEFAULT_MODEL = "minilm";
    /** The default order of the interaction baselines and of the interactions shown. */
    public static final int DEFAULT_ORDER = 2;

    private final String model;
    private final Task task;
    private final Granularity features;
    private final MaskMode mask;
    private final String method;
    private final int order;
    private final Integer b;
    private final long budget;
    private final int maxOrder;
    private final Decoder decoder;
    private final Refit refit;
    private final long seed;
    private final Kernels.Device device;
    private final int threads;
    private final int faithfulnessMasks;
    private final TextModel.ValueOptions valueOptions;

    private ExplainOptions(Builder x) {
        this.model = x.model;
        this.task = x.task;
        this.features = x.features;
        this.mask = x.mask;
        this.method = x.method;
        this.order = x.order;
        this.b = x.b;
        this.budget = x.budget;
        this.maxOrder = x.maxOrder;
        this.decoder = x.decoder;
        this.refit = x.refit;
        this.seed = x.seed;
        this.device = x.device;
        this.threads = x.threads;
        this.faithfulnessMasks = x.faithfulnessMasks;
        this.valueOptions = x.valueOptions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setting at its default. */
    public static ExplainOptions defaults() {
        return builder().build();
    }

    /** A builder holding these settings, to build a modified copy. */
    public Builder toBuilder() {
        Builder x = new Builder();
        x.model = model;
        x.task = task;
        x.features = features;
        x.mask = mask;
        x.method = method;
        x.order = order;
        x.b = b;
        x.budget = budget;
        x.maxOrder = maxOrder;
        x.decoder = decoder;
        x.refit = refit;
        x.seed = seed;
        x.device = device;
        x.threads = threads;
        x.faithfulnessMasks = faithfulnessMasks;
        x.valueOptions = valueOptions;
        return x;
    }

    /** A shipped model's name ("minilm", "stories260k") or a path. */
    public String model() {
        return model;
    }

    /** The task, or null for the model's default. */
    public Task task() {
        return task;
    }

    public Granularity features() {
        return features;
    }

    public MaskMode mask() {
        return mask;
    }

    /** The method's name, one of {@link Methods#names()}. */
    public String method() {
        return method;
    }

    /** The order of the interaction baselines (faith-banzhaf, faith-shap, shapley-taylor). */
    public int order() {
        return order;
    }

    /** SPEX's sparsity parameter b, or null when the budget decides it. */
    public Integer b() {
        return b;
    }

    /** The query budget (ignored when b is set: SPEX then uses 3·P·2^b queries and the others as many). */
    public long budget() {
        return budget;
    }

    /**
     * The budget of a run on n features, what {@link org.spex4j.api.Explainer#explain} gets: SPEX's 3·P·2^b queries
     * when b is set (the other methods then get as many), else {@link #budget()}.
     */
    public long budget(int n) {
        return b != null ? org.spex4j.spex.Budget.queries(n, maxOrder, b) : budget;
    }

    /** The highest interaction order SPEX decodes, t. */
    public int maxOrder() {
        return maxOrder;
    }

    public Decoder decoder() {
        return decoder;
    }

    public Refit refit() {
        return refit;
    }

    /** The seed of every random choice: equal options give equal explanations on one machine. */
    public long seed() {
        return seed;
    }

    public Kernels.Device device() {
        return device;
    }

    /**
     * CPU threads of the native kernels (0 = all cores). LibTorch's are process-wide:
     * {@code NativeThreads.setTorchThreads}.
     */
    public int threads() {
        return threads;
    }

    /** R² on this many uniform random masks after the explanation (0 = none). */
    public int faithfulnessMasks() {
        return faithfulnessMasks;
    }

    /** How masked inputs reach the model: rows and tokens per forward pass, the log-prob's form. */
    public TextModel.ValueOptions valueOptions() {
        return valueOptions;
    }

    /**
     * The settings as the command line spells them, in a fixed order: what an explanation's provenance and the JSON
     * record (b or budget, whichever decides).
     */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("task", task == null ? "default" : task.label());
        m.put("features", Enums.spelling(features));
        m.put("mask", Enums.spelling(mask));
        m.put("method", method);
        m.put("order", String.valueOf(order));
        if (b != null) {
            m.put("b", String.valueOf(b));
        } else {
            m.put("budget", String.valueOf(budget));
        }
        m.put("max_order", String.valueOf(maxOrder));
        m.put("decoder", Enums.spelling(decoder));
        m.put("refit", Enums.spelling(refit));
        m.put("seed", String.valueOf(seed));
        m.put("device", Enums.spelling(device));
        m.put("faithfulness", String.valueOf(faithfulnessMasks));
        m.put("batch_size", String.valueOf(valueOptions.batchSize()));
        m.put("batch_tokens", String.valueOf(valueOptions.maxBatchTokens()));
        m.put("mean_logprob", String.valueOf(valueOptions.meanLogProb()));
        m.put("continuation", String.valueOf(valueOptions.continuationTokens()));
        m.put("precision", valueOptions.precision().toString());
        if (valueOptions.targetClass() != null) {
            m.put("class", valueOptions.targetClass());
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExplainOptions x && settings().equals(x.settings()) && threads == x.threads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings(), threads);
    }

    @Override
    public String toString() {
        return "ExplainOptions" + settings();
    }

    /** Builder: every option has a default ({@code opt*}); {@link #build()} checks them together. */
    public static final class Builder {
        private String model = DEFAULT_MODEL;
        private Task task;
        private Granularity features = Granularity.WORDS;
        private MaskMode mask = MaskMode.REPLACE;
        private String method = Methods.SPEX;
        private int order = DEFAULT_ORDER;
        private Integer b;
        private long budget = DEFAULT_BUDGET;
        private int maxOrder = SpexConfig.DEFAULT_MAX_ORDER;
        private Decoder decoder = SpexConfig.DEFAULT_DECODER;
        private Refit refit = SpexConfig.DEFAULT_REFIT;
        private long seed = 0;
        private Kernels.Device device = Kernels.Device.AUTO;
        private int threads = 0;
        private int faithfulnessMasks = 0;
        private TextModel.ValueOptions valueOptions = TextModel.ValueOptions.defaults();

        private Builder() {
        }

        public Builder optModel(String nameOrPath) {
            this.model = Objects.requireNonNull(nameOrPath, "model");
            return this;
        }

        /** The task explained (null: the model's default). */
        public Builder optTask(Task task) {
            this.task = task;
            return this;
        }

        public Builder optFeatures(Granularity g) {
            this.features = Objects.requireNonNull(g, "features");
            return this;
        }

        public Builder optMask(MaskMode m) {
            this.mask = Objects.requireNonNull(m, "mask");
            return this;
        }

        /** The method by name, any case (see {@link Methods#names()}). */
        public Builder optMethod(String name) {
            this.method = Methods.byName(name).name();
            return this;
        }

        /** The order of the interaction baselines (faith-banzhaf, faith-shap, shapley-taylor; default 2). */
        public Builder optOrder(int order) {
            this.order = order;
            return this;
        }

        /** SPEX's sparsity parameter b (the other methods get as many queries as SPEX then uses). */
        public Builder optB(int b) {
            this.b = b;
            return this;
        }

        /** The query budget (clears b). */
        public Builder optBudget(long budget) {
            this.budget = budget;
            this.b = null;
            return this;
        }

        public Builder optMaxOrder(int t) {
            this.maxOrder = t;
            return this;
        }

        public Builder optDecoder(Decoder d) {
            this.decoder = Objects.requireNonNull(d, "decoder");
            return this;
        }

        public Builder optRefit(Refit r) {
            this.refit = Objects.requireNonNull(r, "refit");
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optDevice(Kernels.Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** CPU threads of the native kernels (0 = all cores). */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** R² on this many uniform random masks, evaluated on the real model (0 = skip). */
        public Builder optFaithfulness(int masks) {
            this.faithfulnessMasks = masks;
            return this;
        }

        public Builder optValueOptions(TextModel.ValueOptions options) {
            this.valueOptions = Objects.requireNonNull(options, "value options");
            return this;
        }

        /**
         * Checks the settings together and returns the immutable value.
         *
         * @throws IllegalArgumentException naming the setting and its valid range
         */
        public ExplainOptions build() {
            if (b != null) {
                Require.inRange("b", b, SpexConfig.MIN_B, SpexConfig.MAX_B);
            }
            if (budget < 1) {
                throw new IllegalArgumentException("the budget must be >= 1 query, got " + budget);
            }
            Require.inRange("max order", maxOrder, 1, BchCode.MAX_T);
            Require.atLeast("order", order, 1);
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
            }
            if (faithfulnessMasks < 0 || faithfulnessMasks == 1) {
                throw new IllegalArgumentException("faithfulness needs 0 (off) or at least 2 masks, got "
                        + faithfulnessMasks);
            }
            return new ExplainOptions(this);
        }
    }
}

package org.spex4j;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.spex4j.baselines.BaselineConfig;
import org.spex4j.baselines.Baselines;
import org.spex4j.eval.Faithfulness;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.model.Tokenized;
import org.spex4j.spex.Budget;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;
import org.spex4j.value.MaskBatch;
import org.spex4j.value.Progress;
import org.spex4j.value.ValueFunction;

/**
 * The facade: explain a text on a language model in one call.
 *
 * <pre>{@code
 * try (Spex spex = Spex.builder().optModel("minilm").optBudget(5_000).build()) {
 *     Explanation e = spex.explain("A gripping, beautifully shot film with a weak ending.");
 *     e.interactions(Index.FSII, 2);
 * }
 * }</pre>
 * One instance holds one loaded model; {@link #explain} may be called many times (sequentially).
 */
public final class Spex implements AutoCloseable {
    /** The default query budget: b = 6 for up to ~36 words (about a minute for a 30-word review on 2 cores). */
    public static final long DEFAULT_BUDGET = 6_000;

    /** Methods that need the model itself (name → factory taking the order); one entry per method. */
    private static final java.util.Map<String, java.util.function.IntFunction<ModelExplainer>> MODEL_METHODS =
            new java.util.LinkedHashMap<>();

    static {
        MODEL_METHODS.put("normxlogit", order -> new org.spex4j.normxlogit.NormXLogitExplainer());
        MODEL_METHODS.put("slalom", order -> org.spex4j.slalom.SlalomExplainer.efficient());
        MODEL_METHODS.put("slalom-fidel", order -> org.spex4j.slalom.SlalomExplainer.fidelity());
        MODEL_METHODS.put("textgenshap", order -> new org.spex4j.textgenshap.TextGenShapExplainer());
    }

    /** Every method name {@link Builder#optMethod} accepts. */
    public static List<String> methods() {
        List<String> all = new java.util.ArrayList<>();
        all.add("spex");
        all.add("proxyspex");
        all.addAll(Baselines.NAMES);
        all.addAll(MODEL_METHODS.keySet());
        return all;
    }

    private final TextModel model;
    private final Builder config;

    private Spex(TextModel model, Builder config) {
        this.model = model;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TextModel model() {
        return model;
    }

    /** The task this instance explains (the model's default unless set). */
    public Task task() {
        return config.task == null ? model.defaultTask() : config.task;
    }

    /** The features of {@code text} at the configured granularity. */
    public List<Segment> features(String text) {
        return segment(text, model.tokenize(text));
    }

    /** Explains the model's output on {@code text}. */
    public Explanation explain(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the input text is empty");
        }
        Tokenized tok = model.tokenize(text);
        if (tok.length() > model.maxTokens()) {
            throw new IllegalArgumentException("the input has " + tok.length() + " tokens, more than " + model.name()
                    + "'s limit of " + model.maxTokens() + "; shorten it (no silent truncation)");
        }
        List<Segment> features = segment(text, tok);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("the input has no features");
        }
        MaskedInput input = MaskedInput.of(features, tok.ids(), tok.charStart(), tok.charEnd(), config.mask,
                model.replaceId(), model.padId());
        Task task = task();
        if (!model.tasks().contains(task)) {
            throw new IllegalArgumentException("model " + model.name() + " has no task " + task.label()
                    + "; it supports " + model.tasks());
        }
        ValueFunction f = model.valueFunction(task, input, config.valueOptions);
        int n = features.size();
        SpexConfig.Builder sc = SpexConfig.builder()
                .optMaxOrder(config.maxOrder)
                .optDecoder(config.decoder)
                .optRefit(config.refit)
                .optSeed(config.seed)
                .optDevice(config.device)
                .optThreads(config.threads)
                .optBatchSize(config.valueOptions.batchSize())
                .optProgress(config.progress)
                .optCancellation(config.cancelled);
        if (config.b != null) {
            sc.setB(config.b);
        } else {
            sc.setBudget(config.budget);
        }
        // other methods get the queries SPEX would use: its budget, or 3·P·2^b for a given b
        long budget = config.b != null ? Budget.queries(n, config.maxOrder, config.b) : config.budget;
        Explanation e;
        if (config.method.equals("spex")) {
            e = new SpexExplainer(sc.build()).explain(f, n);
        } else if (config.method.equals("proxyspex")) {
            e = new org.spex4j.proxyspex.ProxySpexExplainer(org.spex4j.proxyspex.ProxySpexConfig.builder()
                    .setBudget(budget).optMaxOrder(config.maxOrder).optThreads(config.threads).optSeed(config.seed)
                    .optBatchSize(config.valueOptions.batchSize()).optProgress(config.progress)
                    .optCancellation(config.cancelled).build()).explain(f, n);
        } else if (MODEL_METHODS.containsKey(config.method)) {
            ModelExplainer m = MODEL_METHODS.get(config.method).apply(config.methodOrder);
            e = m.explain(new ModelExplainer.Request(model, task, input, f, budget, config.seed,
                    config.valueOptions.batchSize(), config.progress, config.cancelled));
        } else {
            e = Baselines.byName(config.method, BaselineConfig.builder().setBudget(budget)
                    .optSeed(config.seed).optBatchSize(config.valueOptions.batchSize()).optProgress(config.progress)
                    .optCancellation(config.cancelled).build(), config.methodOrder).explain(f, n);
        }
        MaskBatch ends = MaskBatch.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            ends.set(1, i, true);
        }
        double[] y = f.evaluate(ends);
        Explanation.Builder out = e.toBuilder()
                .features(features.stream().map(Segment::text).toList())
                .baseline(y[0])
                .full(y[1])
                .target(f.target());
        if (config.faithfulnessMasks > 0) {
            double r2 = Faithfulness.r2(e.fourier(), f, config.faithfulnessMasks, config.seed + 1,
                    config.valueOptions.batchSize());
            out.faithfulness(new Explanation.Faithfulness(r2, config.faithfulnessMasks));
        }
        return out.build();
    }

    private List<Segment> segment(String text, Tokenized tok) {
        switch (config.granularity) {
            case WORDS:
                return Segmenter.words(text);
            case SENTENCES:
                return Segmenter.sentences(text);
            default:
                List<Segment> tokens = new java.util.ArrayList<>();
                for (int i = 0; i < tok.length(); i++) {
                    if (tok.charStart()[i] >= 0) {
                        int s = tok.charStart()[i], e = Math.max(tok.charEnd()[i], s);
                        tokens.add(new Segment(text.substring(s, e), s, e));
                    }
                }
                return tokens;
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** Builder: every option has a default ({@code opt*}). */
    public static final class Builder {
        private String modelName = "minilm";
        private String method = "spex";
        private int methodOrder = 2;
        private Task task;
        private Granularity granularity = Granularity.WORDS;
        private MaskMode mask = MaskMode.REPLACE;
        private Integer b;
        private long budget = DEFAULT_BUDGET;
        private int maxOrder = 5;
        private Decoder decoder = Decoder.SOFT;
        private Refit refit = Refit.LASSO;
        private long seed = 0;
        private Kernels.Device device = Kernels.Device.AUTO;
        private int threads = 0;
        private int faithfulnessMasks = 0;
        private TextModel.ValueOptions valueOptions = TextModel.ValueOptions.defaults();
        private Progress progress = Progress.NONE;
        private BooleanSupplier cancelled = () -> false;

        public Builder optModel(String nameOrPath) {
            this.modelName = nameOrPath;
            return this;
        }

        /**
         * The method: "spex" (default) or another of {@link #methods()}; {@code order} is the order of the
         * interaction baselines (faith-banzhaf, faith-shap, shapley-taylor).
         */
        public Builder optMethod(String method, int order) {
            String m = method.toLowerCase(java.util.Locale.ROOT);
            if (!methods().contains(m)) {
                throw new IllegalArgumentException("unknown method '" + method + "'; valid: "
                        + String.join(", ", methods()));
            }
            this.method = m;
            this.methodOrder = order;
            return this;
        }

        public Builder optTask(Task task) {
            this.task = task;
            return this;
        }

        public Builder optFeatures(Granularity g) {
            this.granularity = g;
            return this;
        }

        public Builder optMask(MaskMode m) {
            this.mask = m;
            return this;
        }

        public Builder optB(int b) {
            this.b = b;
            return this;
        }

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
            this.decoder = d;
            return this;
        }

        public Builder optRefit(Refit r) {
            this.refit = r;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optDevice(Kernels.Device device) {
            this.device = device;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** R² on this many uniform random masks, evaluated on the real model (0 = skip). */
        public Builder optFaithfulness(int masks) {
            if (masks < 0 || masks == 1) {
                throw new IllegalArgumentException("faithfulness needs 0 (off) or at least 2 masks, got " + masks);
            }
            this.faithfulnessMasks = masks;
            return this;
        }

        public Builder optValueOptions(TextModel.ValueOptions options) {
            this.valueOptions = options;
            return this;
        }

        public Builder optProgress(Progress progress) {
            this.progress = progress;
            return this;
        }

        public Builder optCancellation(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        /** Loads the model (this is the slow part) and returns the facade. */
        public Spex build() {
            if (threads > 0) {
                Models.setThreads(threads);
            }
            return new Spex(Models.load(modelName, device), this);
        }
    }
}

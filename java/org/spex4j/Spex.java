package org.spex4j;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.spex4j.api.Explanation;
import org.spex4j.api.ModelExplainer;
import org.spex4j.api.Provenance;
import org.spex4j.eval.Faithfulness;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.spex.Budget;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;
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
 * One instance holds one loaded model and one immutable {@link ExplainOptions} (copied from the builder, so editing
 * the builder afterwards changes nothing); {@link #explain} may be called many times (sequentially).
 */
public final class Spex implements AutoCloseable {
    /** The default query budget (see {@link ExplainOptions#DEFAULT_BUDGET}). */
    public static final long DEFAULT_BUDGET = ExplainOptions.DEFAULT_BUDGET;

    /** Every method name {@link Builder#optMethod} accepts (see {@link Methods}). */
    public static List<String> methods() {
        return Methods.names();
    }

    private final TextModel model;
    private final ExplainOptions options;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    private Spex(TextModel model, ExplainOptions options, Progress progress, BooleanSupplier cancelled) {
        this.model = model;
        this.options = options;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TextModel model() {
        return model;
    }

    /** The settings of this instance (immutable). */
    public ExplainOptions options() {
        return options;
    }

    /** The task this instance explains (the model's default unless set). */
    public Task task() {
        return options.task() == null ? model.defaultTask() : options.task();
    }

    /** The features of {@code text} at the configured granularity. */
    public List<Segment> features(String text) {
        return Segmenter.of(options.features(), text, model.tokenize(text));
    }

    /** Explains the model's output on {@code text}. */
    public Explanation explain(String text) {
        return explain(text, options);
    }

    /**
     * Explains {@code text} with other settings on this instance's model, e.g. one seed per row of a data set
     * ({@code options().toBuilder().optSeed(s).build()}) without loading the model again. Several threads may call
     * it at once, as the study's jobs share one model (a progress given to the builder then sees them all).
     *
     * @throws IllegalArgumentException when {@code options} names another model or device
     */
    public Explanation explain(String text, ExplainOptions options) {
        if (!options.model().equals(this.options.model()) || options.device() != this.options.device()) {
            throw new IllegalArgumentException("this instance runs " + this.options.model() + " on "
                    + this.options.device() + ", not " + options.model() + " on " + options.device());
        }
        MaskedInput input = model.input(text, options.features(), options.mask());
        Task task = options.task() == null ? model.defaultTask() : options.task();
        if (!model.tasks().contains(task)) {
            throw new IllegalArgumentException("model " + model.name() + " has no task " + task.label()
                    + "; it supports " + model.tasks());
        }
        if (options.valueOptions().targetClass() != null && task != Task.CLASS) {
            throw new IllegalArgumentException("a class (--class " + options.valueOptions().targetClass()
                    + ") applies only to the task class, not " + task.label());
        }
        ValueFunction f = model.valueFunction(task, input, options.valueOptions());
        int n = input.n();
        int masksPerCall = options.valueOptions().batchSize();
        // other methods get the queries SPEX would use: its budget, or 3·P·2^b for a given b
        long budget = options.b() != null ? Budget.queries(n, options.maxOrder(), options.b()) : options.budget();
        Method method = Methods.byName(options.method());
        Explanation e;
        if (method.needsModel()) {
            e = method.modelExplainer().explain(new ModelExplainer.Request(model, task, input, f, budget,
                    options.seed(), masksPerCall, progress, cancelled));
        } else {
            e = method.explainer(new MethodRun(options, budget, masksPerCall, progress, cancelled)).explain(f, n);
        }
        MaskBatch ends = MaskBatch.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            ends.set(1, i, true);
        }
        double[] y = f.evaluate(ends);
        Explanation.Builder out = e.toBuilder()
                .features(input.features().stream().map(Segment::text).toList())
                .baseline(y[0])
                .full(y[1])
                .target(f.target())
                .provenance(Provenance.of(model.name(), task.label(), model.device().toString(), options.settings()));
        if (options.faithfulnessMasks() > 0) {
            double r2 = Faithfulness.r2(e.fourier(), f, options.faithfulnessMasks(), options.seed() + 1,
                    masksPerCall);
            out.faithfulness(new Explanation.Faithfulness(r2, options.faithfulnessMasks()));
        }
        return out.build();
    }

    @Override
    public void close() {
        model.close();
    }

    /**
     * Builder: the {@link ExplainOptions} (every option has a default, {@code opt*}) plus the per-instance progress
     * and cancellation. {@link #build()} checks the options before it loads the model.
     */
    public static final class Builder {
        private ExplainOptions.Builder options = ExplainOptions.builder();
        private Progress progress = Progress.NONE;
        private BooleanSupplier cancelled = () -> false;

        /** Starts from {@code o} (replacing every option set so far). */
        public Builder optOptions(ExplainOptions o) {
            this.options = o.toBuilder();
            return this;
        }

        public Builder optModel(String nameOrPath) {
            options.optModel(nameOrPath);
            return this;
        }

        /**
         * The method: "spex" (default) or another of {@link #methods()}; {@code order} is the order of the
         * interaction baselines (faith-banzhaf, faith-shap, shapley-taylor).
         */
        public Builder optMethod(String method, int order) {
            options.optMethod(method).optOrder(order);
            return this;
        }

        public Builder optTask(Task task) {
            options.optTask(task);
            return this;
        }

        public Builder optFeatures(Granularity g) {
            options.optFeatures(g);
            return this;
        }

        public Builder optMask(MaskMode m) {
            options.optMask(m);
            return this;
        }

        /** b for SPEX (and the equal budget of other methods); checked by {@link #build()} before the model loads. */
        public Builder optB(int b) {
            options.optB(b);
            return this;
        }

        public Builder optBudget(long budget) {
            options.optBudget(budget);
            return this;
        }

        public Builder optMaxOrder(int t) {
            options.optMaxOrder(t);
            return this;
        }

        public Builder optDecoder(Decoder d) {
            options.optDecoder(d);
            return this;
        }

        public Builder optRefit(Refit r) {
            options.optRefit(r);
            return this;
        }

        public Builder optSeed(long seed) {
            options.optSeed(seed);
            return this;
        }

        public Builder optDevice(Kernels.Device device) {
            options.optDevice(device);
            return this;
        }

        /**
         * CPU threads of the native kernels (0 = all cores). LibTorch's own thread pool is process-wide: set it
         * with {@link org.spex4j.model.Models#setThreads} (the command line's {@code --threads} sets both).
         */
        public Builder optThreads(int threads) {
            options.optThreads(threads);
            return this;
        }

        /** R² on this many uniform random masks, evaluated on the real model (0 = skip). */
        public Builder optFaithfulness(int masks) {
            options.optFaithfulness(masks);
            return this;
        }

        public Builder optValueOptions(TextModel.ValueOptions valueOptions) {
            options.optValueOptions(valueOptions);
            return this;
        }

        public Builder optProgress(Progress progress) {
            this.progress = java.util.Objects.requireNonNull(progress, "progress");
            return this;
        }

        public Builder optCancellation(BooleanSupplier cancelled) {
            this.cancelled = java.util.Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        /** Checks the options, then loads the model (the slow part) and returns the facade. */
        public Spex build() {
            ExplainOptions o = options.build();
            return new Spex(Models.load(o.model(), o.device()), o, progress, cancelled);
        }
    }
}

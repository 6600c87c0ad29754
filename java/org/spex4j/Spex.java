package org.spex4j;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.spex4j.api.Explanation;
import org.spex4j.api.ModelInput;
import org.spex4j.api.Provenance;
import org.spex4j.api.Subject;
import org.spex4j.eval.Faithfulness;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.model.runtime.Precision;
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
 * the builder afterwards changes nothing); {@link #explain} may be called many times, and {@link #explainAll}
 * explains many texts on the one model.
 *
 * <p>Thread safety: a {@code Spex} may be shared between threads; its explanations run one at a time (the model's
 * passes already use every core), so concurrent calls wait for each other and give what sequential calls give. A
 * model ({@link TextModel}) on its own is not thread-safe: use it through one {@code Spex}.
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
    public synchronized List<Segment> features(String text) {
        return Segmenter.of(options.features(), text, model.tokenize(text));
    }

    /** Explains the model's output on {@code text}, with the builder's progress and cancellation. */
    public Explanation explain(String text) {
        return explain(text, options, progress, cancelled);
    }

    /**
     * Explains every text in order on the one loaded model, with the builder's progress and cancellation; the
     * explanations are those {@link #explain} gives one by one.
     */
    public List<Explanation> explainAll(List<String> texts) {
        List<Explanation> out = new java.util.ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(explain(t));
        }
        return out;
    }

    /**
     * Explains {@code text} with this call's own progress and cancellation (a caller running many explanations
     * cancels or follows one of them, not the instance).
     */
    public Explanation explain(String text, Progress progress, BooleanSupplier cancelled) {
        return explain(text, options, progress, cancelled);
    }

    /**
     * Explains {@code text} with other settings on this instance's model, e.g. one seed per row of a data set
     * ({@code options().toBuilder().optSeed(s).build()}) without loading the model again.
     *
     * @throws IllegalArgumentException when {@code options} names another model or device
     */
    public Explanation explain(String text, ExplainOptions options) {
        return explain(text, options, progress, cancelled);
    }

    /**
     * The one explanation path: {@code text} under {@code options} (same model and device as this instance), with
     * this call's progress and cancellation. Calls run one at a time, so threads may share one instance.
     */
    public synchronized Explanation explain(String text, ExplainOptions options, Progress progress,
            BooleanSupplier cancelled) {
        java.util.Objects.requireNonNull(progress, "progress");
        java.util.Objects.requireNonNull(cancelled, "cancelled");
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
        Subject subject = Subject.builder(f, n)
                .optMasksPerCall(masksPerCall)
                .optProgress(progress)
                .optCancellation(cancelled)
                .optCapability(ModelInput.class, new ModelInput(model, task, input, masksPerCall))
                .build();
        // every method gets the queries SPEX would use: its budget, or 3·P·2^b for a given b
        Explanation e = Methods.byName(options.method()).explainer(options).explain(subject, options.budget(n),
                options.seed());
        MaskBatch ends = MaskBatch.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            ends.set(1, i, true);
        }
        double[] y = f.evaluate(ends);
        Explanation.Builder out = e.toBuilder()
                .features(input.features().stream().map(Segment::text).toList())
                // a method that explains its own game (TextGenSHAP's output indicator) has said what f is
                .baseline(e.baseline() != null ? e.baseline() : y[0])
                .full(e.full() != null ? e.full() : y[1])
                .target(e.target() != null ? e.target() : f.target())
                .provenance(Provenance.of(model.name(), task.label(), model.device().toString(), options.settings()));
        warnings(input, e).forEach(out::warning);
        if (options.faithfulnessMasks() > 0) {
            double r2 = Faithfulness.r2(e.fourier(), f, options.faithfulnessMasks(), options.seed() + 1,
                    masksPerCall);
            out.faithfulness(new Explanation.Faithfulness(r2, options.faithfulnessMasks()));
        }
        return out.build();
    }

    /** What makes the explanation less than it looks: features masking cannot change, a b too small for n. */
    private List<String> warnings(MaskedInput input, Explanation e) {
        List<String> out = new java.util.ArrayList<>();
        int[] fixed = input.unmaskable();
        if (fixed.length > 0) {
            StringBuilder which = new StringBuilder();
            for (int k = 0; k < Math.min(fixed.length, 5); k++) {
                which.append(k == 0 ? "" : ", ").append('"').append(input.features().get(fixed[k]).text())
                        .append("\" [").append(fixed[k]).append(']');
            }
            which.append(fixed.length > 5 ? ", ..." : "");
            boolean one = fixed.length == 1;
            String subject = one ? "1 feature" : fixed.length + " features";
            String they = one ? "it" : "they";
            out.add(input.mode() == MaskMode.REPLACE
                    ? subject + " cannot be masked by replacement (" + which + "): the model already reads "
                            + (one ? "it" : "them") + " as the unknown token put in " + (one ? "its" : "their")
                            + " place, so " + they + " " + (one ? "scores" : "score") + " exactly 0; --mask delete"
                            + " (MaskMode.DELETE) removes " + (one ? "it" : "them") + " instead"
                    : subject + " cannot be masked (" + which + "): " + they + (one ? " owns" : " own") + " no token"
                            + " of the model's input, so " + they + (one ? " scores" : " score") + " exactly 0");
        }
        Precision asked = options.valueOptions().precision();
        if (model.runsIn(asked) != asked) {
            out.add("--precision " + asked + " did not apply: the passes ran in " + model.runsIn(asked) + " (bf16 runs"
                    + " on BERT-family models run by LibTorch, on a GPU or a CPU with bfloat16 instructions, AVX512-BF16"
                    + " or AMX; this CPU " + (Precision.cpuHasBf16() ? "has them" : "has none") + ")");
        }
        if (e.b() != null && e.b() < Budget.recommendedB(input.n())) {
            int rb = Budget.recommendedB(input.n());
            out.add("b = " + e.b() + " gives " + (1 << e.b()) + " bins per group for " + input.n() + " features, too"
                    + " few to separate them: most terms collide, and the values are not meaningful; use b >= " + rb
                    + " (--b " + rb + ", or a budget of at least " + Budget.queries(input.n(), e.maxOrder(), rb)
                    + " queries)");
        }
        return out;
    }

    @Override
    public synchronized void close() {  // not while an explanation runs
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
         * with {@link org.spex4j.model.runtime.NativeThreads#setTorchThreads} (the command line's {@code --threads}
         * sets both).
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

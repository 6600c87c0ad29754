package org.spex4j.model;

import java.util.List;
import java.util.Locale;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.runtime.Precision;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A sequence classifier as a {@link TextModel}. With two or more classes the task is {@link Task#CLASS}: the log-odds
 * of the explained class c ({@link ClassLogOdds}); c is {@link ValueOptions#targetClass()} (a label, else an index)
 * or the class predicted on the unmasked input.
 * A single-logit (regression) head has the task {@link Task#OUTPUT}: the logit itself. The target text names the
 * class and its probability on the unmasked input.
 */
final class ClassifierTextModel implements TextModel {
    private final String name;
    private final ClassifierEngine engine;

    ClassifierTextModel(String name, ClassifierEngine engine) {
        this.name = name;
        this.engine = engine;
    }

    /** The class names, in logit order. */
    List<String> labels() {
        return engine.labels();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Task> tasks() {
        return engine.labels().size() == 1 ? List.of(Task.OUTPUT) : List.of(Task.CLASS);
    }

    @Override
    public Tokenized tokenize(String text) {
        return engine.tokenize(text);
    }

    @Override
    public long replaceId() {
        return engine.replaceId();
    }

    @Override
    public long padId() {
        return engine.padId();
    }

    @Override
    public int maxTokens() {
        return engine.maxTokens();
    }

    @Override
    public Precision runsIn(Precision precision) {
        return engine.runsIn(precision);
    }

    @Override
    public TorchDevice device() {
        return engine.device();
    }

    @Override
    public ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options) {
        return valueFunction(task, input, input, options);
    }

    /** The class is chosen on the unmasked {@code reference}; the masked forms of {@code evaluated} are scored. */
    @Override
    public ValueFunction valueFunction(Task task, MaskedInput reference, MaskedInput evaluated,
            ValueOptions options) {
        if (!tasks().contains(task)) {
            throw new IllegalArgumentException("model " + name + " has no task " + task.label() + "; it supports "
                    + tasks() + (engine.labels().size() == 1 ? " (a single-logit head)" : ""));
        }
        List<String> labels = engine.labels();
        int classes = labels.size();
        if (task == Task.OUTPUT) {
            return ValueFunction.described(masks -> logits(evaluated, masks, options), "the logit of the "
                    + "single-output head (\"" + labels.get(0) + "\")");
        }
        double[] full = logits(reference, MaskBatch.allKept(reference.n()), options);
        int c = options.targetClass() == null ? ClassLogOdds.predicted(full)
                : ClassLogOdds.resolve(options.targetClass(), labels);
        double p = ClassLogOdds.probability(ClassLogOdds.of(full, 0, classes, c));
        String target = String.format(Locale.ROOT, "log-odds of class \"%s\" (index %d of %d), log p - log(1 - p) "
                + "with p = softmax(logits); p = %.4f on the whole input%s", labels.get(c), c, classes, p,
                options.targetClass() == null ? " (its predicted class)" : "");
        return ValueFunction.described(masks -> {
            double[] z = logits(evaluated, masks, options);
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = ClassLogOdds.of(z, r * classes, classes, c);
            }
            return out;
        }, target);
    }

    private double[] logits(MaskedInput input, MaskBatch masks, ValueOptions options) {
        return MaskedForward.evaluate(engine.device(), input, masks,
                engine.parallelPasses() ? options : options.withThreads(1), engine.maxTokens(), engine.labels().size(), (ids, attention, positions, lengths) ->
                        engine.logits(ids, attention, options.precision()));
    }

    @Override
    public void close() {
        engine.close();
    }
}

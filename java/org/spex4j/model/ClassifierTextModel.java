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
 * log p(c) − log(1 − p(c)) of the explained class c under p = softmax(logits), which is z_c − log Σ_{j≠c} e^{z_j};
 * c is {@link ValueOptions#targetClass()} (a label, else an index) or the class predicted on the unmasked input.
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
        int c = options.targetClass() == null ? argmax(full) : resolveClass(options.targetClass(), labels);
        double p = Math.exp(logOdds(full, 0, classes, c) - softplus(logOdds(full, 0, classes, c)));
        String target = String.format(Locale.ROOT, "log-odds of class \"%s\" (index %d of %d), log p - log(1 - p) "
                + "with p = softmax(logits); p = %.4f on the whole input%s", labels.get(c), c, classes, p,
                options.targetClass() == null ? " (its predicted class)" : "");
        return ValueFunction.described(masks -> {
            double[] z = logits(evaluated, masks, options);
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = logOdds(z, r * classes, classes, c);
            }
            return out;
        }, target);
    }

    /** A label (exactly, else ignoring case) or an index; anything else names the labels. */
    static int resolveClass(String choice, List<String> labels) {
        int byName = labels.indexOf(choice);
        if (byName >= 0) {
            return byName;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(choice)) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(choice.trim());
            if (i >= 0 && i < labels.size()) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // not an index either: reported below
        }
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            known.append(i == 0 ? "" : ", ").append(i).append(" = ").append(labels.get(i));
        }
        throw new IllegalArgumentException("class '" + choice + "' is neither a label nor an index of this "
                + "classifier; its classes: " + known);
    }

    /** z_c − log Σ_{j≠c} e^{z_j} = log p_c − log(1 − p_c), computed stably. */
    static double logOdds(double[] z, int off, int classes, int c) {
        return TorchScriptTextModel.logOdds(z, off, classes, c);
    }

    /** log(1 + e^x): p = e^{x − softplus(x)} for log-odds x. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int j = 1; j < z.length; j++) {
            if (z[j] > z[best]) {
                best = j;
            }
        }
        return best;
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

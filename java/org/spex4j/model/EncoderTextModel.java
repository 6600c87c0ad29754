package org.spex4j.model;

import java.util.List;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.Precision;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A BERT-family sentence encoder as a {@link TextModel}: sentiment by zero-shot label-prompt similarity
 * ({@link ZeroShotSentiment}), and similarity to the unmasked input. A masked feature becomes [UNK], as the paper's
 * "[UNK]" string does.
 */
final class EncoderTextModel implements TextModel, PositionLogits {
    private final String name;
    private final BertEncoder encoder;
    private ZeroShotSentiment sentiment;  // made on first use: embedding its prompts is a forward pass

    EncoderTextModel(String name, BertEncoder encoder) {
        this.name = name;
        this.encoder = encoder;
    }

    /** The wrapped encoder. */
    BertEncoder encoder() {
        return encoder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Task> tasks() {
        return List.of(Task.SENTIMENT, Task.SIMILARITY);
    }

    @Override
    public Tokenized tokenize(String text) {
        return encoder.tokenize(text).spans();
    }

    @Override
    public long replaceId() {
        return encoder.unkId();
    }

    @Override
    public long padId() {
        return encoder.padId();
    }

    @Override
    public TorchDevice device() {
        return encoder.device();
    }

    @Override
    public Precision runsIn(Precision precision) {
        return encoder.runsIn(precision);
    }

    @Override
    public int maxTokens() {
        return encoder.maxPositions();
    }

    @Override
    public ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options) {
        int hidden = encoder.hiddenSize();
        switch (task) {
            case SENTIMENT: {
                ZeroShotSentiment zeroShot = sentiment();
                return ValueFunction.described(masks -> {
                    double[] emb = embedMasked(input, masks, options);
                    double[] out = new double[masks.rows()];
                    for (int r = 0; r < out.length; r++) {
                        out[r] = zeroShot.logOdds(emb, r * hidden);
                    }
                    return out;
                }, ZeroShotSentiment.DESCRIPTION);
            }
            case SIMILARITY:
                return similarity(input, input, options);
            default:
                throw new IllegalArgumentException("model " + name + " has no task " + task.label() + "; it supports "
                        + tasks());
        }
    }

    /** Sentiment has no reference; similarity compares with the unmasked {@code reference}. */
    @Override
    public ValueFunction valueFunction(Task task, MaskedInput reference, MaskedInput evaluated,
            ValueOptions options) {
        return task == Task.SIMILARITY ? similarity(reference, evaluated, options)
                : valueFunction(task, evaluated, options);
    }

    /** Cosine similarity of each masked form of {@code evaluated} to the unmasked {@code reference}. */
    private ValueFunction similarity(MaskedInput reference, MaskedInput evaluated, ValueOptions options) {
        int hidden = encoder.hiddenSize();
        double[] full = embedMasked(reference, MaskBatch.allKept(reference.n()), options);
        return ValueFunction.described(masks -> {
            double[] emb = embedMasked(evaluated, masks, options);
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = cosine(emb, r * hidden, full, hidden);
            }
            return out;
        }, "cosine similarity of the embedding to the unmasked input's");
    }

    /** Pooled, normalised embeddings of the masked inputs, [rows x hidden], in mask order. */
    private double[] embedMasked(MaskedInput input, MaskBatch masks, ValueOptions options) {
        return MaskedForward.evaluate(encoder.device(), input, masks, options, encoder.maxPositions(),
                encoder.hiddenSize(), (ids, attention, positions, lengths) -> {
                    float[] emb = encoder.embed(ids, attention, options.precision(), null);
                    double[] out = new double[emb.length];
                    for (int i = 0; i < emb.length; i++) {
                        out[i] = emb[i];
                    }
                    return out;
                });
    }

    /**
     * The zero-shot sentiment log-odds of a whole text, truncated to the model's window (keeping [CLS] ... [SEP]) as
     * the paper's classifier pipeline does; for accuracy checks, not explanations.
     */
    double sentiment(String text) {
        long[] ids = encoder.tokenize(text).ids();
        int max = encoder.maxPositions();
        if (ids.length > max) {
            long sep = ids[ids.length - 1];
            ids = java.util.Arrays.copyOf(ids, max);
            ids[max - 1] = sep;
        }
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1);
        float[] e = encoder.embed(ids, mask, 1, ids.length);
        return sentiment().logOdds(e);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The sentiment head here is the zero-shot one applied to a single position, as if that position's final
     * hidden state were the pooled output: L2-normalise it and take its cosine with each label prompt's embedding
     * over {@link ZeroShotSentiment#TEMPERATURE}. Classes: positive, negative. {@code output} applies the same head
     * to the real pooled embedding (mean over positions, normalised), so it is the model's prediction. Only
     * {@link Task#SENTIMENT} has classes.
     */
    @Override
    public Readout positionLogits(Task task, long[] ids) {
        if (task != Task.SENTIMENT) {
            throw new IllegalArgumentException("task " + task.label() + " of model " + name + " has no classes; "
                    + "position logits need the sentiment task");
        }
        int len = ids.length, hidden = encoder.hiddenSize();
        long[] mask = new long[len];
        java.util.Arrays.fill(mask, 1L);
        Hooks hooks = new Hooks().capture(HookName.embed());
        float[] last = encoder.lastHiddenStates(ids, mask, 1, len, hooks);
        Hooks.Captured h0 = hooks.captured(HookName.embed());
        ZeroShotSentiment zeroShot = sentiment();
        float[][] emb = new float[len][];
        float[][] logits = new float[len][];
        double[] pooled = new double[hidden];
        for (int i = 0; i < len; i++) {
            emb[i] = h0.at(0, i);
            double[] h = new double[hidden];
            for (int k = 0; k < hidden; k++) {
                h[k] = last[i * hidden + k];
                pooled[k] += h[k] / len;
            }
            logits[i] = zeroShot.labelLogits(h);
        }
        return new Readout(emb, logits, zeroShot.labelLogits(pooled), ZeroShotSentiment.CLASSES);
    }

    private ZeroShotSentiment sentiment() {
        if (sentiment == null) {
            sentiment = ZeroShotSentiment.of(encoder);
        }
        return sentiment;
    }

    /** The cosine of two L2-normalised embeddings, {@code a[offA, offA + len)} and {@code b[0, len)}. */
    private static double cosine(double[] a, int offA, double[] b, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[offA + i] * b[i];
        }
        return s;
    }

    @Override
    public void close() {
        encoder.close();
    }
}

package org.spex4j.model;

import java.util.List;
import org.spex4j.model.bert.BertEncoder;

/**
 * The zero-shot sentiment task of a sentence encoder, apart from the network: the two label prompts, embedded once
 * by the encoder, and the readout that turns an embedding into the explained number. The value is the log-odds of
 * "positive" under p(label) ∝ exp(cos(x, label) / {@link #TEMPERATURE}), that is
 * (cos(x, pos) − cos(x, neg)) / TEMPERATURE.
 */
final class ZeroShotSentiment {
    /** The label prompts. */
    static final String POSITIVE_PROMPT = "This review is positive.";
    static final String NEGATIVE_PROMPT = "This review is negative.";
    /** Softmax temperature over the two label similarities. */
    static final double TEMPERATURE = 0.05;
    /** The classes, in the order of {@link #labelLogits}. */
    static final List<String> CLASSES = List.of("positive", "negative");
    /** What the value measures, as a value function describes it. */
    static final String DESCRIPTION = "log-odds of \"" + POSITIVE_PROMPT + "\" over \"" + NEGATIVE_PROMPT
            + "\" (zero-shot, by embedding similarity)";

    private final float[] labels;  // [2 x hidden]: positive, negative
    private final int hidden;

    private ZeroShotSentiment(float[] labels, int hidden) {
        this.labels = labels;
        this.hidden = hidden;
    }

    /** The task on {@code encoder}: embeds the two label prompts, in one forward pass. */
    static ZeroShotSentiment of(BertEncoder encoder) {
        return new ZeroShotSentiment(encoder.embedTexts(List.of(POSITIVE_PROMPT, NEGATIVE_PROMPT)),
                encoder.hiddenSize());
    }

    /** The log-odds of the L2-normalised embedding {@code emb[off, off + hidden)}. */
    double logOdds(double[] emb, int off) {
        return (dot(emb, off, labels, 0, hidden) - dot(emb, off, labels, hidden, hidden)) / TEMPERATURE;
    }

    /**
     * The log-odds of one L2-normalised float32 embedding, with float32 products summed in double (how the accuracy
     * check has always computed it; {@link #logOdds(double[], int)} multiplies in double).
     */
    double logOdds(float[] emb) {
        double pos = 0, neg = 0;
        for (int i = 0; i < emb.length; i++) {
            pos += emb[i] * labels[i];
            neg += emb[i] * labels[emb.length + i];
        }
        return (pos - neg) / TEMPERATURE;
    }

    /** cos(h, label) / TEMPERATURE for both labels ({@link #CLASSES}), of any hidden state {@code h}. */
    float[] labelLogits(double[] h) {
        double norm = Math.max(Math.sqrt(dot(h, 0, h, 0, hidden)), 1e-12);
        return new float[] {(float) (dot(h, 0, labels, 0, hidden) / norm / TEMPERATURE),
            (float) (dot(h, 0, labels, hidden, hidden) / norm / TEMPERATURE)};
    }

    private static double dot(double[] a, int offA, float[] b, int offB, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[offA + i] * b[offB + i];
        }
        return s;
    }

    private static double dot(double[] a, int offA, double[] b, int offB, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[offA + i] * b[offB + i];
        }
        return s;
    }
}

package org.spex4j.model;

import org.spex4j.util.Enums;

/**
 * What a value function measures on a masked input:
 * <ul>
 * <li>SENTIMENT: zero-shot log-odds of "positive" vs "negative" label prompts by embedding similarity (encoders);</li>
 * <li>SIMILARITY: cosine similarity of the masked input's embedding to the unmasked input's (encoders);</li>
 * <li>LOGPROB: log-probability of the model's own greedy continuation of the unmasked input (decoders);</li>
 * <li>OUTPUT: a model's own output: a single-logit (regression) head's logit, a TorchScript module's scalar, or the
 * log-odds of the class a TorchScript module predicts on the unmasked input;</li>
 * <li>CLASS: the log-odds log p(c) − log(1 − p(c)) of one class c of a sequence classifier, p = softmax(logits);
 * c is {@link TextModel.ValueOptions#targetClass()}, else the class predicted on the unmasked input.</li>
 * </ul>
 */
public enum Task {
    SENTIMENT, SIMILARITY, LOGPROB, OUTPUT, CLASS;

    public static Task parse(String s) {
        return Enums.parse(Task.class, s, "task");
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The label, as the command line spells it (messages list tasks this way). */
    @Override
    public String toString() {
        return label();
    }
}

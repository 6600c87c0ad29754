package org.spex4j.patchscopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A next-token distribution read from a (patched) forward pass: the logits at one position and their log-softmax,
 * computed in double precision.
 */
public final class NextTokens {
    /** One candidate token with its probability. */
    public record Candidate(int token, double probability) {}

    private final float[] logits;
    private final double[] logProbs;
    private final int argmax;

    /** The distribution {@code softmax(logits)}. */
    public NextTokens(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("logits must not be empty");
        }
        this.logits = logits.clone();
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < logits.length; v++) {
            if (logits[v] > max) {
                max = logits[v];
                best = v;
            }
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double logZ = max + Math.log(sum);
        logProbs = new double[logits.length];
        for (int v = 0; v < logits.length; v++) {
            logProbs[v] = logits[v] - logZ;
        }
        argmax = best;
    }

    /** The most likely token (the lowest id among ties). */
    public int argmax() {
        return argmax;
    }

    public int vocabSize() {
        return logits.length;
    }

    /** The raw logits. */
    public float[] logits() {
        return logits.clone();
    }

    public double logProb(int token) {
        checkToken(token);
        return logProbs[token];
    }

    public double probability(int token) {
        return Math.exp(logProb(token));
    }

    /** {@code -ln p(token)} in nats. */
    public double surprisal(int token) {
        return -logProb(token);
    }

    /** The {@code k} most likely tokens, most likely first (ties by lower id). */
    public List<Candidate> top(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Integer[] order = new Integer[logits.length];
        Arrays.setAll(order, v -> v);
        Arrays.sort(order, (a, b) -> logProbs[a] != logProbs[b] ? Double.compare(logProbs[b], logProbs[a])
                : Integer.compare(a, b));
        List<Candidate> out = new ArrayList<>();
        for (int j = 0; j < Math.min(k, order.length); j++) {
            out.add(new Candidate(order[j], Math.exp(logProbs[order[j]])));
        }
        return out;
    }

    private void checkToken(int token) {
        if (token < 0 || token >= logits.length) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, " + logits.length
                    + ")");
        }
    }
}

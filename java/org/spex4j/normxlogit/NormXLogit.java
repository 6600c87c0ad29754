package org.spex4j.normxlogit;

import org.spex4j.model.PositionLogits;
import org.spex4j.text.MaskedInput;

/**
 * The NormXLogit arithmetic (Abbasi, Modarres, Pilehvar, arXiv 2411.16252): the importance of token i is
 * {@code ‖h⁰_i‖₂ · LogAt_i}, the L2 norm of its embedding-layer output times the logit of the target class that
 * the head gives its final-layer state. Signed; larger means more important.
 *
 * <p>Explained features (words, sentences) usually span several tokens. A feature's score is the <b>sum</b> over
 * its tokens of each token quantity (score, norm and logit alike), so a feature of one token keeps its token's values
 * and the per-feature scores add up to the token total. Tokens outside every feature (special tokens) are dropped;
 * a feature that owns no token scores 0.
 */
public final class NormXLogit {
    private NormXLogit() {}

    /**
     * Per-token quantities.
     *
     * @param norm   ‖h⁰_i‖₂
     * @param logit  LogAt_i: the target class's logit at position i
     * @param score  norm × logit
     * @param target the class explained
     */
    public record TokenScores(double[] norm, double[] logit, double[] score, int target) {}

    /** The class the model predicts for the whole input: the arg-max of {@code output} (the first on ties). */
    public static int predicted(PositionLogits.Readout readout) {
        float[] out = readout.output();
        int best = 0;
        for (int c = 1; c < out.length; c++) {
            if (out[c] > out[best]) {
                best = c;
            }
        }
        return best;
    }

    /** NormXLogit of every position of {@code readout} for class {@code target}. */
    public static TokenScores tokenScores(PositionLogits.Readout readout, int target) {
        return tokenScores(readout.embeddings(), readout.logits(), target);
    }

    /**
     * NormXLogit of every position.
     *
     * @param embeddings h⁰, {@code [positions][width]}
     * @param logits     the head on each position's final state, {@code [positions][classes]}
     * @param target     the class whose logit is read, in {@code [0, classes)}
     */
    public static TokenScores tokenScores(float[][] embeddings, float[][] logits, int target) {
        if (embeddings.length != logits.length) {
            throw new IllegalArgumentException(embeddings.length + " embedding rows for " + logits.length
                    + " rows of logits");
        }
        int len = embeddings.length;
        double[] norm = new double[len], logit = new double[len], score = new double[len];
        for (int i = 0; i < len; i++) {
            if (target < 0 || target >= logits[i].length) {
                throw new IllegalArgumentException("target class " + target + " is outside [0, " + logits[i].length
                        + ")");
            }
            double sq = 0;
            for (float v : embeddings[i]) {
                sq += (double) v * v;
            }
            norm[i] = Math.sqrt(sq);
            logit[i] = logits[i][target];
            score[i] = norm[i] * logit[i];
        }
        return new TokenScores(norm, logit, score, target);
    }

    /**
     * The contrastive variant (not in the paper): each position's logit of {@code target} minus the largest logit of
     * the other classes, as a one-class logit table for {@link #tokenScores(float[][], float[][], int)} with target
     * 0. A softmax head's logits are defined only up to a shift; the margin is not, and for two classes it is the
     * position's own log-odds of the target.
     */
    public static float[][] margins(float[][] logits, int target) {
        float[][] out = new float[logits.length][1];
        for (int i = 0; i < logits.length; i++) {
            if (logits[i].length < 2 || target < 0 || target >= logits[i].length) {
                throw new IllegalArgumentException("a margin needs at least two classes and a target among them, "
                        + "got " + logits[i].length + " classes at position " + i + " and target " + target);
            }
            float other = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < logits[i].length; c++) {
                if (c != target) {
                    other = Math.max(other, logits[i][c]);
                }
            }
            out[i][0] = logits[i][target] - other;
        }
        return out;
    }

    /** Sums a per-token quantity over each feature's tokens of {@code input}: one value per feature. */
    public static double[] toFeatures(double[] perToken, MaskedInput input) {
        if (perToken.length != input.tokens()) {
            throw new IllegalArgumentException(perToken.length + " token values for an input of " + input.tokens()
                    + " tokens");
        }
        int[] start = input.featureStart(), end = input.featureEnd();
        double[] out = new double[input.n()];
        for (int f = 0; f < out.length; f++) {
            for (int t = start[f]; t < end[f]; t++) {
                out[f] += perToken[t];
            }
        }
        return out;
    }
}

package org.spex4j.normxlogit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.ModelInput;
import org.spex4j.api.Subject;
import org.spex4j.eval.RankingFaithfulness;
import org.spex4j.model.PositionLogits;
import org.spex4j.model.StubTextModel;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.Progress;
import org.spex4j.value.ValueFunction;

/** NormXLogit on constructed models: a linear head on known hidden states, where the answer is closed-form. */
class NormXLogitTest {
    /** A linear head W h + b applied to each row of {@code states}. */
    static float[][] linearHead(float[][] states, float[][] w, float[] b) {
        float[][] out = new float[states.length][w.length];
        for (int i = 0; i < states.length; i++) {
            for (int c = 0; c < w.length; c++) {
                double s = b[c];
                for (int k = 0; k < w[c].length; k++) {
                    s += w[c][k] * states[i][k];
                }
                out[i][c] = (float) s;
            }
        }
        return out;
    }

    // five positions: [CLS] tok1 tok2 tok3 [SEP]; feature 0 = tok1, feature 1 = tok2 tok3
    static final float[][] H0 = {{1, 1}, {3, 4}, {0, -2}, {1, 0}, {6, 8}};
    static final float[][] HL = {{9, 9}, {1, 0}, {0, 1}, {1, 1}, {-9, 9}};
    static final float[][] W = {{2, 0}, {0, -1}};
    static final float[] B = {0.5f, 0};

    /** A model whose readout is the constructed states through the linear head; it predicts class 0. */
    static final class LinearModel extends StubTextModel implements PositionLogits {
        final float[][] h0;
        final float[][] logits;

        LinearModel(float[][] h0, float[][] logits) {
            super("linear", 16);
            this.h0 = h0;
            this.logits = logits;
        }

        @Override
        public Readout positionLogits(Task task, long[] ids) {
            assertEquals(h0.length, ids.length);
            return new Readout(h0, logits, new float[] {1, 0}, List.of("yes", "no"));
        }
    }

    /** Text "ab cde": feature 0 ("ab") owns token 1, feature 1 ("cde") tokens 2 and 3; tokens 0 and 4 are special. */
    static MaskedInput input() {
        List<Segment> words = List.of(new Segment("ab", 0, 2), new Segment("cde", 3, 6));
        return MaskedInput.of(words, new long[] {1, 2, 3, 4, 5}, new int[] {-1, 0, 3, 5, -1},
                new int[] {-1, 2, 5, 6, -1}, MaskMode.REPLACE, 0, 0);
    }

    static ValueFunction additive(double c, double... w) {
        return masks -> {
            double[] y = new double[masks.rows()];
            for (int r = 0; r < y.length; r++) {
                y[r] = c;
                for (int i = 0; i < w.length; i++) {
                    y[r] += masks.get(r, i) ? w[i] : 0;
                }
            }
            return y;
        };
    }

    static Explanation explain(Explainer m, TextModel model, ValueFunction f) {
        MaskedInput in = input();
        Subject subject = Subject.builder(f, in.n()).optMasksPerCall(16)
                .optCapability(ModelInput.class, new ModelInput(model, Task.SENTIMENT, in, 16)).build();
        return m.explain(subject, 100, 7);
    }

    @Test
    void tokenScoresAreEmbeddingNormTimesTheLinearHeadsLogit() {
        float[][] logits = linearHead(HL, W, B);
        NormXLogit.TokenScores t = NormXLogit.tokenScores(H0, logits, 0);
        // by hand: norms √2, 5, 2, 1, 10; class-0 logits 2·h[0] + 0.5 = 18.5, 2.5, 0.5, 2.5, -17.5
        assertArrayEquals(new double[] {Math.sqrt(2), 5, 2, 1, 10}, t.norm(), 1e-6);
        assertArrayEquals(new double[] {18.5, 2.5, 0.5, 2.5, -17.5}, t.logit(), 1e-6);
        assertArrayEquals(new double[] {18.5 * Math.sqrt(2), 12.5, 1, 2.5, -175}, t.score(), 1e-5);
        // class 1: logit −h[1]
        assertArrayEquals(new double[] {-9 * Math.sqrt(2), 0, -2, -1, -90}, NormXLogit.tokenScores(H0, logits, 1)
                .score(), 1e-5);
    }

    @Test
    void theMarginVariantSubtractsTheBestOtherClassAndIgnoresAShift() {
        float[][] logits = linearHead(HL, W, B);
        // class-0 logits 18.5, 2.5, 0.5, 2.5, -17.5; class-1 logits -9, 0, -1, -1, -9
        float[][] m = NormXLogit.margins(logits, 0);
        assertArrayEquals(new double[] {27.5, 2.5, 1.5, 3.5, -8.5},
                java.util.Arrays.stream(m).mapToDouble(r -> r[0]).toArray(), 1e-5);
        float[][] shifted = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            shifted[i] = new float[] {logits[i][0] + 100, logits[i][1] + 100};
        }
        assertArrayEquals(NormXLogit.tokenScores(H0, m, 0).score(),
                NormXLogit.tokenScores(H0, NormXLogit.margins(shifted, 0), 0).score(), 1e-3);
        assertRefused(IllegalArgumentException.class, () -> NormXLogit.margins(new float[][] {{1}}, 0),
                "a margin needs at least two classes", "got 1 classes at position 0");
    }

    @Test
    void theExplainerSumsTokensIntoFeaturesAndExplainsThePredictedClass() {
        LinearModel model = new LinearModel(H0, linearHead(HL, W, B));
        Explanation e = explain(new NormXLogitExplainer(), model, additive(0.25, 1, 2));
        assertEquals("normxlogit", e.rankingName());
        assertTrue(e.rankedBySign(), "NormXLogit is signed: ranked by value, largest first");
        // feature 0 = token 1; feature 1 = tokens 2 and 3; the special tokens 0 and 4 are dropped
        assertArrayEquals(new double[] {12.5, 1 + 2.5}, e.scores().get("normxlogit"), 1e-5);
        assertArrayEquals(new double[] {5, 3}, e.scores().get("embedding_norm"), 1e-6);
        assertArrayEquals(new double[] {2.5, 3}, e.scores().get("logit"), 1e-6);
        assertEquals(1, e.queries());
        // the additive surrogate: first-order values are the scores, and it equals f on the full input (3.25)
        assertArrayEquals(new double[] {12.5, 3.5}, e.shapleyValues(), 1e-5);
        assertEquals(3.25, e.fourier().evaluate(MaskBatch.allKept(2).words(), 0), 1e-9);
        assertEquals(3.25 - 16, e.fourier().evaluate(MaskBatch.zeros(2, 1).words(), 0), 1e-9);
        // a given target class instead of the prediction
        Explanation e1 = explain(new NormXLogitExplainer(1), model, additive(0, 1, 1));
        assertArrayEquals(new double[] {0, -2 - 1}, e1.scores().get("normxlogit"), 1e-5);
    }

    @Test
    void positiveScalingOfEmbeddingsOrLogitsScalesScoresAndKeepsTheRanking() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        float[][] h0 = new float[12][8], logits = new float[12][3];
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < 8; k++) {
                h0[i][k] = (float) rng.nextGaussian();
            }
            for (int c = 0; c < 3; c++) {
                logits[i][c] = (float) rng.nextGaussian();
            }
        }
        double[] base = NormXLogit.tokenScores(h0, logits, 2).score();
        float[][] h0x = new float[12][8], logitsx = new float[12][3];
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < 8; k++) {
                h0x[i][k] = -4 * h0[i][k];  // the norm ignores the sign: a factor |−4| = 4
            }
            for (int c = 0; c < 3; c++) {
                logitsx[i][c] = 0.5f * logits[i][c];
            }
        }
        double[] scaled = NormXLogit.tokenScores(h0x, logitsx, 2).score();
        for (int i = 0; i < 12; i++) {
            assertEquals(2 * base[i], scaled[i], 1e-5 * Math.max(1, Math.abs(base[i])));
        }
        assertArrayEquals(RankingFaithfulness.ranking(base), RankingFaithfulness.ranking(scaled));
        // a negative factor on the logits reverses the ranking (scores are signed, not absolute)
        for (int i = 0; i < 12; i++) {
            for (int c = 0; c < 3; c++) {
                logitsx[i][c] = -logits[i][c];
            }
        }
        double[] flipped = NormXLogit.tokenScores(h0, logitsx, 2).score();
        int[] up = RankingFaithfulness.ranking(base), down = RankingFaithfulness.ranking(flipped);
        for (int r = 0; r < 12; r++) {
            assertEquals(up[r], down[11 - r]);
        }
    }

    @Test
    void permutingPositionsPermutesTokenScores() {
        float[][] logits = linearHead(HL, W, B);
        int[] perm = {3, 0, 4, 1, 2};
        float[][] h0p = new float[5][], lp = new float[5][];
        for (int i = 0; i < 5; i++) {
            h0p[i] = H0[perm[i]];
            lp[i] = logits[perm[i]];
        }
        double[] s = NormXLogit.tokenScores(H0, logits, 0).score();
        double[] sp = NormXLogit.tokenScores(h0p, lp, 0).score();
        for (int i = 0; i < 5; i++) {
            assertEquals(s[perm[i]], sp[i], 1e-9);
        }
    }

    @Test
    void badInputsAreRefused() {
        LinearModel model = new LinearModel(H0, linearHead(HL, W, B));
        assertRefused(IllegalArgumentException.class, () -> explain(new NormXLogitExplainer(2), model,
                additive(0, 1, 1)), "target class 2 is outside the model's 2 classes");
        assertRefused(IllegalArgumentException.class, () -> new NormXLogitExplainer(-1),
                "target class must be >= 0, got -1");
        assertRefused(IllegalArgumentException.class, () -> NormXLogit.tokenScores(H0, new float[4][2], 0),
                "5 embedding rows for 4 rows of logits");
        assertRefused(IllegalArgumentException.class, () -> NormXLogit.toFeatures(new double[3], input()),
                "3 token values for an input of 5 tokens");
        TextModel noReadout = (TextModel) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TextModel.class}, (p, m, a) -> m.isDefault()
                        ? java.lang.reflect.InvocationHandler.invokeDefault(p, m, a)  // capability(): none
                        : m.getName().equals("name") ? "black-box" : null);
        assertRefused(IllegalArgumentException.class,
                () -> explain(new NormXLogitExplainer(), noReadout, additive(0, 1, 1)),
                "normxlogit needs a model that exposes its hidden states and head; black-box does not");
    }
}

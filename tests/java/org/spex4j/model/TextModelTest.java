package org.spex4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.ContinuationScorer;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;
import org.spex4j.math.MaskBatch;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * The value functions on the real models: a masked batch means what the paper's string masking means, the all-kept
 * mask is the unmasked input, and a batch equals its rows evaluated one by one.
 */
class TextModelTest {
    static final String REVIEW = "A gripping, beautifully shot film, but the ending is weak.";
    static TextModel minilm;
    static TextModel stories;

    @BeforeAll
    static void load() {
        minilm = Models.load("minilm", Kernels.Device.AUTO);
        stories = Models.load("stories260k", Kernels.Device.AUTO);
    }

    @AfterAll
    static void close() {
        minilm.close();
        stories.close();
    }

    static MaskedInput input(TextModel m, String text, MaskMode mode) {
        Tokenized t = m.tokenize(text);
        return MaskedInput.of(Segmenter.words(text), t.ids(), t.charStart(), t.charEnd(), mode, m.replaceId(),
                m.padId());
    }

    /** The sentiment value of a plain string, computed the long way: embed it and the label prompts. */
    static double sentimentOf(BertEncoder enc, String text) {
        float[] e = enc.embedTexts(List.of(text, ZeroShotSentiment.POSITIVE_PROMPT, ZeroShotSentiment.NEGATIVE_PROMPT));
        int h = enc.hiddenSize();
        double pos = 0, neg = 0;
        for (int i = 0; i < h; i++) {
            pos += e[i] * e[h + i];
            neg += e[i] * e[2 * h + i];
        }
        return (pos - neg) / ZeroShotSentiment.TEMPERATURE;
    }

    static String withWords(List<Segment> words, boolean[] keep, String replacement) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            String w = keep[i] ? words.get(i).text() : replacement;
            if (w != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(w);
            }
        }
        return sb.toString();
    }

    @Test
    void replaceMaskingEqualsTheUnkStringAndDeleteEqualsRemoval() {
        BertEncoder enc = ((EncoderTextModel) minilm).encoder();
        List<Segment> words = Segmenter.words(REVIEW);
        boolean[] all = new boolean[words.size()];
        java.util.Arrays.fill(all, true);
        boolean[] some = all.clone();
        some[1] = false;
        some[7] = false;
        for (MaskMode mode : MaskMode.values()) {
            ValueFunction f = minilm.valueFunction(Task.SENTIMENT, input(minilm, REVIEW, mode),
                    TextModel.ValueOptions.defaults());
            double[] v = f.evaluate(MaskBatch.of(all, some));
            Float32.assertClose(sentimentOf(enc, REVIEW), v[0], Float32.MINILM_SENTIMENT_SCALE, Float32.MINILM,
                    "all kept = the unmasked input");
            String masked = withWords(words, some, mode == MaskMode.REPLACE ? "[UNK]" : null);
            Float32.assertClose(sentimentOf(enc, masked), v[1], Float32.MINILM_SENTIMENT_SCALE, Float32.MINILM, mode + ": " + masked);
        }
    }

    @Test
    void aBatchEqualsItsRowsOneByOne() {
        MaskedInput in = input(minilm, REVIEW, MaskMode.DELETE);
        MaskBatch batch = MaskBatch.uniform(in.n(), 12, new java.util.SplittableRandom(4));
        for (Task task : List.of(Task.SENTIMENT, Task.SIMILARITY)) {
            ValueFunction f = minilm.valueFunction(task, in, new TextModel.ValueOptions(5, 65_536, false, 16));
            double[] together = f.evaluate(batch);
            double scale = task == Task.SENTIMENT ? Float32.MINILM_SENTIMENT_SCALE : 1;  // a similarity is one cosine
            for (int r = 0; r < batch.rows(); r++) {
                Float32.assertClose(f.evaluate(batch.slice(r, r + 1))[0], together[r], scale, Float32.MINILM,
                        task + ", row " + r);
            }
        }
        ValueFunction sim = minilm.valueFunction(Task.SIMILARITY, in, TextModel.ValueOptions.defaults());
        Float32.assertClose(1.0, sim.evaluate(MaskBatch.allKept(in.n()))[0], 1, Float32.MINILM, "self-similarity");
    }

    @Test
    void logProbOfTheGreedyContinuation() {
        String prompt = "Once upon a time, there was a little girl";
        MaskedInput in = input(stories, prompt, MaskMode.REPLACE);
        DecoderTextModel dec = (DecoderTextModel) stories;
        int[] cont = dec.continuation(in, 8);
        assertEquals(8, cont.length);
        ValueFunction f = stories.valueFunction(Task.LOGPROB, in, new TextModel.ValueOptions(4, 65_536, false, 8));
        MaskBatch batch = MaskBatch.uniform(in.n(), 9, new java.util.SplittableRandom(2));
        double[] together = f.evaluate(batch);
        double scale = cont.length * Float32.STORIES260K_LOG_SOFTMAX_SCALE;  // one log-softmax per token
        for (int r = 0; r < batch.rows(); r++) {
            Float32.assertClose(f.evaluate(batch.slice(r, r + 1))[0], together[r], scale, Float32.STORIES260K,
                    "row " + r);
            assertTrue(together[r] <= 0, "a log-probability");
        }
        double full = f.evaluate(MaskBatch.allKept(in.n()))[0];
        long[] ids = in.ids();
        double direct = new ContinuationScorer(dec.model())
                .logProb(ids, 1, ids.length, new long[] {ids.length}, cont, false)[0];
        Float32.assertClose(direct, full, scale, Float32.STORIES260K, "all kept = the plain prompt");
        assertTrue(full > together[0] - 1e-9 || full > -5, "the model's own continuation is likely unmasked");
    }

    /**
     * SentencePiece tokens carry the space before a word ("▁upon" spans " upon"): every word must still own its
     * tokens, and hiding any one word must change the decoder's value.
     */
    @Test
    void everyWordOfADecoderPromptOwnsItsTokens() {
        String prompt = "Once upon a time, there was a little girl named Lily.";
        MaskedInput in = input(stories, prompt, MaskMode.REPLACE);
        assertEquals(11, in.n());
        int[] s = in.featureStart(), e = in.featureEnd();
        for (int i = 0; i < in.n(); i++) {
            assertTrue(e[i] > s[i], "word " + i + " (" + in.features().get(i).text() + ") owns no token");
        }
        ValueFunction f = stories.valueFunction(Task.LOGPROB, in, TextModel.ValueOptions.defaults());
        MaskBatch single = MaskBatch.zeros(in.n(), in.n() + 1);
        for (int r = 0; r <= in.n(); r++) {
            for (int i = 0; i < in.n(); i++) {
                single.set(r, i, i != r);  // row r hides word r; the last row hides nothing
            }
        }
        double[] y = f.evaluate(single);
        for (int i = 0; i < in.n(); i++) {
            assertTrue(Math.abs(y[i] - y[in.n()]) > 1e-6, "hiding '" + in.features().get(i).text()
                    + "' leaves the log-prob unchanged");
        }
    }

    @Test
    void badInputIsAClearError() {
        assertRefused(IllegalArgumentException.class, () -> Models.load("gpt-17", Kernels.Device.AUTO),
                "unknown model 'gpt-17'");
        assertRefused(IllegalArgumentException.class, () -> Models.load("/no/such/model", Kernels.Device.AUTO),
                "model path /no/such/model does not exist");
        assertRefused(IllegalArgumentException.class, () -> stories.valueFunction(Task.SENTIMENT,
                input(stories, "hello there", MaskMode.REPLACE), TextModel.ValueOptions.defaults()),
                "model stories260k has no task sentiment");
        assertRefused(IllegalArgumentException.class, () -> input(minilm, "   ", MaskMode.REPLACE),
                "the input has no features");
    }
}

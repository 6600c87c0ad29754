package org.spex4j.normxlogit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.Spex;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.Models;
import org.spex4j.model.PositionLogits;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.Tokenized;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.testing.Float32;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.math.MaskBatch;

/**
 * NormXLogit on the real models: the vectorised readout equals the head applied position by position to hidden
 * states captured with hooks, the explained class is the model's prediction, and facts the architectures impose
 * (causality, context-free embeddings) hold.
 */
class NormXLogitModelTest {
    static final String REVIEW = "A gripping, beautifully shot film, but the ending is weak.";
    static final String STORY = "Once upon a time, there was a little girl named Lily. She loved to play";
    /** The label prompts of minilm's zero-shot sentiment task, as EncoderTextModel defines them. */
    static final List<String> PROMPTS = List.of("This review is positive.", "This review is negative.");
    static final double TEMPERATURE = 0.05;

    static TextModel minilm;
    static TextModel stories;
    static BertEncoder bert;
    static LlamaModel llama;

    @BeforeAll
    static void load() {
        minilm = Models.load("minilm", Kernels.Device.CPU);
        stories = Models.load("stories260k", Kernels.Device.CPU);
        bert = BertEncoder.miniLm();
        llama = LlamaModel.stories260k();
    }

    @AfterAll
    static void close() {
        minilm.close();
        stories.close();
        bert.close();
        llama.close();
    }

    static PositionLogits.Readout readout(TextModel m, Task task, long[] ids) {
        return ((PositionLogits) m).positionLogits(task, ids);
    }

    @Test
    void decoderReadoutIsTheFinalNormAndLmHeadAtEachPosition() {
        long[] ids = stories.tokenize(STORY).ids();
        PositionLogits.Readout r = readout(stories, Task.LOGPROB, ids);
        int len = ids.length, last = llama.config().layers() - 1;
        Hooks hooks = new Hooks().capture(HookName.embed()).capture(HookName.residPost(last));
        llama.logits(ids, 1, len, null, hooks);
        for (int i = 0; i < len; i++) {
            assertArrayEquals(hooks.captured(HookName.embed()).at(0, i), r.embeddings()[i], 0f);
            float[] perPosition = llama.lmHead(hooks.captured(HookName.residPost(last)).at(0, i));
            Float32.assertClose(perPosition, r.logits()[i], Float32.STORIES260K, "position " + i);
        }
        // the explained class is the greedy next token
        int[] prompt = Arrays.stream(ids).mapToInt(x -> (int) x).toArray();
        int next = new LlamaGenerator(llama).generateGreedy(prompt, 1, Greedy.UNCACHED)[len];
        assertEquals(next, NormXLogit.predicted(r));
        assertEquals(llama.tokenizer().decode(new int[] {next}), r.classes().get(next));
    }

    @Test
    void decoderScoresOfAPrefixDoNotDependOnLaterTokens() {
        long[] ids = stories.tokenize(STORY).ids();
        long[] prefix = Arrays.copyOf(ids, 9);
        int target = NormXLogit.predicted(readout(stories, Task.LOGPROB, ids));
        double[] full = NormXLogit.tokenScores(readout(stories, Task.LOGPROB, ids), target).score();
        double[] part = NormXLogit.tokenScores(readout(stories, Task.LOGPROB, prefix), target).score();
        for (int i = 0; i < prefix.length; i++) {
            // a score is a norm times a logit margin: terms of the score's own size
            Float32.assertClose(full[i], part[i], Math.max(1, Math.abs(full[i])), Float32.STORIES260K,
                    "position " + i);
        }
    }

    @Test
    void encoderReadoutIsTheZeroShotHeadOnEachPositionAndThePooledPrediction() {
        long[] ids = minilm.tokenize(REVIEW).ids();
        PositionLogits.Readout r = readout(minilm, Task.SENTIMENT, ids);
        int len = ids.length, h = bert.hiddenSize();
        long[] mask = new long[len];
        Arrays.fill(mask, 1);
        Hooks hooks = new Hooks().capture(HookName.embed());
        float[] states = bert.lastHiddenStates(ids, mask, 1, len, hooks);
        float[] labels = bert.embedTexts(PROMPTS);
        for (int i = 0; i < len; i++) {
            assertArrayEquals(hooks.captured(HookName.embed()).at(0, i), r.embeddings()[i], "position " + i);
            double norm = 0;
            for (int k = 0; k < h; k++) {
                norm += states[i * h + k] * states[i * h + k];
            }
            for (int c = 0; c < 2; c++) {
                double dot = 0;
                for (int k = 0; k < h; k++) {
                    dot += states[i * h + k] * labels[c * h + k];
                }
                Float32.assertClose(dot / Math.sqrt(norm) / TEMPERATURE, r.logits()[i][c], 1 / TEMPERATURE,
                        Float32.MINILM, "position " + i);
            }
        }
        // the output logits are the model's own: their difference is the task's log-odds on the unmasked input
        Tokenized t = minilm.tokenize(REVIEW);
        MaskedInput input = MaskedInput.of(Segmenter.words(REVIEW), t.ids(), t.charStart(), t.charEnd(),
                MaskMode.REPLACE, minilm.replaceId(), minilm.padId());
        double logOdds = minilm.valueFunction(Task.SENTIMENT, input, TextModel.ValueOptions.defaults())
                .evaluate(MaskBatch.allKept(input.n()))[0];
        Float32.assertClose(logOdds, r.output()[0] - r.output()[1], Float32.MINILM_SENTIMENT_SCALE, Float32.MINILM,
                "log-odds");
        assertEquals(List.of("positive", "negative"), r.classes());
        assertRefused(IllegalArgumentException.class, () -> readout(minilm, Task.SIMILARITY, ids),
                "task similarity of model minilm has no classes");
    }

    @Test
    void encoderEmbeddingNormsIgnoreTheOtherTokens() {
        // h⁰ is token + position embedding under LayerNorm: no context, so changing one word moves only its norm
        long[] a = minilm.tokenize("the film is good").ids();
        long[] b = minilm.tokenize("the film is bad").ids();
        assertEquals(a.length, b.length);
        double[] na = NormXLogit.tokenScores(readout(minilm, Task.SENTIMENT, a), 0).norm();
        double[] nb = NormXLogit.tokenScores(readout(minilm, Task.SENTIMENT, b), 0).norm();
        int changed = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                assertEquals(na[i], nb[i], "position " + i + ": the same token, the same computation");
            } else {
                changed++;
                assertNotEquals(na[i], nb[i], 1e-6);
            }
        }
        assertEquals(1, changed);
    }

    @Test
    void explainsThroughTheFacadeOnBothModels() {
        try (Spex spex = Spex.builder().optModel("minilm").optMethod("normxlogit", 2).build()) {
            assertTrue(Spex.methods().contains("normxlogit"));
            Explanation e = spex.explain(REVIEW);
            assertEquals("normxlogit", e.method());
            assertEquals("normxlogit", e.rankingName());
            assertEquals(Segmenter.words(REVIEW).size(), e.n());
            assertEquals(List.of("normxlogit", "embedding_norm", "logit"), e.scores().names());
            for (double s : e.ranking()) {
                assertTrue(Double.isFinite(s) && s != 0, "every word owns tokens, so every score is set: " + s);
            }
            assertEquals(e.full(), e.fourier().evaluate(MaskBatch.allKept(e.n()).words(), 0), 1e-6);
        }
        // token features: stories260k's word spans start with the space before a word (see the handoff)
        try (Spex spex = Spex.builder().optModel("stories260k").optMethod("normxlogit", 2)
                .optFeatures(Granularity.TOKENS).build()) {
            Explanation e = spex.explain(STORY);
            assertEquals(stories.tokenize(STORY).length() - 1, e.n());  // all but BOS
            long[] ids = stories.tokenize(STORY).ids();
            double[] tokens = NormXLogit.tokenScores(readout(stories, Task.LOGPROB, ids),
                    NormXLogit.predicted(readout(stories, Task.LOGPROB, ids))).score();
            assertArrayEquals(Arrays.copyOfRange(tokens, 1, tokens.length), e.ranking(), "the same computation");
        }
    }
}

package org.spex4j.slalom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.Spex;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.Tokenized;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.math.MaskBatch;

/** Token-type sequences on the real MiniLM: a sequence means the text of its words, with [CLS] ... [SEP] around. */
class ModelSequencesTest {
    static final String REVIEW = "good film , not a good ending";
    static TextModel minilm;

    @BeforeAll
    static void load() {
        minilm = Models.load("minilm", Kernels.Device.CPU);
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    static MaskedInput input(String text, MaskMode mode) {
        Tokenized t = minilm.tokenize(text);
        return MaskedInput.of(Segmenter.words(text), t.ids(), t.charStart(), t.charEnd(), mode, minilm.replaceId(),
                minilm.padId());
    }

    /** The model's value on a whole text. */
    static double valueOf(Task task, MaskedInput reference, String text) {
        MaskedInput in = input(text, MaskMode.DELETE);
        return minilm.valueFunction(task, reference, in, TextModel.ValueOptions.defaults())
                .evaluate(MaskBatch.allKept(in.n()))[0];
    }

    @Test
    void aSequenceScoresLikeTheTextOfItsWords() {
        MaskedInput in = input(REVIEW, MaskMode.REPLACE);
        TokenTypes types = TokenTypes.of(in);
        assertEquals(6, types.types());  // "good" occurs twice
        assertEquals(types.typeOf(0), types.typeOf(5));
        for (Task task : List.of(Task.SENTIMENT, Task.SIMILARITY)) {
            ModelSequences f = new ModelSequences(minilm, task, in, types, TextModel.ValueOptions.defaults());
            int good = types.typeOf(0), not = types.typeOf(3), ending = types.typeOf(6);
            double[] y = f.values(new int[][] {{ending, not, good}, {good}, {good, good, not}, types.fullSequence()});
            double scale = task == Task.SENTIMENT ? Float32.MINILM_SENTIMENT_SCALE : 1;  // similarity: one cosine
            Float32.assertClose(valueOf(task, in, "ending not good"), y[0], scale, Float32.MINILM, task.label());
            Float32.assertClose(valueOf(task, in, "good"), y[1], scale, Float32.MINILM, task.label());
            Float32.assertClose(valueOf(task, in, "good good not"), y[2], scale, Float32.MINILM, task.label());
            // the whole input as a sequence is the unmasked input
            double full = minilm.valueFunction(task, in, TextModel.ValueOptions.defaults())
                    .evaluate(MaskBatch.allKept(in.n()))[0];
            Float32.assertClose(full, y[3], scale, Float32.MINILM, task.label());
        }
    }

    @Test
    void onTheDecoderAKeptSubsetScoresLikeDeletingTheRest() {
        try (TextModel stories = Models.load("stories260k", Kernels.Device.CPU)) {
            String text = "Once upon a time there was a little dog";
            Tokenized t = stories.tokenize(text);
            MaskedInput in = MaskedInput.of(Segmenter.words(text), t.ids(), t.charStart(), t.charEnd(),
                    MaskMode.DELETE, stories.replaceId(), stories.padId());
            assertEquals(9, in.n());
            assertEquals(0, in.emptyFeatures());
            TokenTypes types = TokenTypes.of(in);
            TextModel.ValueOptions options = TextModel.ValueOptions.defaults();
            ModelSequences f = new ModelSequences(stories, Task.LOGPROB, in, types, options);
            boolean[] keep = {true, false, true, true, false, true, true, false, true};
            double[] y = f.values(new int[][] {types.sequence(keep), types.fullSequence()});
            boolean[] all = new boolean[9];
            java.util.Arrays.fill(all, true);
            MaskBatch masks = MaskBatch.of(keep, all);
            double[] direct = stories.valueFunction(Task.LOGPROB, in, options).evaluate(masks);
            // the log-prob of the model's continuation: one log-softmax per continuation token
            double scale = TextModel.ValueOptions.defaults().continuationTokens() * Float32.STORIES260K_LOG_SOFTMAX_SCALE;
            Float32.assertClose(direct[0], y[0], scale, Float32.STORIES260K, "kept subset");
            Float32.assertClose(direct[1], y[1], scale, Float32.STORIES260K, "all kept");
        }
    }

    @Test
    void spexRunsSlalomOnMiniLm() {
        try (Spex spex = Spex.builder().optModel("minilm").optDevice(Kernels.Device.CPU).optMethod("slalom", 1)
                .build()) {
            Explanation e = spex.explain(REVIEW);
            assertEquals(List.of("removal", "value", "importance", "linear", "removal_type"), e.scores().names());
            assertEquals(7, e.n());
            assertEquals(500, e.queries());
            double[] v = e.scores().get("value");
            assertEquals(v[0], v[5]);  // one type, one value
        }
    }

    @Test
    void emptySequencesAndUnknownTypesAreRejected() {
        MaskedInput in = input(REVIEW, MaskMode.REPLACE);
        ModelSequences f = new ModelSequences(minilm, Task.SENTIMENT, in, TokenTypes.of(in),
                TextModel.ValueOptions.defaults());
        assertRefused(IllegalArgumentException.class, () -> f.values(new int[][] {{}}), "sequence 0 is empty");
        assertRefused(IllegalArgumentException.class, () -> f.values(new int[][] {{6}}), "type 6 is outside 0..");
        assertRefused(IllegalArgumentException.class, () -> new ModelSequences(minilm, Task.SENTIMENT, in,
                new TokenTypes(new int[] {0}), TextModel.ValueOptions.defaults()),
                "1 typed features for an input of " + in.n());
    }
}

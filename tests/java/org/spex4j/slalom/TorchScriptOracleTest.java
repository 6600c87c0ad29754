package org.spex4j.slalom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.api.Explanation;
import org.spex4j.Spex;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.Tokenized;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.math.MaskBatch;

/**
 * End to end on a real model file: a TorchScript module that IS a SLALOM model over BERT token ids (a softmax of
 * s[id] over the attended tokens weighting v[id]; [CLS] and [SEP] get importance −1e9, as the reference excludes
 * them), loaded through {@link Models#load}. Every word of the text is one token, so words are SLALOM's tokens and
 * the fits must find v[id] and s[id] through the whole query path (sequences laid out, tokenized ids, forward).
 */
class TorchScriptOracleTest {
    static final int VOCAB = 30522;
    static final String TEXT = "the film was good but the ending was weak";

    @TempDir
    static Path dir;
    static float[] v;
    static float[] s;
    static TextModel model;
    static MaskedInput input;
    static TokenTypes types;

    @BeforeAll
    static void writeAndLoad() throws IOException {
        try (InputStream in = TorchScriptOracleTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        SplittableRandom rnd = new SplittableRandom(3);
        v = new float[VOCAB];
        s = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            v[i] = (float) (-1.5 + 3 * rnd.nextDouble());
            s[i] = (float) (-1.5 + 3 * rnd.nextDouble());
        }
        s[101] = -1e9f;  // [CLS]
        s[102] = -1e9f;  // [SEP]
        try (PointerScope scope = new PointerScope()) {
            JitModule m = new JitModule(new QualifiedName("Slalom"));
            m.register_parameter("v", vector(v), false);
            m.register_parameter("s", vector(s), false);
            m.define("def forward(self, input_ids, attention_mask):\n"
                    + "    a = self.s[input_ids] + (attention_mask.to(self.s.dtype) - 1.0) * 1e9\n"
                    + "    p = torch.softmax(a, 1)\n"
                    + "    return (p * self.v[input_ids]).sum(1)\n");
            m.save(dir.resolve("slalom.pt").toString());
        }
        model = Models.load(dir.resolve("slalom.pt").toString(), Kernels.Device.CPU);
        Tokenized t = model.tokenize(TEXT);
        input = MaskedInput.of(Segmenter.words(TEXT), t.ids(), t.charStart(), t.charEnd(), MaskMode.DELETE,
                model.replaceId(), model.padId());
        types = TokenTypes.of(input);
    }

    private static Tensor vector(float[] x) {
        return torch.from_blob(new FloatPointer(x), new long[] {x.length}, new TensorOptions(ScalarType.Float))
                .clone();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The module's own (v, s) for the input's types, s mean-centred. */
    static SlalomModel truth() {
        long[] ids = input.ids();
        int[] start = input.featureStart(), end = input.featureEnd();
        double[] tv = new double[types.types()], ts = new double[types.types()];
        for (int k = 0; k < types.types(); k++) {
            int f = types.representative(k);
            assertEquals(1, end[f] - start[f], "every word of the text should be one token");
            tv[k] = v[(int) ids[start[f]]];
            ts[k] = s[(int) ids[start[f]]];
        }
        return new SlalomModel(tv, ts).centred();
    }

    private static SequenceValue sequences() {
        return new ModelSequences(model, Task.OUTPUT, input, types, TextModel.ValueOptions.defaults());
    }

    @Test
    void exactFitFindsTheModulesWeights() {
        assertEquals(7, types.types());  // "the" and "was" repeat
        ExactFit.Result r = ExactFit.fit(sequences(), types.types());
        SlalomModel t = truth();
        assertEquals(0, r.undetermined());
        // the fit solves a small linear system from float32 values: relative to the largest parameter, 1e-4 for v
        // and 1e-3 for s (s enters through a softmax) leave room for its conditioning over float32 rounding
        double scaleV = Math.max(1, Arrays.stream(t.values()).map(Math::abs).max().orElse(0));
        double scaleS = Math.max(1, Arrays.stream(t.importances()).map(Math::abs).max().orElse(0));
        for (int k = 0; k < t.types(); k++) {
            assertEquals(t.values()[k], r.model().values()[k], 1e-4 * scaleV, "v of type " + k);
            assertEquals(t.importances()[k], r.model().importances()[k], 1e-3 * scaleS, "s of type " + k);
        }
    }

    @Test
    void efficientVariantFindsThemFromRandomSequences() {
        SlalomModel m = new SlalomExplainer("slalom", SlalomOptions.efficient().withSamples(5000))
                .fit(sequences(), types, 1, SlalomExplainerTest.evaluator(256)).model();
        SlalomModel t = truth();
        assertTrue(Oracles.rmse(m.values(), t.values()) < 0.01, "value RMSE");
        assertTrue(Oracles.rmse(m.importances(), t.importances()) < 0.01, "importance RMSE");
    }

    @Test
    void removalScoresThroughSpexAreTheModulesDeletionEffects() {
        Explanation e;
        try (Spex spex = Spex.builder().optModel(dir.resolve("slalom.pt").toString()).optMask(MaskMode.DELETE)
                .optMethod("slalom-fidel", 1).build()) {
            e = spex.explain(TEXT);
        }
        assertEquals(List.of("removal", "value", "importance", "linear", "removal_type"), e.scores().names());
        int n = input.n();
        MaskBatch masks = MaskBatch.zeros(n, n + 1);
        for (int r = 0; r <= n; r++) {
            for (int f = 0; f < n; f++) {
                masks.set(r, f, r == 0 || f != r - 1);
            }
        }
        double[] y = model.valueFunction(Task.OUTPUT, input, TextModel.ValueOptions.defaults()).evaluate(masks);
        double[] removal = e.scores().get("removal");
        double worst = 0, scale = 0;
        for (int f = 0; f < n; f++) {
            worst = Math.max(worst, Math.abs(removal[f] - (y[0] - y[f + 1])));
            scale = Math.max(scale, Math.abs(y[0] - y[f + 1]));
        }
        // one ALS round on 500 deletions: close, not exact
        assertTrue(scale > 0.05, "deletions should matter: " + scale);
        assertTrue(worst < 0.1 * scale, "worst removal error " + worst + " for effects up to " + scale);
    }
}

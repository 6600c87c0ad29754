package org.spex4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.api.Explanation;
import org.spex4j.Spex;
import org.spex4j.kernels.Kernels;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.math.MaskBatch;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A TorchScript module written here (a bag of token vectors: the sum of w[id] over attended tokens, one column per
 * class), saved to disk and loaded through {@link Models#load}: its value function must equal the closed form computed
 * in plain Java from the same weights and the masker's definition.
 */
class TorchScriptTextModelTest {
    static final int VOCAB = 30522;
    static final int CLASSES = 3;
    static final String TEXT = "A gripping, beautifully shot film with a weak ending.";

    @TempDir
    static Path dir;
    static float[] w;

    @BeforeAll
    static void writeModules() throws IOException {
        try (InputStream in = TorchScriptTextModelTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        w = new float[VOCAB * CLASSES];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        String bag = "    e = self.w[input_ids]\n    m = attention_mask.unsqueeze(2).to(e.dtype)\n";
        save("bag.pt", "def forward(self, input_ids, attention_mask):\n" + bag + "    return (e * m).sum(1)\n");
        save("tuple.pt", "def forward(self, input_ids, attention_mask):\n" + bag
                + "    return ((e * m).sum(1), e)\n");
        save("scalar.pt", "def forward(self, input_ids, attention_mask):\n" + bag
                + "    return (e * m).sum(1)[:, 1]\n");
        save("bad.pt", "def forward(self, input_ids, attention_mask):\n" + bag + "    return e * m\n");
    }

    private static void save(String file, String source) {
        saveModule(dir.resolve(file), source, w);
    }

    /** Writes a TorchScript module with one parameter {@code w} [VOCAB, CLASSES] and the given methods. */
    static void saveModule(Path file, String source, float[] w) {
        try (PointerScope scope = new PointerScope()) {
            JitModule m = new JitModule(new QualifiedName("Bag"));
            Tensor weights = torch.from_blob(new FloatPointer(w), new long[] {VOCAB, CLASSES},
                    new TensorOptions(ScalarType.Float)).clone();
            m.register_parameter("w", weights, false);
            m.define(source);
            m.save(file.toString());
        }
    }

    /**
     * Σ_{attended tokens} w[id] per class, from the masker's definition: a masked feature's tokens become ONE mask
     * token, as the paper's "[UNK]" string does.
     */
    private static double[] expectedLogits(MaskedInput in, boolean[] keep, long maskId) {
        long[] ids = in.ids();
        int[] s = in.featureStart(), e = in.featureEnd();
        java.util.List<Long> seq = new java.util.ArrayList<>();
        for (int t = 0; t < ids.length; t++) {
            int owner = -1;
            for (int f = 0; f < in.n(); f++) {
                owner = t >= s[f] && t < e[f] ? f : owner;
            }
            if (owner < 0 || keep[owner]) {
                seq.add(ids[t]);
            } else if (t == s[owner]) {
                seq.add(maskId);
            }
        }
        double[] z = new double[CLASSES];
        for (long id : seq) {
            for (int c = 0; c < CLASSES; c++) {
                z[c] += w[(int) id * CLASSES + c];
            }
        }
        return z;
    }

    /** The float32 terms behind a bag's log-odds: a sum over the tokens of weights, twice (log-sum-exp). */
    private static double bagScale(MaskedInput in) {
        return 2 * in.ids().length * Float32.maxAbs(w);
    }

    private static MaskedInput input(TextModel m) {
        Tokenized tok = m.tokenize(TEXT);
        return MaskedInput.of(Segmenter.words(TEXT), tok.ids(), tok.charStart(), tok.charEnd(), MaskMode.REPLACE,
                m.replaceId(), m.padId());
    }

    @Test
    void valuesEqualTheClosedFormLogOddsOfThePredictedClass() {
        for (String file : new String[] {"bag.pt", "tuple.pt"}) {
            try (TextModel m = Models.load(dir.resolve(file).toString(), Kernels.Device.CPU)) {
                assertEquals(Task.OUTPUT, m.defaultTask());
                assertEquals(100, m.replaceId(), "[UNK] of the BERT vocabulary");
                MaskedInput in = input(m);
                int n = in.n();
                ValueFunction f = m.valueFunction(Task.OUTPUT, in, TextModel.ValueOptions.defaults());
                boolean[] all = new boolean[n];
                java.util.Arrays.fill(all, true);
                double[] zFull = expectedLogits(in, all, m.replaceId());
                int c = 0;
                for (int j = 1; j < CLASSES; j++) {
                    c = zFull[j] > zFull[c] ? j : c;
                }
                MaskBatch masks = MaskBatch.uniform(n, 40, new SplittableRandom(3));
                double[] y = f.evaluate(masks);
                for (int r = 0; r < masks.rows(); r++) {
                    boolean[] keep = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        keep[i] = masks.get(r, i);
                    }
                    double[] z = expectedLogits(in, keep, m.replaceId());
                    double others = 0;
                    for (int j = 0; j < CLASSES; j++) {
                        others += j == c ? 0 : Math.exp(z[j]);
                    }
                    Float32.assertClose(z[c] - Math.log(others), y[r], bagScale(in), in.ids().length,
                            file + " row " + r);
                }
            }
        }
    }

    @Test
    void aScalarOutputIsTheValueItself() {
        try (TextModel m = Models.load(dir.resolve("scalar.pt").toString(), Kernels.Device.CPU)) {
            MaskedInput in = input(m);
            double[] y = m.valueFunction(Task.OUTPUT, in, TextModel.ValueOptions.defaults())
                    .evaluate(MaskBatch.zeros(in.n(), 1));
            boolean[] none = new boolean[in.n()];
            Float32.assertClose(expectedLogits(in, none, m.replaceId())[1], y[0], bagScale(in), in.ids().length,
                    "scalar output");
        }
    }

    @Test
    void theFacadeExplainsATorchScriptModule() {
        try (Spex spex = Spex.builder().optModel(dir.resolve("bag.pt").toString()).optMethod("loo", 1).build()) {
            Explanation e = spex.explain(TEXT);
            assertEquals(Segmenter.words(TEXT).size(), e.n());
            assertTrue(Double.isFinite(e.full()) && Double.isFinite(e.baseline()));
        }
    }

    @Test
    void badModulesAndFilesGiveClearErrors() throws IOException {
        try (TextModel m = Models.load(dir.resolve("bad.pt").toString(), Kernels.Device.CPU)) {
            MaskedInput in = input(m);
            assertRefused(IllegalArgumentException.class,
                    () -> m.valueFunction(Task.OUTPUT, in, TextModel.ValueOptions.defaults()),
                    "expected [B] or [B, C]");
            assertRefused(IllegalArgumentException.class,
                    () -> m.valueFunction(Task.SENTIMENT, in, TextModel.ValueOptions.defaults()),
                    "has no task sentiment", "it supports [output]");
        }
        Path corrupt = dir.resolve("corrupt.pt");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5});
        // told apart by content: a .pt that is no zip archive is not taken for TorchScript
        assertRefused(IllegalArgumentException.class, () -> Models.load(corrupt.toString(), Kernels.Device.CPU),
                "corrupt.pt is not a model", "TorchScript");
        Path lonely = Files.createDirectories(dir.resolve("lonely"));
        Files.copy(dir.resolve("bag.pt"), lonely.resolve("bag.pt"));
        assertRefused(IllegalArgumentException.class,
                () -> Models.load(lonely.resolve("bag.pt").toString(), Kernels.Device.CPU), "no tokenizer");
        Files.copy(dir.resolve("tokenizer.json"), lonely.resolve("tokenizer.json"));
        Files.writeString(lonely.resolve("bag.json"), "{\"mask_token\": \"<nope>\"}");
        assertRefused(IllegalArgumentException.class,
                () -> Models.load(lonely.resolve("bag.pt").toString(), Kernels.Device.CPU), "<nope>");
    }
}

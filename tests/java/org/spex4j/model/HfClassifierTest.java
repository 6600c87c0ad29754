package org.spex4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.onnx.OnnxClassifier;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * Hugging Face sequence classifiers (LibTorch) and their ONNX export (ONNX Runtime) against the PyTorch reference
 * of tools/fixtures/make_hf_fixtures.py: logits one input at a time and as a padded batch, and the task's value on
 * every masked form of one input, replace and delete.
 */
class HfClassifierTest {
    static final Path HF = Path.of("tests/fixtures/hf");
    static final Path ONNX = Path.of("tests/fixtures/onnx/classifier.onnx");

    @TempDir
    Path tmp;

    static Stream<String> classifiers() {
        return Stream.of("bert-classifier", "distilbert-classifier", "roberta-classifier", "xlm-roberta-regressor");
    }

    static JsonNode reference(String fixture) throws IOException {
        return new ObjectMapper().readTree(HF.resolve(fixture).resolve("reference.json").toFile());
    }

    static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    static float[] floats(JsonNode a) {
        List<Float> all = new ArrayList<>();
        for (JsonNode v : a) {
            if (v.isArray()) {
                for (JsonNode w : v) {
                    all.add((float) w.asDouble());
                }
            } else {
                all.add((float) v.asDouble());
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    static long[] flat(JsonNode rows) {
        List<Long> all = new ArrayList<>();
        rows.forEach(r -> r.forEach(v -> all.add(v.asLong())));
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void logitsMatchThePyTorchReference(String fixture) throws IOException {
        JsonNode ref = reference(fixture);
        long k = ref.get("reduction_length").asLong();
        try (BertEncoder enc = BertEncoder.fromHfDirectory(HF.resolve(fixture), TorchDevice.CPU);
             PointerScope scope = new PointerScope()) {
            for (JsonNode in : ref.get("inputs")) {
                long[] ids = longs(in.get("ids"));
                long[] ones = new long[ids.length];
                java.util.Arrays.fill(ones, 1);
                float[] z = enc.logits(Tensors.fromLongs(ids, 1, ids.length), Tensors.fromLongs(ones, 1, ids.length),
                        null);
                Float32.assertClose(floats(in.get("logits")), z, k, fixture + " logits of " + in.get("ids"));
            }
            JsonNode batch = ref.get("batch");
            long rows = batch.get("ids").size(), len = batch.get("ids").get(0).size();
            float[] z = enc.logits(Tensors.fromLongs(flat(batch.get("ids")), rows, len),
                    Tensors.fromLongs(flat(batch.get("attention_mask")), rows, len), null);
            Float32.assertClose(floats(batch.get("logits")), z, k, fixture + " padded batch");
        }
    }

    /** Features are the tokens between the first and the last, each with a one-character span. */
    static MaskedInput maskedInput(long[] ids, MaskMode mode, long replaceId, long padId) {
        int[] start = new int[ids.length], end = new int[ids.length];
        List<Segment> features = new ArrayList<>();
        for (int t = 0; t < ids.length; t++) {
            boolean special = t == 0 || t == ids.length - 1;
            start[t] = special ? -1 : 2 * (t - 1);
            end[t] = special ? -1 : 2 * (t - 1) + 1;
            if (!special) {
                features.add(new Segment("x", start[t], end[t]));
            }
        }
        return MaskedInput.of(features, ids, start, end, mode, replaceId, padId);
    }

    /** The reference's value for each masked form, from its logits: the log-odds of the predicted class. */
    static double[] expectedValues(float[][] logits, boolean single) {
        float[] full = logits[logits.length - 1];       // the last mask keeps every feature
        int c = 0;
        for (int j = 1; j < full.length; j++) {
            c = full[j] > full[c] ? j : c;
        }
        double[] out = new double[logits.length];
        for (int r = 0; r < out.length; r++) {
            double[] z = new double[logits[r].length];
            for (int j = 0; j < z.length; j++) {
                z[j] = logits[r][j];
            }
            out[r] = single ? z[0] : ClassLogOdds.of(z, 0, z.length, c);
        }
        return out;
    }

    static void assertMaskedValues(TextModel model, JsonNode masked, MaskMode mode, long k, String what) {
        long[] ids = longs(masked.get("ids"));
        JsonNode masks = masked.get("masks");
        boolean[][] keep = new boolean[masks.size()][];
        float[][] logits = new float[masks.size()][];
        double scale = 0;
        for (int r = 0; r < keep.length; r++) {
            keep[r] = new boolean[masks.get(r).size()];
            for (int i = 0; i < keep[r].length; i++) {
                keep[r][i] = masks.get(r).get(i).asInt() == 1;
            }
            logits[r] = floats(masked.get("logits").get(r));
            scale = Math.max(scale, Float32.maxAbs(logits[r]));
        }
        MaskedInput in = maskedInput(ids, mode, model.replaceId(), model.padId());
        // 3 rows per pass: the sorted rows are cut into padded batches of mixed lengths
        ValueFunction f = model.valueFunction(model.defaultTask(), in, new TextModel.ValueOptions(3, 65_536, false, 1));
        double[] y = f.evaluate(MaskBatch.of(keep));
        double[] want = expectedValues(logits, logits[0].length == 1);
        for (int r = 0; r < y.length; r++) {
            // a log-odds moves by at most twice its logits' error
            Float32.assertClose(want[r], y[r], 2 * scale, k, what + " " + mode + " mask " + r);
        }
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void maskedValuesMatchTheReference(String fixture) throws IOException {
        JsonNode ref = reference(fixture);
        try (TextModel m = Models.load(HF.resolve(fixture).toString(), Kernels.Device.CPU)) {
            assertInstanceOf(ClassifierTextModel.class, m);
            assertEquals(ref.get("replace_id").asLong(), m.replaceId(), "the unknown-word token replaces");
            assertEquals(ref.get("pad_id").asLong(), m.padId());
            long k = ref.get("reduction_length").asLong();
            assertMaskedValues(m, ref.get("masked_replace"), MaskMode.REPLACE, k, fixture);
            assertMaskedValues(m, ref.get("masked_delete"), MaskMode.DELETE, k, fixture);
        }
    }

    @Test
    void onnxExportAgreesWithTheReference() throws IOException {
        JsonNode ref = reference("bert-classifier");
        long k = ref.get("reduction_length").asLong();
        try (OnnxClassifier onnx = OnnxClassifier.open(ONNX, 1)) {
            assertEquals(List.of("negative", "neutral", "positive"), onnx.labels());
            for (JsonNode in : ref.get("inputs")) {
                long[] ids = longs(in.get("ids"));
                long[] ones = new long[ids.length];
                java.util.Arrays.fill(ones, 1);
                double[] z = onnx.logits(ids, ones, 1, ids.length);
                float[] zf = new float[z.length];
                for (int i = 0; i < z.length; i++) {
                    zf[i] = (float) z[i];
                }
                Float32.assertClose(floats(in.get("logits")), zf, k, "ONNX logits of " + in.get("ids"));
            }
        }
        try (TextModel m = Models.load(ONNX.toString(), Kernels.Device.CPU)) {
            assertEquals(List.of(Task.CLASS), m.tasks());
            assertMaskedValues(m, ref.get("masked_replace"), MaskMode.REPLACE, k, "onnx");
            assertMaskedValues(m, ref.get("masked_delete"), MaskMode.DELETE, k, "onnx");
        }
    }

    @Test
    void theClassIsChosenByLabelOrIndexAndNamedWithItsProbability() throws IOException {
        try (TextModel m = Models.load(HF.resolve("bert-classifier").toString(), Kernels.Device.CPU)) {
            long[] ids = longs(reference("bert-classifier").get("inputs").get(0).get("ids"));
            MaskedInput in = maskedInput(ids, MaskMode.REPLACE, m.replaceId(), m.padId());
            TextModel.ValueOptions o = TextModel.ValueOptions.defaults();
            MaskBatch all = MaskBatch.allKept(in.n());
            double byLabel = m.valueFunction(Task.CLASS, in, o.withTargetClass("neutral")).evaluate(all)[0];
            double byIndex = m.valueFunction(Task.CLASS, in, o.withTargetClass("1")).evaluate(all)[0];
            assertEquals(byLabel, byIndex, 0.0, "the same class, the same computation");
            ValueFunction predicted = m.valueFunction(Task.CLASS, in, o);
            assertTrue(predicted.target().contains("p = ") && predicted.target().contains("predicted"),
                    predicted.target());
            assertTrue(predicted.evaluate(all)[0] > byLabel || predicted.target().contains("\"neutral\""),
                    "the predicted class has the largest log-odds");
            // the HTML report reads the class back from this description and p = σ(f) from the log-odds
            java.util.regex.Matcher named = java.util.regex.Pattern.compile("class \"([^\"]*)\".* p = ([0-9.]+) on "
                    + "the whole input").matcher(predicted.target());
            assertTrue(named.find(), predicted.target());
            String html = org.spex4j.report.HtmlReport.render(org.spex4j.api.Explanation.builder("spex",
                    org.spex4j.math.SparseCoefficients.builder(in.n(), org.spex4j.math.Basis.FOURIER).build())
                    .target(predicted.target()).full(predicted.evaluate(all)[0]).build(), org.spex4j.math.Index.SV,
                    org.spex4j.math.Index.FSII, 1, 5, java.util.Map.of());
            assertTrue(html.contains("Predicted class: <b>" + named.group(1) + "</b>, p = <b>" + named.group(2)
                    + "</b>"), html);
            assertRefused(IllegalArgumentException.class,
                    () -> m.valueFunction(Task.CLASS, in, o.withTargetClass("joyful")),
                    "0 = negative, 1 = neutral, 2 = positive");
            assertRefused(IllegalArgumentException.class, () -> m.valueFunction(Task.OUTPUT, in, o),
                    "has no task output", "it supports [class]");
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    private Path copy(String fixture) throws IOException {
        Path dir = tmp.resolve(fixture);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(HF.resolve(fixture))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static void editConfig(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode c = (ObjectNode) om.readTree(dir.resolve("config.json").toFile());
        edit.accept(c);
        Files.writeString(dir.resolve("config.json"), om.writeValueAsString(c));
    }

    private static String loadError(Path dir) {
        return assertThrows(IllegalArgumentException.class, () -> Models.load(dir.toString(), Kernels.Device.CPU)
                .close()).getMessage();
    }

    @Test
    void anUnsupportedArchitectureNamesTheSupportedOnes() throws IOException {
        Path dir = copy("bert-classifier");
        editConfig(dir, c -> c.putArray("architectures").add("GPT2LMHeadModel"));
        String msg = loadError(dir);
        assertTrue(msg.contains("GPT2LMHeadModel") && msg.contains("DistilBertForSequenceClassification")
                && msg.contains("XLMRobertaForSequenceClassification") && msg.contains("Qwen2ForCausalLM"), msg);
    }

    @Test
    void aConfigThatDisagreesWithTheWeightsIsRefused() throws IOException {
        Path dir = copy("distilbert-classifier");
        editConfig(dir, c -> c.put("n_layers", 3));
        String msg = loadError(dir);
        assertTrue(msg.contains("3 layers") && msg.contains("has 2"), msg);

        editConfig(dir, c -> {
            c.put("n_layers", 2);
            c.put("hidden_dim", 80);
        });
        msg = loadError(dir);
        assertTrue(msg.contains("ffn.lin1") || msg.contains("intermediate.dense"), msg);
        assertTrue(msg.contains("[32, 64]") && msg.contains("[32, 80]"), msg);

        Path bert = copy("bert-classifier");
        editConfig(bert, c -> c.putObject("id2label").put("0", "a").put("1", "b"));
        msg = loadError(bert);
        assertTrue(msg.contains("head.out.weight") && msg.contains("[32, 3]") && msg.contains("[32, 2]"), msg);
    }

    @Test
    void aDtypeThatDoesNotMatchTheByteLengthIsRefused() throws IOException {
        Path dir = copy("bert-classifier");
        Path st = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(st);
        String head = new String(bytes, 8, 200, StandardCharsets.ISO_8859_1);
        int at = head.indexOf("\"F32\"");
        assertTrue(at > 0, head);
        bytes[8 + at + 2] = '1';
        bytes[8 + at + 3] = '6';                                     // "F32" -> "F16": the same header length
        Files.write(st, bytes);
        String msg = loadError(dir);
        assertTrue(msg.contains("F16") && msg.contains("bytes"), msg);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Path dir = copy("roberta-classifier");
        Files.delete(dir.resolve("tokenizer.json"));
        assertTrue(loadError(dir).contains("tokenizer.json"));
        Files.delete(dir.resolve("model.safetensors"));
        assertTrue(loadError(dir).contains("model.safetensors"));
        Files.delete(dir.resolve("config.json"));
        assertTrue(loadError(dir).contains("config.json"));
    }

    @Test
    void anOnnxFileWithAnotherSignatureNamesItsInputsAndOutputs() {
        String msg = assertThrows(IllegalArgumentException.class, () -> Models.load(
                "tests/fixtures/onnx/hidden-states.onnx", Kernels.Device.CPU).close()).getMessage();
        assertTrue(msg.contains("input_ids") && msg.contains("last_hidden_state") && msg.contains("no input "
                + "attention_mask"), msg);
    }

    @Test
    void theTokenizersOfEachFamilyLoadAndMarkTheirSpecialTokens() {
        for (String fixture : List.of("bert-classifier", "roberta-classifier", "xlm-roberta-regressor")) {
            try (TextModel m = Models.load(HF.resolve(fixture).toString(), Kernels.Device.CPU)) {
                org.spex4j.text.Tokenized t = m.tokenize("the movie was boring");
                assertTrue(t.length() >= 6, fixture + ": " + java.util.Arrays.toString(t.ids()));
                assertEquals(-1, t.charStart()[0], fixture + ": the start token has no span");
                assertEquals(-1, t.charStart()[t.length() - 1], fixture + ": the end token has no span");
                assertTrue(java.util.Arrays.stream(t.ids()).noneMatch(id -> id == m.replaceId()),
                        fixture + ": every word is in the vocabulary " + java.util.Arrays.toString(t.ids()));
            }
        }
    }
}

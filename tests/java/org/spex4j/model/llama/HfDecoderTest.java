package org.spex4j.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.testing.Float32;

/**
 * Llama-family decoders from config.json (Qwen2's attention biases, tied embeddings, rope_theta; Llama 3's
 * rope_scaling and a head_dim other than hidden/heads; grouped-query attention) against the PyTorch reference of
 * tools/fixtures/make_hf_fixtures.py.
 */
class HfDecoderTest {
    static final Path HF = Path.of("tests/fixtures/hf");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-decoder", "llama3-decoder"})
    void logitsMatchThePyTorchReference(String fixture) throws IOException {
        JsonNode ref = new ObjectMapper().readTree(HF.resolve(fixture).resolve("reference.json").toFile());
        long k = ref.get("reduction_length").asLong();
        try (LlamaModel m = LlamaModel.fromSafetensors(HF.resolve(fixture), TorchDevice.CPU)) {
            for (JsonNode in : ref.get("inputs")) {
                long[] ids = new long[in.get("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = in.get("ids").get(i).asLong();
                }
                float[] want = new float[ids.length * in.get("logits").get(0).size()];
                int at = 0;
                for (JsonNode row : in.get("logits")) {
                    for (JsonNode v : row) {
                        want[at++] = (float) v.asDouble();
                    }
                }
                float[] got = m.logits(ids, 1, ids.length, null);
                Float32.assertClose(want, got, k, fixture + " logits of " + ids.length + " tokens");
            }
        }
    }

    @Test
    void theFixturesExerciseTheVariants() throws IOException {
        try (LlamaModel q = LlamaModel.fromSafetensors(HF.resolve("qwen2-decoder"), TorchDevice.CPU);
             LlamaModel l = LlamaModel.fromSafetensors(HF.resolve("llama3-decoder"), TorchDevice.CPU)) {
            assertTrue(q.config().attentionBias() && q.config().sharedClassifier());
            assertTrue(q.config().kvHeads() < q.config().heads());
            assertEquals(1_000_000.0, q.config().ropeTheta());
            assertTrue(l.config().ropeScaling() != null);
            assertTrue(l.config().headSize() * l.config().heads() != l.config().dim(), "head_dim != hidden / heads");
            // the lowest frequency (wavelength far beyond the original 16 positions) is divided by the factor 8
            LlamaConfig c = l.config();
            int half = c.headSize() / 2;
            double unscaled = Math.pow(c.ropeTheta(), -2.0 * (half - 1) / c.headSize());
            assertEquals(unscaled / 8, c.ropeInvFreq(half - 1), 1e-15 * unscaled);
        }
    }

    private Path copy(String fixture) throws IOException {
        Path dir = tmp.resolve(fixture);
        Files.createDirectories(dir);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(HF.resolve(fixture).resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static void edit(Path dir, java.util.function.Consumer<ObjectNode> e) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode c = (ObjectNode) om.readTree(dir.resolve("config.json").toFile());
        e.accept(c);
        Files.writeString(dir.resolve("config.json"), om.writeValueAsString(c));
    }

    private static String error(Path dir) {
        return assertThrows(IllegalArgumentException.class,
                () -> LlamaModel.fromSafetensors(dir, TorchDevice.CPU).close()).getMessage();
    }

    @Test
    void configsThatDisagreeWithTheWeightsAreRefused() throws IOException {
        Path dir = copy("qwen2-decoder");
        edit(dir, c -> c.put("num_hidden_layers", 1));
        String msg = error(dir);
        assertTrue(msg.contains("num_hidden_layers is 1") && msg.contains("2 layers"), msg);

        edit(dir, c -> {
            c.put("num_hidden_layers", 2);
            c.put("model_type", "llama");                 // biases in the file, none announced
        });
        msg = error(dir);
        assertTrue(msg.contains("q_proj.bias"), msg);

        Path l3 = copy("llama3-decoder");
        edit(l3, c -> c.remove("head_dim"));              // 48 / 4 = 12, the file's heads are 16 wide
        msg = error(l3);
        assertTrue(msg.contains("q_proj.weight") && msg.contains(Arrays.toString(new long[] {64, 48}))
                && msg.contains(Arrays.toString(new long[] {48, 48})), msg);

        edit(l3, c -> {
            c.put("head_dim", 16);
            ((ObjectNode) c.get("rope_scaling")).put("rope_type", "yarn");
        });
        msg = error(l3);
        assertTrue(msg.contains("yarn") && msg.contains("llama3"), msg);
    }
}

package org.spex4j.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.spex4j.model.runtime.JsonFiles;
import org.spex4j.model.runtime.Safetensors;

/**
 * A Hugging Face Llama-family directory: what its config.json says (checked, with every unsupported variant refused
 * by name) and its safetensors weights (one file or shards, F32/F16/BF16), checked against the config. Loading only;
 * {@link LlamaModel} runs the network.
 */
final class HfLlamaDirectory {
    private HfLlamaDirectory() {
    }

    /** The config of {@code dir}. */
    static Config readConfig(Path dir) {
        return Config.read(dir);
    }

    /** config.json of a Hugging Face Llama, as this runtime needs it. */
    static final class Config {
        final LlamaConfig config;
        final int bos;
        final int eos;

        private Config(LlamaConfig config, int bos, int eos) {
            this.config = config;
            this.bos = bos;
            this.eos = eos;
        }

        static Config read(Path dir) {
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("model directory not found: " + dir);
            }
            Path file = dir.resolve("config.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no config.json in " + dir);
            }
            JsonNode j = JsonFiles.read(file);
            if (j == null || !j.isObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            String act = j.path("hidden_act").asText("silu");
            if (!act.equals("silu")) {
                throw new IllegalArgumentException(file + ": hidden_act '" + act + "' is not supported (only silu)");
            }
            if (j.path("mlp_bias").asBoolean(false)) {
                throw new IllegalArgumentException(file + ": mlp_bias is not supported");
            }
            if (j.path("use_sliding_window").asBoolean(false)) {
                throw new IllegalArgumentException(file + ": use_sliding_window is not supported");
            }
            // Qwen2 always has q/k/v biases; Llama has them when attention_bias says so
            boolean bias = j.path("model_type").asText("").equals("qwen2") || j.path("attention_bias").asBoolean(false);
            LlamaConfig.Llama3Scaling scaling = ropeScaling(j.get("rope_scaling"), file);
            int dim = intField(j, "hidden_size", file, null);
            int heads = intField(j, "num_attention_heads", file, null);
            int kvHeads = intField(j, "num_key_value_heads", file, heads);
            int headDim = intField(j, "head_dim", file, heads > 0 ? dim / heads : 0);
            LlamaConfig config;
            try {
                config = new LlamaConfig(dim, intField(j, "intermediate_size", file, null),
                        intField(j, "num_hidden_layers", file, null), heads, kvHeads,
                        intField(j, "vocab_size", file, null),
                        intField(j, "max_position_embeddings", file, 2048),
                        j.path("tie_word_embeddings").asBoolean(false),
                        j.path("rms_norm_eps").asDouble(1e-6), j.path("rope_theta").asDouble(10000.0),
                        LlamaConfig.RopeStyle.HALF, headDim, bias, scaling);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            return new Config(config, firstInt(j.get("bos_token_id"), 1), firstInt(j.get("eos_token_id"), 2));
        }

        /** rope_scaling: none, "default", or "llama3"; any other type is refused naming the supported ones. */
        private static LlamaConfig.Llama3Scaling ropeScaling(JsonNode n, Path file) {
            if (n == null || n.isNull()) {
                return null;
            }
            String type = n.path("rope_type").asText(n.path("type").asText("default"));
            if (type.equals("default")) {
                return null;
            }
            if (!type.equals("llama3")) {
                throw new IllegalArgumentException(file + ": rope_scaling type '" + type + "' is not supported "
                        + "(default and llama3 are)");
            }
            for (String k : new String[] {"factor", "low_freq_factor", "high_freq_factor",
                "original_max_position_embeddings"}) {
                if (!n.path(k).isNumber()) {
                    throw new IllegalArgumentException(file + ": rope_scaling (llama3) lacks the number '" + k + "'");
                }
            }
            try {
                return new LlamaConfig.Llama3Scaling(n.get("factor").asDouble(), n.get("low_freq_factor").asDouble(),
                        n.get("high_freq_factor").asDouble(), n.get("original_max_position_embeddings").asDouble());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }

        private static int intField(JsonNode j, String name, Path file, Integer dflt) {
            JsonNode n = j.get(name);
            if (n == null || n.isNull()) {
                if (dflt == null) {
                    throw new IllegalArgumentException(file + " lacks '" + name + "'");
                }
                return dflt;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {  // 64.5 would be read as 64
                throw new IllegalArgumentException(file + ": '" + name + "' is not an int: " + n);
            }
            return n.asInt();
        }

        private static int firstInt(JsonNode n, int dflt) {
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (n.isArray()) {
                return n.size() == 0 ? dflt : n.get(0).asInt(dflt);
            }
            return n.asInt(dflt);
        }
    }

    /** The weights of {@code dir} as {@code c} describes them, each checked against it. */
    static LlamaWeights loadWeights(Path dir, LlamaConfig c) {
        Map<String, Path> where = new HashMap<>();
        List<Safetensors> files = new ArrayList<>();
        try {
            Path single = dir.resolve("model.safetensors");
            Path index = dir.resolve("model.safetensors.index.json");
            Map<Path, Safetensors> open = new LinkedHashMap<>();
            if (Files.isRegularFile(single)) {
                Safetensors f = Safetensors.open(single);
                files.add(f);
                open.put(single, f);
            } else if (Files.isRegularFile(index)) {
                JsonNode map = JsonFiles.read(index).path("weight_map");
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Path shard = dir.resolve(e.getValue().asText());
                    where.put(e.getKey(), shard);
                    if (!open.containsKey(shard)) {
                        Safetensors f = Safetensors.open(shard);
                        files.add(f);
                        open.put(shard, f);
                    }
                }
            } else {
                throw new IllegalArgumentException("no model.safetensors or model.safetensors.index.json in " + dir);
            }
            java.util.function.BiFunction<String, long[], Tensor> get = (name, shape) -> {
                Safetensors f = where.containsKey(name) ? open.get(where.get(name)) : files.get(0);
                if (!f.has(name)) {
                    throw new IllegalArgumentException("tensor '" + name + "' is missing from " + f.file());
                }
                String dtype = f.entry(name).dtype();
                if (!Safetensors.isFloat(dtype)) {  // integers read as weights would run on garbage
                    throw new IllegalArgumentException("tensor '" + name + "' in " + f.file() + " has dtype " + dtype
                            + "; a weight must be F32, F16, BF16 or F64");
                }
                long[] actual = f.entry(name).shape();
                if (!Arrays.equals(actual, shape)) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + f.file() + " has shape "
                            + Arrays.toString(actual) + ", config.json implies " + Arrays.toString(shape));
                }
                return f.tensor(name);
            };
            long d = c.dim(), h = c.hiddenDim(), v = c.vocab(), kv = c.kvDim(), qd = c.qDim();
            Tensor embed = get.apply("model.embed_tokens.weight", new long[] {v, d});
            boolean hasHead = where.containsKey("lm_head.weight") || files.get(0).has("lm_head.weight");
            Tensor cls;
            if (c.sharedClassifier()) {
                cls = embed;
            } else if (hasHead) {
                cls = get.apply("lm_head.weight", new long[] {v, d});
            } else {
                throw new IllegalArgumentException("tie_word_embeddings is false but lm_head.weight is missing in "
                        + dir);
            }
            Tensor norm = get.apply("model.norm.weight", new long[] {d});
            // the layers the weights hold (by the highest layer index any tensor names) must be the config's
            java.util.Set<String> names = new java.util.HashSet<>(where.keySet());
            files.forEach(f -> names.addAll(f.names()));
            long found = 0;
            java.util.regex.Pattern layerName = java.util.regex.Pattern.compile("^model\\.layers\\.(\\d{1,9})\\.");
            for (String name : names) {
                java.util.regex.Matcher m = layerName.matcher(name);
                if (m.find()) {
                    found = Math.max(found, Long.parseLong(m.group(1)) + 1);
                } else if (name.startsWith("model.layers.")) {
                    throw new IllegalArgumentException("tensor '" + name + "' has no valid layer index (" + dir + ")");
                }
            }
            if (found != c.layers()) {
                throw new IllegalArgumentException("config.json and the weights disagree: num_hidden_layers is "
                        + c.layers() + ", the weights in " + dir + " have " + found + " layers");
            }
            LlamaWeights.Layer[] layers = new LlamaWeights.Layer[c.layers()];
            for (int l = 0; l < c.layers(); l++) {
                String p = "model.layers." + l + ".";
                layers[l] = new LlamaWeights.Layer(
                        get.apply(p + "input_layernorm.weight", new long[] {d}),
                        get.apply(p + "self_attn.q_proj.weight", new long[] {qd, d}),
                        get.apply(p + "self_attn.k_proj.weight", new long[] {kv, d}),
                        get.apply(p + "self_attn.v_proj.weight", new long[] {kv, d}),
                        get.apply(p + "self_attn.o_proj.weight", new long[] {d, qd}),
                        get.apply(p + "post_attention_layernorm.weight", new long[] {d}),
                        get.apply(p + "mlp.gate_proj.weight", new long[] {h, d}),
                        get.apply(p + "mlp.down_proj.weight", new long[] {d, h}),
                        get.apply(p + "mlp.up_proj.weight", new long[] {h, d}),
                        c.attentionBias() ? torch.cat(new TensorVector(
                                get.apply(p + "self_attn.q_proj.bias", new long[] {qd}),
                                get.apply(p + "self_attn.k_proj.bias", new long[] {kv}),
                                get.apply(p + "self_attn.v_proj.bias", new long[] {kv})), 0) : null);
                // a bias the config does not announce would be dropped silently: refuse it
                if (!c.attentionBias() && (where.containsKey(p + "self_attn.q_proj.bias")
                        || files.get(0).has(p + "self_attn.q_proj.bias"))) {
                    throw new IllegalArgumentException("config.json and the weights disagree: " + dir + " has "
                            + p + "self_attn.q_proj.bias, but config.json announces no attention bias "
                            + "(attention_bias false, model_type not qwen2)");
                }
            }
            return new LlamaWeights(c, embed, cls, norm, layers);
        } finally {
            for (Safetensors f : files) {
                f.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ accessors
}

package org.spex4j.model.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Hugging Face encoder directory's {@code config.json} says: the family, whether it is a sequence classifier,
 * the shape (BERT's keys, or DistilBERT's {@code dim}, {@code n_layers}, …), the class labels ({@code id2label},
 * else {@code num_labels} names LABEL_i) and the padding id.
 *
 * @param labels the class names in index order; empty for a bare encoder
 */
public record HfEncoderConfig(EncoderArchitecture arch, boolean classifier, BertConfig config, List<String> labels,
        int padTokenId) {

    /** Reads {@code config.json}; an unsupported architecture names the supported ones. */
    public static HfEncoderConfig read(Path configJson) {
        JsonNode j = json(configJson);
        String archName = j.path("architectures").path(0).asText("");
        EncoderArchitecture arch = archName.isEmpty() ? EncoderArchitecture.byModelType(j.path("model_type").asText(""))
                : EncoderArchitecture.byArchitecture(archName);
        if (arch == null) {
            throw new IllegalArgumentException(configJson + " names " + (archName.isEmpty() ? "model_type '"
                    + j.path("model_type").asText("") + "'" : "architecture " + archName)
                    + ", which is not a supported encoder; supported: "
                    + String.join(", ", EncoderArchitecture.supportedNames()));
        }
        boolean classifier = archName.equals(arch.classifierName());
        List<String> labels = classifier ? labels(j, configJson) : List.of();
        boolean distil = arch == EncoderArchitecture.DISTILBERT;
        String act = j.path(distil ? "activation" : "hidden_act").asText("gelu");
        boolean tanh = switch (act) {
            case "gelu" -> false;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> true;
            default -> throw new IllegalArgumentException(configJson + ": activation \"" + act
                    + "\" is not supported (gelu, gelu_new, gelu_pytorch_tanh are)");
        };
        int pad = j.path("pad_token_id").asInt(arch == EncoderArchitecture.ROBERTA
                || arch == EncoderArchitecture.XLM_ROBERTA ? 1 : 0);
        try {
            BertConfig c = distil
                    ? new BertConfig(need(j, "dim", configJson), need(j, "n_layers", configJson),
                            need(j, "n_heads", configJson), need(j, "hidden_dim", configJson),
                            need(j, "vocab_size", configJson), need(j, "max_position_embeddings", configJson), 1,
                            1e-12, tanh)
                    : new BertConfig(need(j, "hidden_size", configJson), need(j, "num_hidden_layers", configJson),
                            need(j, "num_attention_heads", configJson), need(j, "intermediate_size", configJson),
                            need(j, "vocab_size", configJson), need(j, "max_position_embeddings", configJson),
                            j.path("type_vocab_size").asInt(2), j.path("layer_norm_eps").asDouble(1e-12), tanh);
            int first = arch.firstPosition(pad);
            if (first >= c.maxPositions()) {
                throw new IllegalArgumentException("max_position_embeddings " + c.maxPositions()
                        + " leaves no position after the first, " + first);
            }
            return new HfEncoderConfig(arch, classifier, c, labels, pad);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
        }
    }

    /** The number of class logits the head gives (0 for a bare encoder). */
    public int numLabels() {
        return labels.size();
    }

    private static List<String> labels(JsonNode j, Path file) {
        JsonNode map = j.get("id2label");
        int n = j.has("num_labels") ? j.get("num_labels").asInt() : map != null && map.isObject() ? map.size() : 2;
        if (map != null && map.isObject() && map.size() > 0) {
            n = map.size();
        }
        if (n < 1 || n > 100_000) {
            throw new IllegalArgumentException(file + ": num_labels must be >= 1, got " + n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode name = map == null ? null : map.get(Integer.toString(i));
            if (map != null && map.size() > 0 && name == null) {
                throw new IllegalArgumentException(file + ": id2label has " + map.size() + " entries but no \"" + i
                        + "\"; its keys must be 0 .. " + (map.size() - 1));
            }
            out.add(name == null ? "LABEL_" + i : name.asText());
        }
        return List.copyOf(out);
    }

    private static int need(JsonNode j, String key, Path file) {
        JsonNode v = j.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException(file + " lacks the integer '" + key + "'");
        }
        return v.asInt();
    }

    static JsonNode json(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist or is not a regular file");
        }
        try {
            JsonNode j = new ObjectMapper().readTree(Files.readAllBytes(file));
            if (j == null || !j.isObject()) {
                throw new IllegalArgumentException("config " + file + " is not a JSON object");
            }
            return j;
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + file + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }
}

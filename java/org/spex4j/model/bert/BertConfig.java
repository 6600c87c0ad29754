package org.spex4j.model.bert;

import com.fasterxml.jackson.databind.JsonNode;
import org.spex4j.model.runtime.JsonFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The shape of a BERT-family encoder.
 *
 * @param hidden          width of the residual stream (384 for all-MiniLM-L6-v2)
 * @param layers          number of transformer blocks (6)
 * @param heads           attention heads per block (12); {@code hidden} must be a multiple of it
 * @param intermediate    width of the feed-forward layer (1536)
 * @param vocab           vocabulary size (30522)
 * @param maxPositions    number of learned positions, the longest sequence the model accepts (512)
 * @param typeVocab       number of token types (2); the encoder always uses type 0
 * @param layerNormEps    epsilon of every LayerNorm (1e-12)
 * @param tanhGelu        false for the exact erf GELU of BERT ({@code hidden_act = "gelu"}), true for the tanh
 *                        approximation ({@code "gelu_new"}, {@code "gelu_pytorch_tanh"})
 */
public record BertConfig(int hidden, int layers, int heads, int intermediate, int vocab, int maxPositions,
        int typeVocab, double layerNormEps, boolean tanhGelu) {

    public BertConfig {
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("intermediate", intermediate);
        positive("vocab", vocab);
        positive("maxPositions", maxPositions);
        positive("typeVocab", typeVocab);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hidden + " is not a multiple of the " + heads
                    + " attention heads");
        }
        if (!(layerNormEps > 0) || Double.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("layerNormEps must be a positive number, got " + layerNormEps);
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }

    /** all-MiniLM-L6-v2: hidden 384, 6 layers, 12 heads, FFN 1536, vocab 30522, 512 positions, eps 1e-12. */
    public static BertConfig miniLm() {
        return new BertConfig(384, 6, 12, 1536, 30522, 512, 2, 1e-12, false);
    }

    /** Width of one attention head. */
    public int headDim() {
        return hidden / heads;
    }

    /**
     * Infers the configuration from an ONNX export: hidden, vocab, positions, types, layers and the FFN width from
     * the weights' shapes; the head count from the attention-score scale ({@code 1/sqrt(head_dim)}) and the
     * LayerNorm epsilon from the constant added under the square root, where the graph shows them. Where it does
     * not, the head count falls back to {@code hidden / 64} (the BERT convention) and eps to 1e-12.
     */
    public static BertConfig infer(OnnxWeights w) {
        String src = "ONNX model " + w.file();
        long[] word = need(w, "embeddings.word_embeddings.weight", src);
        long[] pos = need(w, "embeddings.position_embeddings.weight", src);
        long[] type = need(w, "embeddings.token_type_embeddings.weight", src);
        if (word.length != 2 || pos.length != 2 || type.length != 2) {
            throw new IllegalArgumentException(src + ": the embedding tables must be 2-dimensional");
        }
        int hidden = (int) word[1];
        int layers = 0;
        while (w.has("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException(src + " has no encoder layers (no weight feeds the bias "
                    + "encoder.layer.0.attention.self.query.bias through a MatMul)");
        }
        long[] inter = need(w, "encoder.layer.0.intermediate.dense.weight", src);   // [in, out]
        int intermediate = (int) inter[inter.length - 1];
        Integer headDim = inferHeadDim(w);
        int heads = headDim != null && headDim > 0 && hidden % headDim == 0 ? hidden / headDim
                : Math.max(1, hidden / 64);
        Double eps = inferEps(w);
        return new BertConfig(hidden, layers, heads, intermediate, (int) word[0], (int) pos[0], (int) type[0],
                eps != null ? eps : 1e-12, hasTanhGelu(w));
    }

    private static long[] need(OnnxWeights w, String name, String src) {
        if (!w.has(name)) {
            throw new IllegalArgumentException(src + " is not a BERT encoder: it has no weight " + name);
        }
        return w.shape(name);
    }

    /** head_dim from the first Softmax's input: (scores / c) + mask with c = sqrt(head_dim), or scores * c. */
    private static Integer inferHeadDim(OnnxWeights w) {
        Map<String, OnnxWeights.Node> producer = new java.util.HashMap<>();
        for (OnnxWeights.Node n : w.nodes()) {
            for (String o : n.outputs()) {
                producer.put(o, n);
            }
        }
        for (OnnxWeights.Node n : w.nodes()) {
            if (!"Softmax".equals(n.opType()) || n.inputs().isEmpty()) {
                continue;
            }
            OnnxWeights.Node p = producer.get(n.inputs().get(0));
            for (int depth = 0; p != null && depth < 3; depth++) {
                if ("Div".equals(p.opType()) || "Mul".equals(p.opType())) {
                    float[] c = scalar(w, p.inputs());
                    if (c != null && c[0] > 0) {
                        double s = "Div".equals(p.opType()) ? c[0] * (double) c[0] : 1.0 / (c[0] * (double) c[0]);
                        long d = Math.round(s);
                        if (d > 0 && Math.abs(s - d) < 1e-3 * d) {
                            return (int) d;
                        }
                    }
                }
                if (!"Add".equals(p.opType())) {
                    break;
                }
                OnnxWeights.Node next = null;
                for (String i : p.inputs()) {          // the score branch is the one produced by a Div/Mul/MatMul
                    OnnxWeights.Node q = producer.get(i);
                    if (q != null && ("Div".equals(q.opType()) || "Mul".equals(q.opType())
                            || "MatMul".equals(q.opType()))) {
                        next = q;
                        break;
                    }
                }
                p = next;
            }
            break;
        }
        return null;
    }

    /** eps from the first LayerNorm decomposition: Sqrt(Add(ReduceMean(Pow(x - mean, 2)), eps)). */
    private static Double inferEps(OnnxWeights w) {
        Map<String, OnnxWeights.Node> producer = new java.util.HashMap<>();
        for (OnnxWeights.Node n : w.nodes()) {
            for (String o : n.outputs()) {
                producer.put(o, n);
            }
            if ("LayerNormalization".equals(n.opType())) {
                return null;   // fused op: epsilon is an attribute this reader does not keep
            }
        }
        for (OnnxWeights.Node n : w.nodes()) {
            if ("Sqrt".equals(n.opType()) && !n.inputs().isEmpty()) {
                OnnxWeights.Node add = producer.get(n.inputs().get(0));
                if (add != null && "Add".equals(add.opType())) {
                    float[] c = scalar(w, add.inputs());
                    if (c != null && c[0] > 0 && c[0] < 1e-3) {
                        return Double.parseDouble(Float.toString(c[0]));   // the decimal the exporter wrote (1e-12), not its float image
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static boolean hasTanhGelu(OnnxWeights w) {
        boolean erf = false, tanh = false;
        for (OnnxWeights.Node n : w.nodes()) {
            erf |= "Erf".equals(n.opType());
            tanh |= "Tanh".equals(n.opType()) && n.name().contains("/encoder/");
        }
        return tanh && !erf;
    }

    private static float[] scalar(OnnxWeights w, List<String> inputs) {
        for (String i : inputs) {
            float[] c = w.constantFloats(i);
            if (c != null && c.length == 1) {
                return c;
            }
        }
        return null;
    }

    /**
     * Reads a Hugging Face {@code config.json}. Fields it lacks are taken from {@code fallback} (shapes inferred
     * from the weights); {@code hidden_act} must be a GELU.
     */
    public static BertConfig fromJson(Path configJson, BertConfig fallback) {
        JsonNode j = JsonFiles.read(configJson);
        if (j == null || !j.isObject()) {
            throw new IllegalArgumentException("config " + configJson + " is not a JSON object");
        }
        String act = j.path("hidden_act").asText("gelu");
        boolean tanh;
        switch (act) {
            case "gelu" -> tanh = false;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> tanh = true;
            default -> throw new IllegalArgumentException("config " + configJson + ": hidden_act \"" + act
                    + "\" is not supported (gelu, gelu_new, gelu_pytorch_tanh are)");
        }
        int hidden = j.path("hidden_size").asInt(fallback.hidden());
        int heads = j.path("num_attention_heads").asInt(fallback.heads());
        try {
            return new BertConfig(hidden,
                    j.path("num_hidden_layers").asInt(fallback.layers()),
                    heads,
                    j.path("intermediate_size").asInt(fallback.intermediate()),
                    j.path("vocab_size").asInt(fallback.vocab()),
                    j.path("max_position_embeddings").asInt(fallback.maxPositions()),
                    j.path("type_vocab_size").asInt(fallback.typeVocab()),
                    j.path("layer_norm_eps").asDouble(fallback.layerNormEps()),
                    tanh);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + configJson + ": " + e.getMessage(), e);
        }
    }
}

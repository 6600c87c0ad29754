package org.spex4j.model.bert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.spex4j.model.runtime.Safetensors;
import org.spex4j.model.runtime.TorchDevice;

/**
 * A Hugging Face encoder directory ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}): the
 * files checked, the weights' name prefix found, the config read and checked against the weights, and the weights
 * served under {@link BertEncoder}'s names. Loading only; {@link BertEncoder} runs the network.
 */
final class HfEncoderDirectory {
    private final Path config;
    private final Path weights;
    private final Path tokenizer;

    private HfEncoderDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model directory " + dir + " does not exist or is not a directory");
        }
        this.config = dir.resolve("config.json");
        this.weights = dir.resolve("model.safetensors");
        this.tokenizer = dir.resolve("tokenizer.json");
        BertEncoder.requireFile(config, "config");
        BertEncoder.requireFile(weights, "weights");
        BertEncoder.requireFile(tokenizer, "tokenizer");
    }

    /**
     * A BERT checkpoint: names with or without the {@code bert.} prefix; config.json read leniently, the weights'
     * shapes filling what it leaves out.
     */
    static BertEncoder loadBert(Path dir, TorchDevice device) {
        HfEncoderDirectory d = new HfEncoderDirectory(dir);
        try (Safetensors st = Safetensors.open(d.weights)) {
            String word = "embeddings.word_embeddings.weight";
            String prefix = st.has("bert." + word) ? "bert." : st.has(word) ? "" : null;
            if (prefix == null) {
                throw new IllegalArgumentException("safetensors file " + d.weights + " is not a BERT checkpoint: it "
                        + "has no " + word + " (nor bert." + word + ")");
            }
            BertConfig cfg = BertConfig.fromJson(d.config, shapesOf(st, prefix));
            return new BertEncoder(cfg, BertEncoder.Layout.BERT, source(st, name -> prefix + name), d.tokenizer,
                    "safetensors model " + dir, device);
        }
    }

    /**
     * Any {@link EncoderArchitecture} that config.json names, with its sequence-classification head when it names
     * a {@code ...ForSequenceClassification}; a config that disagrees with the weights is refused, naming what
     * differs.
     */
    static BertEncoder loadArchitecture(Path dir, TorchDevice device) {
        HfEncoderDirectory d = new HfEncoderDirectory(dir);
        HfEncoderConfig hf = HfEncoderConfig.read(d.config);
        EncoderArchitecture arch = hf.arch();
        try (Safetensors st = Safetensors.open(d.weights)) {
            String word = arch.weightName("embeddings.word_embeddings.weight");
            String prefix = st.has(arch.prefix() + word) ? arch.prefix() : st.has(word) ? "" : null;
            if (prefix == null) {
                throw new IllegalArgumentException("safetensors file " + d.weights + " is not a " + arch.bareName()
                        + " checkpoint: it has no " + arch.prefix() + word + " (nor " + word + ")");
            }
            int layers = 0;
            while (st.has(prefix + arch.weightName("encoder.layer." + layers + ".attention.self.query.weight"))) {
                layers++;
            }
            if (layers != hf.config().layers()) {
                throw new IllegalArgumentException("config.json and the weights disagree: " + d.config + " gives "
                        + hf.config().layers() + " layers, " + d.weights + " has " + layers);
            }
            BertEncoder.Layout layout = new BertEncoder.Layout(arch.firstPosition(hf.padTokenId()), arch.tokenTypes(),
                    hf.labels(), arch.reluHead());
            UnaryOperator<String> file = name -> name.startsWith("head.dense.")
                    ? arch.headDense() + name.substring(10)
                    : name.startsWith("head.out.") ? arch.headOut() + name.substring(8)
                    : prefix + arch.weightName(name);
            return new BertEncoder(hf.config(), layout, source(st, file), d.tokenizer,
                    arch.name().toLowerCase(java.util.Locale.ROOT) + " model " + dir + " ("
                            + d.weights.getFileName() + ")", device);
        }
    }

    /**
     * The weights of {@code st} by BertEncoder's names, found under {@code file(name)}; dense weights turned from
     * {@code nn.Linear}'s [out, in] into [in, out].
     */
    private static BertEncoder.WeightSource source(Safetensors st, UnaryOperator<String> file) {
        return name -> {
            String f = file.apply(name);
            if (!st.has(f)) {
                return null;
            }
            Tensor t = st.tensor(f);
            return BertEncoder.isDenseWeight(name) && t.ndimension() == 2 ? t.t().contiguous() : t;
        };
    }

    /** A configuration from a checkpoint's shapes alone (heads: hidden / 64), the fallback for config.json. */
    private static BertConfig shapesOf(Safetensors st, String prefix) {
        long[] word = st.entry(prefix + "embeddings.word_embeddings.weight").shape();
        String posName = prefix + "embeddings.position_embeddings.weight";
        String typeName = prefix + "embeddings.token_type_embeddings.weight";
        String interName = prefix + "encoder.layer.0.intermediate.dense.weight";
        int layers = 0;
        while (st.has(prefix + "encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        int hidden = word.length == 2 ? (int) word[1] : 1;
        return new BertConfig(hidden, Math.max(1, layers), Math.max(1, hidden / 64),
                st.has(interName) ? (int) st.entry(interName).shape()[0] : 4 * hidden,
                word.length == 2 ? (int) word[0] : 1,
                st.has(posName) ? (int) st.entry(posName).shape()[0] : 512,
                st.has(typeName) ? (int) st.entry(typeName).shape()[0] : 2, 1e-12, false);
    }
}

package org.spex4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.global.torch;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.runtime.JsonFiles;
import org.spex4j.model.runtime.TorchDevice;

/** The model registry: built-in names, and user models by path. */
public final class Models {
    private Models() {}

    /** A built-in model as {@code spex models} lists it. */
    public record Entry(String name, String kind, List<Task> tasks, String source) {}

    public static List<Entry> builtIn() {
        return List.of(
                new Entry("minilm", "encoder", List.of(Task.SENTIMENT, Task.SIMILARITY),
                        "all-MiniLM-L6-v2 (6-layer BERT, 384 wide), from the langchain4j Maven artifact"),
                new Entry("stories260k", "decoder", List.of(Task.LOGPROB),
                        "stories260K (5-layer Llama, 64 wide) trained on TinyStories, bundled (MIT)"));
    }

    /** Sets LibTorch's intra-op threads for every model. */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        torch.set_num_threads(threads);
    }

    /**
     * Loads a built-in model by name, or a user model from a path: a directory with config.json (model_type bert
     * or llama), model.safetensors and tokenizer.json, or a llama2.c checkpoint file with its tokenizer beside it
     * (FILE.tok.bin, tokenizer.bin or tok512.bin), or a TorchScript module FILE.pt / FILE.ts (see
     * {@link TorchScriptTextModel} for its input/output convention). The weights go to the device {@code choice}
     * names ({@link TorchDevice#resolve}): AUTO is a GPU where LibTorch sees one, else the CPU; CUDA without one is
     * an IllegalArgumentException saying why.
     */
    public static TextModel load(String nameOrPath, Kernels.Device choice) {
        TorchDevice device = TorchDevice.resolve(choice);
        String key = nameOrPath.toLowerCase(Locale.ROOT);
        if (key.equals("minilm")) {
            return new EncoderTextModel("minilm", BertEncoder.miniLm(device));
        }
        if (key.equals("stories260k")) {
            return new DecoderTextModel("stories260k", LlamaModel.stories260k(device));
        }
        Path path = Path.of(nameOrPath);
        if (!Files.exists(path)) {
            boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator)
                    || nameOrPath.matches(".*\\.(pt|ts|bin)$");
            throw new IllegalArgumentException((looksLikePath ? "model path " + nameOrPath + " does not exist"
                    : "unknown model '" + nameOrPath + "'") + ": use minilm or stories260k, or a path to a model "
                    + "directory, a llama2.c checkpoint or a TorchScript .pt (see 'spex models')");
        }
        if (Files.isDirectory(path)) {
            String type = modelType(path.resolve("config.json"));
            if (!Files.isRegularFile(path.resolve("tokenizer.json"))) {  // a text model cannot read text without it
                throw new IllegalArgumentException("no tokenizer.json in " + path + ": a model directory needs its "
                        + "tokenizer");
            }
            if (type.equals("bert")) {
                return new EncoderTextModel(nameOrPath, BertEncoder.fromSafetensors(path, device));
            }
            if (type.equals("llama")) {
                return new DecoderTextModel(nameOrPath, LlamaModel.fromSafetensors(path, device));
            }
            throw new IllegalArgumentException(path + "/config.json has model_type '" + type
                    + "'; supported: bert, llama");
        }
        String file = path.getFileName().toString();
        if (file.endsWith(".pt") || file.endsWith(".ts")) {
            return TorchScriptTextModel.load(nameOrPath, path, device);
        }
        Path dir = path.toAbsolutePath().getParent();
        for (Path tok : List.of(dir.resolve(file.replaceAll("\\.bin$", "") + ".tok.bin"), dir.resolve("tokenizer.bin"),
                dir.resolve("tok512.bin"))) {
            if (Files.isRegularFile(tok)) {
                return new DecoderTextModel(nameOrPath, LlamaModel.fromLlama2c(path, tok, device));
            }
        }
        throw new IllegalArgumentException("no tokenizer beside the llama2.c checkpoint " + path
                + ": expected " + file.replaceAll("\\.bin$", "") + ".tok.bin, tokenizer.bin or tok512.bin");
    }

    /** True when {@code model} is a Llama-family decoder ({@link #llama} gives its LlamaModel). */
    public static boolean isDecoder(TextModel model) {
        return model.capability(LlamaModel.class).isPresent();
    }

    /**
     * The Llama decoder inside a model {@link #load} returned, for methods that generate from it or read or patch
     * its hidden states (TextGenSHAP, Patchscopes). The caller keeps closing {@code model}, not the decoder.
     *
     * @throws IllegalArgumentException when {@code model} is not a Llama-family decoder
     */
    public static LlamaModel llama(TextModel model) {
        return model.capability(LlamaModel.class).orElseThrow(() -> new IllegalArgumentException("model '" + model.name() + "' is not a decoder (a Llama model such as "
                + "stories260k or a Llama checkpoint is needed)"));
    }

    private static String modelType(Path config) {
        String type = JsonFiles.read(config).path("model_type").asText("");
        if (type.isEmpty()) {
            throw new IllegalArgumentException(config + " has no model_type");
        }
        return type.toLowerCase(Locale.ROOT);
    }
}

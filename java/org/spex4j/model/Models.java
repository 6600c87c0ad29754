package org.spex4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.global.torch;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.Llama2cCheckpoint;
import org.spex4j.model.llama.LlamaModel;
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
            if (!Files.isRegularFile(path.resolve("config.json"))) {
                throw new IllegalArgumentException(path + " is a directory without config.json, so not a model: "
                        + WHAT_A_MODEL_IS);
            }
            String type = modelType(path.resolve("config.json"));
            if (type.equals("bert")) {
                return new EncoderTextModel(nameOrPath, BertEncoder.fromSafetensors(path, device));
            }
            if (type.equals("llama")) {
                return new DecoderTextModel(nameOrPath, LlamaModel.fromSafetensors(path, device));
            }
            throw new IllegalArgumentException(path + "/config.json has model_type '" + type
                    + "'; supported: bert, llama");
        }
        // a file: told apart by its content, not its name
        String file = path.getFileName().toString();
        if (isZip(path)) {  // torch.jit.save writes a zip archive
            return TorchScriptTextModel.load(nameOrPath, path, device);
        }
        try {
            Llama2cCheckpoint.read(path);  // its header must match its size
        } catch (IllegalArgumentException notLlama2c) {
            throw new IllegalArgumentException(path + " is not a model (neither a TorchScript module, which is a zip"
                    + " archive, nor a llama2.c checkpoint, whose 28-byte header matches the file's size); "
                    + WHAT_A_MODEL_IS);
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

    /** What a model path must hold, for the messages that refuse one. */
    static final String WHAT_A_MODEL_IS = "a model path is a directory with config.json (model_type bert or llama),"
            + " model.safetensors and tokenizer.json; a TorchScript module (FILE.pt, as torch.jit.save writes it); or"
            + " a llama2.c checkpoint with its tokenizer beside it (see 'spex models')";

    private static boolean isZip(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
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
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(config));
            String type = root.path("model_type").asText("");
            if (type.isEmpty()) {
                throw new IllegalArgumentException(config + " has no model_type");
            }
            return type.toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage());
        }
    }
}

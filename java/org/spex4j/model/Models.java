package org.spex4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.Llama2cCheckpoint;
import org.spex4j.model.bert.EncoderArchitecture;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.onnx.OnnxClassifier;
import org.spex4j.model.runtime.JsonFiles;
import org.spex4j.model.runtime.NativeThreads;
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

    /** The Llama-family decoders a Hugging Face directory may hold: config.json's model_type and architecture. */
    static final List<String> DECODER_TYPES = List.of("llama", "qwen2", "mistral");
    static final List<String> DECODER_ARCHITECTURES = List.of("LlamaForCausalLM", "Qwen2ForCausalLM",
            "MistralForCausalLM");

    /** The formats a user model may come in, as {@code spex models} lists them. */
    public record Format(String format, String command, String architectures, String tasks) {}

    public static List<Format> formats() {
        return List.of(
                new Format("Hugging Face encoder directory (config.json, model.safetensors F32/F16/BF16, "
                        + "tokenizer.json)", "--model DIR",
                        String.join(", ", EncoderArchitecture.supportedNames()),
                        "class (--class LABEL|INDEX) for classifiers, output for single-logit heads, "
                                + "sentiment/similarity for bare encoders"),
                new Format("Hugging Face decoder directory (config.json, model.safetensors, tokenizer.json)",
                        "--model DIR", String.join(", ", DECODER_ARCHITECTURES), "logprob"),
                new Format("ONNX text classifier (input_ids, attention_mask[, token_type_ids] -> logits), "
                        + "tokenizer.json beside it, optional FILE.json", "--model FILE.onnx", "any", "class, output"),
                new Format("TorchScript module (forward(input_ids, attention_mask)), tokenizer.json beside it",
                        "--model FILE.pt", "any", "output"),
                new Format("llama2.c checkpoint, FILE.tok.bin or tokenizer.bin beside it", "--model FILE.bin",
                        "Llama", "logprob"));
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
                    + "directory, an ONNX file, a llama2.c checkpoint or a TorchScript .pt (see 'spex models')");
        }
        if (Files.isDirectory(path)) {
            return loadDirectory(nameOrPath, path, device);
        }
        // a file: told apart by its content, not its name
        String file = path.getFileName().toString();
        if (file.endsWith(".onnx")) {
            if (choice == Kernels.Device.CUDA) {
                throw new IllegalArgumentException("ONNX models run on the CPU (ONNX Runtime's CPU build); drop "
                        + "--device cuda");
            }
            return new ClassifierTextModel(nameOrPath, new OnnxClassifierEngine(OnnxClassifier.open(path,
                    NativeThreads.torchThreads())));
        }
        if (isZip(path)) {  // torch.jit.save writes a zip archive
            return TorchScriptTextModel.load(nameOrPath, path, device);
        }
        try {
            Llama2cCheckpoint.read(path);  // its header must match its size
        } catch (IllegalArgumentException notLlama2c) {
            throw new IllegalArgumentException(path + " is not a model (not named .onnx, not a zip archive as"
                    + " TorchScript writes, no llama2.c header that matches its size); " + WHAT_A_MODEL_IS);
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
    static final String WHAT_A_MODEL_IS = "a model path is a Hugging Face directory (config.json, model.safetensors"
            + " and tokenizer.json); an ONNX classifier (FILE.onnx, tokenizer.json beside it); a TorchScript module"
            + " (FILE.pt, as torch.jit.save writes it); or a llama2.c checkpoint with its tokenizer beside it (see"
            + " 'spex models')";

    private static boolean isZip(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The Llama decoder inside a model {@link #load} returned, for methods that generate from it or read or patch
     * its hidden states (TextGenSHAP, Patchscopes). The caller keeps closing {@code model}, not the decoder.
     *
     * @throws IllegalArgumentException when {@code model} is not a Llama-family decoder
     */
    public static LlamaModel llama(TextModel model) {
        return model.capability(LlamaModel.class).orElseThrow(() -> new IllegalArgumentException("model '"
                + model.name() + "' is not a decoder (a Llama model such as stories260k or a Llama checkpoint is "
                + "needed)"));
    }

    /**
     * A Hugging Face directory by config.json: an encoder family (a sequence classifier, or a bare encoder explained
     * by embedding similarity) or a Llama-family decoder; anything else names what is supported.
     */
    private static TextModel loadDirectory(String name, Path dir, TorchDevice device) {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(dir + " is a directory without config.json, so not a model: "
                    + WHAT_A_MODEL_IS);
        }
        JsonNode root = readJson(config);
        String type = root.path("model_type").asText("").toLowerCase(Locale.ROOT);
        String arch = root.path("architectures").path(0).asText("");
        if (arch.isEmpty() && type.isEmpty()) {
            throw new IllegalArgumentException(config + " has neither architectures nor model_type");
        }
        if (DECODER_ARCHITECTURES.contains(arch) || (arch.isEmpty() && DECODER_TYPES.contains(type))) {
            if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {  // the decoder loads without it; text cannot
                throw new IllegalArgumentException("no tokenizer.json in " + dir + ": a model directory needs its "
                        + "tokenizer");
            }
            return new DecoderTextModel(name, LlamaModel.fromSafetensors(dir, device));
        }
        boolean encoder = arch.isEmpty() ? EncoderArchitecture.byModelType(type) != null
                : EncoderArchitecture.byArchitecture(arch) != null;
        if (!encoder) {
            throw new IllegalArgumentException(config + " names " + (arch.isEmpty() ? "model_type '" + type + "'"
                    : "architecture " + arch) + ", which is not supported; supported: "
                    + String.join(", ", EncoderArchitecture.supportedNames()) + ", "
                    + String.join(", ", DECODER_ARCHITECTURES));
        }
        BertEncoder enc = BertEncoder.fromHfDirectory(dir, device);
        if (enc.labels().isEmpty()) {
            return new EncoderTextModel(name, enc);
        }
        return new ClassifierTextModel(name, new TorchClassifierEngine(enc));
    }

    private static JsonNode readJson(Path config) {
        JsonNode root = JsonFiles.read(config);  // strict, one-line messages
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(config + " is not a JSON object");
        }
        return root;
    }
}

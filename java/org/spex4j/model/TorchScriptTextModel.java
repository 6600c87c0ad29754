package org.spex4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.runtime.HfTokenizerFile;
import org.spex4j.model.runtime.JsonFiles;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A user's TorchScript module as a {@link TextModel}. The convention:
 * <ul>
 * <li>{@code MODEL.pt} (or {@code .ts}): {@code forward(input_ids, attention_mask)} on int64 tensors [B, S]
 * (right-padded, mask 1 on real tokens) returning a float tensor [B] or [B, C], or a tuple/list whose first element
 * is one (as traced Hugging Face classifiers return {@code (logits,)}). With {@code "inputs": 1} in the
 * configuration, forward takes {@code input_ids} alone.</li>
 * <li>{@code MODEL.tokenizer.json} or {@code tokenizer.json} beside it: the Hugging Face tokenizer, applied with its
 * own special tokens.</li>
 * <li>{@code MODEL.json} beside it (optional): {@code max_tokens} (512), {@code mask_token} (the token a masked
 * feature becomes: "[UNK]", else "&lt;unk&gt;"), {@code pad_token} ("[PAD]", else "&lt;pad&gt;", else id 0),
 * {@code inputs} (2) and {@code class} (the explained class; default: the class predicted on the unmasked
 * input).</li>
 * </ul>
 * The task {@link Task#OUTPUT} is the output itself for [B] and [B, 1], and for [B, C ≥ 2] the log-odds of the
 * explained class c: z_c − log Σ_{j≠c} e^{z_j}. One loaded module serves several threads (each pass runs in its own
 * PointerScope and InferenceMode). On a CUDA {@link TorchDevice} the module's parameters and the inputs move to the
 * GPU; a module whose code creates CPU tensors of its own then fails with LibTorch's device-mismatch error.
 */
final class TorchScriptTextModel implements TextModel {
    private final String name;
    private final JitModule module;
    private final HfTokenizerFile tokenizer;
    private final int maxTokens;
    private final long maskId;
    private final long padId;
    private final int inputs;
    private final Integer explainedClass;
    private final TorchDevice device;

    private TorchScriptTextModel(String name, JitModule module, HfTokenizerFile tokenizer, int maxTokens, long maskId,
            long padId, int inputs, Integer explainedClass, TorchDevice device) {
        this.name = name;
        this.device = device;
        this.module = module;
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.maskId = maskId;
        this.padId = padId;
        this.inputs = inputs;
        this.explainedClass = explainedClass;
    }

    /**
     * Loads {@code file} with its tokenizer and optional configuration (see the class comment), its parameters on
     * {@code device}.
     */
    static TorchScriptTextModel load(String name, Path file, TorchDevice device) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript file " + file + " does not exist or is not a file");
        }
        Path dir = file.toAbsolutePath().getParent();
        String stem = file.getFileName().toString().replaceAll("\\.(pt|ts)$", "");
        Path tokPath = Files.isRegularFile(dir.resolve(stem + ".tokenizer.json")) ? dir.resolve(stem
                + ".tokenizer.json") : dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokPath)) {
            throw new IllegalArgumentException("no tokenizer beside the TorchScript module " + file + ": expected "
                    + stem + ".tokenizer.json or tokenizer.json in " + dir);
        }
        JsonNode cfg = JsonFiles.readOptionalObject(dir.resolve(stem + ".json"));
        int maxTokens = cfg.path("max_tokens").asInt(512);
        int inputs = cfg.path("inputs").asInt(2);
        if (maxTokens < 2 || (inputs != 1 && inputs != 2)) {
            throw new IllegalArgumentException(dir.resolve(stem + ".json") + ": max_tokens must be >= 2 and inputs 1 "
                    + "or 2, got " + maxTokens + " and " + inputs);
        }
        HfTokenizerFile tok = HfTokenizerFile.open(tokPath);
        try {
            long mask = cfg.has("mask_token") ? tok.requireId(cfg.get("mask_token").asText(), "mask")
                    : tok.firstId("mask", "[UNK]", "<unk>");
            long pad = cfg.has("pad_token") ? tok.requireId(cfg.get("pad_token").asText(), "padding")
                    : Math.max(0, tok.id("[PAD]") >= 0 ? tok.id("[PAD]") : tok.id("<pad>"));
            Integer cls = cfg.has("class") ? cfg.get("class").asInt() : null;
            JitModule module;
            // map_location: a module saved on a GPU loads onto the chosen device (the CPU included)
            try (BytePointer where = new BytePointer(file.toAbsolutePath().toString());
                 Device target = device.device(); DeviceOptional at = new DeviceOptional(target)) {
                module = torch.load(where, at, false);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("TorchScript file " + file + " cannot be loaded: "
                        + firstLine(e.getMessage()), e);
            }
            module.eval();
            return new TorchScriptTextModel(name, module, tok, maxTokens, mask, pad, inputs, cls, device);
        } catch (RuntimeException e) {
            tok.close();
            throw e;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Task> tasks() {
        return List.of(Task.OUTPUT);
    }

    @Override
    public Tokenized tokenize(String text) {
        return tokenizer.encode(text).spans();
    }

    @Override
    public long replaceId() {
        return maskId;
    }

    @Override
    public long padId() {
        return padId;
    }

    @Override
    public TorchDevice device() {
        return device;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options) {
        return valueFunction(task, input, input, options);
    }

    /** The explained class is the unmasked reference's; the masked forms of {@code evaluated} are scored. */
    @Override
    public ValueFunction valueFunction(Task task, MaskedInput reference, MaskedInput evaluated,
            ValueOptions options) {
        if (task != Task.OUTPUT) {
            throw new IllegalArgumentException("model " + name + " has no task " + task.label() + "; it supports "
                    + tasks());
        }
        double[] full = unmaskedOutputs(reference);
        int classes = full.length;
        int c = explainedClass != null ? explainedClass : ClassLogOdds.predicted(full);
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("\"class\": " + c + " is outside the module's " + classes
                    + " outputs");
        }
        return ValueFunction.described(masks -> {
            double[] z = outputs(evaluated, masks, options, classes);
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = classes == 1 ? z[r] : ClassLogOdds.of(z, r * classes, classes, c);
            }
            return out;
        }, classes == 1 ? "the module's output" : "log-odds of output class " + c + " against the others");
    }

    /** The module's outputs on the masked inputs, [rows × classes] row-major. */
    private double[] outputs(MaskedInput input, MaskBatch masks, ValueOptions options, int classes) {
        return MaskedForward.evaluate(device, input, masks, options, maxTokens, classes,
                (ids, attention, positions, lengths) -> forward(ids, attention));
    }

    /** The module's outputs on the unmasked input: one row, so its length is the output width. */
    private double[] unmaskedOutputs(MaskedInput input) {
        double[][] row = new double[1][];
        MaskedForward.evaluate(device, input, MaskBatch.allKept(input.n()),
                new ValueOptions(1, Long.MAX_VALUE, false, 1).withThreads(1), maxTokens, 1,
                (ids, attention, positions, lengths) -> {
                    row[0] = forward(ids, attention);
                    return new double[1];  // the width is not known before this pass
                });
        return row[0];
    }

    private double[] forward(Tensor ids, Tensor attention) {
        try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
            IValueVector args = inputs == 2 ? new IValueVector(new IValue(ids), new IValue(attention))
                    : new IValueVector(new IValue(ids));
            IValue out;
            try {
                out = module.forward(args);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the TorchScript module's forward failed on int64 inputs of shape "
                        + java.util.Arrays.toString(ids.shape()) + ": " + firstLine(e.getMessage()), e);
            }
            Tensor y = firstTensor(out);
            long rows = ids.size(0);
            if (y.dim() == 0 || y.dim() > 2 || y.size(0) != rows) {
                throw new IllegalArgumentException("the TorchScript module returned shape "
                        + java.util.Arrays.toString(y.shape()) + " for " + rows + " rows; expected [B] or [B, C]");
            }
            return Tensors.toDoubles(y);
        }
    }

    private static Tensor firstTensor(IValue out) {
        if (out.isTensor()) {
            return out.toTensor();
        }
        if (out.isTuple() && out.toTuple().elements().size() > 0) {
            return firstTensor(out.toTuple().elements().get(0));
        }
        if (out.isList() && out.toList().size() > 0) {
            return firstTensor(out.toList().get(0));
        }
        throw new IllegalArgumentException("the TorchScript module returned " + out.tagKind().getString()
                + "; expected a tensor, or a tuple/list whose first element is one");
    }

    @Override
    public void close() {
        tokenizer.close();
        module.close();
    }
}

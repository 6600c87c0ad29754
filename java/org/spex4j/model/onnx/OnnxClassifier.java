package org.spex4j.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spex4j.model.runtime.HfTokenizerFile;
import org.spex4j.model.runtime.JsonFiles;
import org.spex4j.text.Tokenized;

/**
 * A text classifier exported to ONNX, run by ONNX Runtime on the CPU.
 * <ul>
 * <li>{@code FILE.onnx}: inputs {@code input_ids} and {@code attention_mask} (int64 [batch, sequence]) and
 * optionally {@code token_type_ids} (fed zeros); output {@code logits} (float [batch, classes]), or its only
 * output.</li>
 * <li>{@code FILE.tokenizer.json}, else {@code tokenizer.json} beside it.</li>
 * <li>{@code FILE.json} (optional): {@code id2label} ({"0": "negative", ...}; default LABEL_i), {@code max_tokens}
 * (512), {@code mask_token} (default [UNK], else &lt;unk&gt;), {@code pad_token} ([PAD], else &lt;pad&gt;), and
 * {@code inputs} / {@code output} to rename the tensors ({"input_ids": "ids", ...}, "scores").</li>
 * </ul>
 * Any other signature is refused with the file's inputs and outputs named. The session is set for throughput (all
 * graph optimisations, sequential execution, intra-op threads = the cores). One instance serves several threads.
 */
public final class OnnxClassifier implements AutoCloseable {
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HfTokenizerFile tokenizer;
    private final String idsName, maskName, typesName, outputName;
    private final List<String> labels;
    private final int maxTokens;
    private final long replaceId, padId;

    private OnnxClassifier(Path file, OrtEnvironment env, OrtSession session, HfTokenizerFile tokenizer,
            String[] names, List<String> labels, int maxTokens, long replaceId, long padId) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.idsName = names[0];
        this.maskName = names[1];
        this.typesName = names[2];
        this.outputName = names[3];
        this.labels = labels;
        this.maxTokens = maxTokens;
        this.replaceId = replaceId;
        this.padId = padId;
    }

    /** Opens {@code onnx} with its tokenizer and optional settings (see the class comment). */
    public static OnnxClassifier open(Path onnx, int threads) {
        if (onnx == null || !Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("ONNX file " + onnx + " does not exist or is not a regular file");
        }
        Path dir = onnx.toAbsolutePath().getParent();
        String stem = onnx.getFileName().toString().replaceAll("\\.onnx$", "");
        Path tokPath = Files.isRegularFile(dir.resolve(stem + ".tokenizer.json"))
                ? dir.resolve(stem + ".tokenizer.json") : dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokPath)) {
            throw new IllegalArgumentException("no tokenizer beside the ONNX model " + onnx + ": expected " + stem
                    + ".tokenizer.json or tokenizer.json in " + dir);
        }
        Path settingsPath = dir.resolve(stem + ".json");
        JsonNode cfg = JsonFiles.readOptionalObject(settingsPath);
        int maxTokens = cfg.path("max_tokens").asInt(512);
        if (maxTokens < 2) {
            throw new IllegalArgumentException(settingsPath + ": max_tokens must be >= 2, got " + maxTokens);
        }
        HfTokenizerFile tok = HfTokenizerFile.open(tokPath);
        OrtSession session = null;
        try {
            long replace = cfg.has("mask_token") ? tok.requireId(cfg.get("mask_token").asText(), "mask")
                    : tok.firstId("mask", "[UNK]", "<unk>");
            long pad = cfg.has("pad_token") ? tok.requireId(cfg.get("pad_token").asText(), "padding")
                    : Math.max(0, tok.id("[PAD]") >= 0 ? tok.id("[PAD]") : tok.id("<pad>"));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            session = env.createSession(onnx.toAbsolutePath().toString(), options(threads));
            String[] names = signature(onnx, session, cfg.path("inputs"), cfg.path("output").asText(null));
            List<String> labels = labels(onnx, settingsPath, cfg, session, names[3]);
            OnnxClassifier c = new OnnxClassifier(onnx, env, session, tok, names, labels, maxTokens, replace, pad);
            session = null;
            return c;
        } catch (OrtException e) {
            tok.close();
            throw new IllegalArgumentException("ONNX file " + onnx + " cannot be loaded by ONNX Runtime: "
                    + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            tok.close();
            throw e;
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // closing a session that failed its checks
                }
            }
        }
    }

    /** Throughput settings: every graph optimisation, one operator at a time, each on {@code threads} cores. */
    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setIntraOpNumThreads(Math.max(1, threads));
        o.setMemoryPatternOptimization(true);
        return o;
    }

    /** {input_ids, attention_mask, token_type_ids or null, logits} as the file names them; else what it has. */
    private static String[] signature(Path onnx, OrtSession s, JsonNode rename, String output) throws OrtException {
        Map<String, NodeInfo> in = s.getInputInfo(), out = s.getOutputInfo();
        String ids = rename.path("input_ids").asText("input_ids");
        String mask = rename.path("attention_mask").asText("attention_mask");
        String types = rename.path("token_type_ids").asText("token_type_ids");
        String logits = output != null ? output : out.containsKey("logits") ? "logits"
                : out.size() == 1 ? out.keySet().iterator().next() : "logits";
        List<String> problems = new ArrayList<>();
        for (String name : in.keySet()) {
            if (!name.equals(ids) && !name.equals(mask) && !name.equals(types)) {
                problems.add("an input " + name + " this runtime cannot feed");
            }
        }
        for (String name : new String[] {ids, mask}) {
            if (!in.containsKey(name)) {
                problems.add("no input " + name);
            }
        }
        for (String name : new String[] {ids, mask, types}) {
            if (in.containsKey(name) && !isTensor(in.get(name), OnnxJavaType.INT64, 2)) {
                problems.add("input " + name + " is " + describe(in.get(name)) + ", not int64 [batch, sequence]");
            }
        }
        if (!out.containsKey(logits)) {
            problems.add("no output " + logits);
        } else if (!isTensor(out.get(logits), OnnxJavaType.FLOAT, 2)) {
            problems.add("output " + logits + " is " + describe(out.get(logits)) + ", not float [batch, classes]");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("ONNX file " + onnx + " is not a text classifier this runtime runs ("
                    + String.join("; ", problems) + "). It has inputs " + list(in) + " and outputs " + list(out)
                    + "; expected inputs input_ids, attention_mask (int64 [batch, sequence]), optionally "
                    + "token_type_ids, and an output logits (float [batch, classes]); other names can be given in "
                    + "its .json (\"inputs\": {\"input_ids\": ...}, \"output\": ...)");
        }
        return new String[] {ids, mask, in.containsKey(types) ? types : null, logits};
    }

    private static boolean isTensor(NodeInfo n, OnnxJavaType type, int rank) {
        return n.getInfo() instanceof TensorInfo t && t.type == type && t.getShape().length == rank;
    }

    private static String describe(NodeInfo n) {
        if (n.getInfo() instanceof TensorInfo t) {
            return t.type.name().toLowerCase(java.util.Locale.ROOT) + " " + java.util.Arrays.toString(t.getShape());
        }
        return n.getInfo().toString();
    }

    private static String list(Map<String, NodeInfo> m) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + " (" + describe(v) + ")"));
        return out.toString();
    }

    /** id2label from the settings, else LABEL_i for the output's static class count; a conflict is refused. */
    private static List<String> labels(Path onnx, Path settings, JsonNode cfg, OrtSession s, String output)
            throws OrtException {
        long classes = ((TensorInfo) s.getOutputInfo().get(output).getInfo()).getShape()[1];
        JsonNode map = cfg.path("id2label");
        List<String> labels = new ArrayList<>();
        if (map.isObject() && map.size() > 0) {
            for (int i = 0; i < map.size(); i++) {
                JsonNode v = map.get(Integer.toString(i));
                if (v == null) {
                    throw new IllegalArgumentException(settings + ": id2label has " + map.size() + " entries but no \""
                            + i + "\"; its keys must be 0 .. " + (map.size() - 1));
                }
                labels.add(v.asText());
            }
            if (classes > 0 && classes != labels.size()) {
                throw new IllegalArgumentException(settings + " names " + labels.size() + " labels, but " + onnx
                        + "'s output " + output + " has " + classes + " classes");
            }
        } else if (classes > 0) {
            for (int i = 0; i < classes; i++) {
                labels.add("LABEL_" + i);
            }
        } else {
            throw new IllegalArgumentException(onnx + ": the output " + output + " has no fixed class count; name "
                    + "the classes with \"id2label\" in " + settings);
        }
        return List.copyOf(labels);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    public Path file() {
        return file;
    }

    /** The class names, in logit order. */
    public List<String> labels() {
        return labels;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public long replaceId() {
        return replaceId;
    }

    public long padId() {
        return padId;
    }

    /** The tokenizer's ids and character spans, with its special tokens. */
    public Tokenized tokenize(String text) {
        return tokenizer.encode(text).spans();
    }

    /**
     * The logits of {@code rows × length} ids (row-major, right-padded) under their attention mask: rows × classes,
     * row-major. Checked in Java first: lengths, 0/1 mask values, length at most {@link #maxTokens()}.
     */
    public double[] logits(long[] ids, long[] mask, int rows, int length) {
        if (rows < 1 || length < 1 || ids.length != (long) rows * length || mask.length != ids.length) {
            throw new IllegalArgumentException("ids and mask must hold rows × length = " + rows + " × " + length
                    + " values, got " + ids.length + " and " + mask.length);
        }
        if (length > maxTokens) {
            throw new IllegalArgumentException("length " + length + " exceeds the model's limit of " + maxTokens
                    + " tokens");
        }
        for (long m : mask) {
            if (m != 0 && m != 1) {
                throw new IllegalArgumentException("the attention mask must hold 0 or 1, got " + m);
            }
        }
        long[] shape = {rows, length};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put(idsName, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            feed.put(maskName, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (typesName != null) {
                feed.put(typesName, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
            }
            try (OrtSession.Result r = session.run(feed, java.util.Set.of(outputName))) {
                float[][] z = (float[][]) r.get(0).getValue();
                int classes = labels.size();
                double[] out = new double[rows * classes];
                for (int i = 0; i < rows; i++) {
                    if (z[i].length != classes) {
                        throw new IllegalArgumentException("ONNX model " + file + " returned " + z[i].length
                                + " logits per row, its labels are " + classes);
                    }
                    for (int k = 0; k < classes; k++) {
                        out[i * classes + k] = z[i][k];
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime failed on " + file + " with int64 inputs [" + rows
                    + ", " + length + "]: " + firstLine(e.getMessage()), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing left to free
        }
    }

    @Override
    public String toString() {
        return "OnnxClassifier[" + file + ", labels " + labels + "]";
    }
}

package org.spex4j.fuzz;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.spex4j.api.Subject;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.bert.OnnxWeights;
import org.spex4j.model.llama.Llama2cCheckpoint;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.LlamaTokenizer;
import org.spex4j.model.runtime.HfTokenizerFile;
import org.spex4j.model.runtime.Safetensors;
import org.spex4j.spex.Budget;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.value.SparseFourierFunction;

/**
 * Every file parser on mutations of a valid seed file: safetensors (header and data), the llama2.c checkpoint (then a
 * forward pass on what loads) and its tokenizer, a Hugging Face tokenizer.json (parsed by the native tokenizers
 * library), a coefficient file of {@code spex recover} (then SPEX on what parses), and ONNX weights.
 */
final class FileTargets {
    private static final String[] JSON_SPLICES = {"-1", "0", "1e400", "-1e400", "2147483648", "99999999999999999999",
        "1.5", "64.5", "null", "true", "[]", "{}", "\"\"", "\"\\ud800\"", "[[[[[[[[", "\"F32\"", "\"I32\"", "\"BF16\"",
        "\"U8\"", ",", ":", "\"data_offsets\"", "\"shape\""};

    private FileTargets() {}

    static void register(Fuzz f) throws IOException {
        byte[] checkpoint = resource("models/stories260K/stories260K.bin");
        byte[] tok512 = resource("models/stories260K/tok512.bin");
        byte[] safetensors = safetensorsSeed();
        byte[] tokenizerJson = tokenizerJsonSeed();
        byte[] onnx = onnxSeed();
        byte[] coefficients = ("{\"n\": 12, \"coefficients\": [{\"features\": [1, 4], \"value\": 2.5},"
                + " {\"features\": [7], \"value\": -1.25}, {\"features\": [], \"value\": 0.5}]}")
                .getBytes(StandardCharsets.UTF_8);
        Method readCoefficients = readCoefficients();
        Path tokFile = f.work.resolve("tok512.bin");
        Files.write(tokFile, tok512);

        f.add("safetensors", (r, x) -> {
            Path p = x.mutated(r, safetensors, "model.safetensors", true);
            try (Safetensors s = Safetensors.open(p)) {
                for (String name : s.names()) {
                    long numel = s.tensor(name).numel();
                    KernelTargets.check(numel >= 0, "numel");
                }
            }
        });
        f.add("llama2cCheckpoint", (r, x) -> {
            byte[] m = r.nextInt(3) == 0 ? mutate(r, checkpoint, false) : headerMutation(r, checkpoint);
            x.filesMutated++;
            if (r.nextBoolean()) {
                Llama2cCheckpoint.read(m, "fuzz.bin");
                return;
            }
            Path p = x.work.resolve("fuzz.bin");
            Files.write(p, m);
            try (LlamaModel model = LlamaModel.fromLlama2c(p, tokFile)) {
                model.logits(new long[] {1, 2, 3}, 1, 3, null);
            }
        });
        f.add("llama2cTokenizer", (r, x) -> {
            byte[] m = mutate(r, tok512, false);
            x.filesMutated++;
            try (InputStream in = new java.io.ByteArrayInputStream(m)) {
                LlamaTokenizer t = LlamaTokenizer.read(in, "fuzz.tok", 512);
                int[] ids = t.encode("Once upon a time, Lily", true, false).ids();
                t.decode(ids);
            }
        });
        f.add("tokenizerJson", (r, x) -> {
            Path p = x.mutated(r, tokenizerJson, "tokenizer.json", true);
            try (HfTokenizerFile t = HfTokenizerFile.open(p, r.nextBoolean())) {
                t.decode(t.encode("the movie was greatly terrible!").ids());
            }
        });
        f.add("coefficients", (r, x) -> {
            Path p = x.mutated(r, coefficients, "coefficients.json", true);
            SparseCoefficients c;
            try {
                c = (SparseCoefficients) readCoefficients.invoke(null, p);
            } catch (InvocationTargetException e) {
                throw (Exception) e.getCause();
            }
            if (c.n() <= 64 && c.size() <= 16) {  // SPEX on what parses: small enough to stay fast
                new SpexExplainer(SpexConfig.builder().optMaxOrder(2).build())
                        .explain(Subject.of(new SparseFourierFunction(c, 0, 1), c.n()), Budget.queries(c.n(), 2, 3),
                                1);
            }
        });
        f.add("onnxWeights", (r, x) -> {
            Path p = x.mutated(r, onnx, "model.onnx", false);
            try (OnnxWeights w = OnnxWeights.read(p)) {
                for (String name : w.names()) {
                    w.tensor(name);
                }
                for (OnnxWeights.Node node : w.nodes()) {
                    for (String in : node.inputs()) {
                        w.constantFloats(in);
                        w.constantLongs(in);
                    }
                }
            }
        });
    }

    /** Bit flips, byte overwrites, inserted, deleted or duplicated runs, truncation; for text also spliced tokens. */
    static byte[] mutate(SplittableRandom r, byte[] seed, boolean text) {
        if (text && r.nextBoolean()) {
            return replaceValue(r, seed);
        }
        byte[] b = seed.clone();
        for (int round = 0, rounds = 1 + r.nextInt(4); round < rounds; round++) {
            if (b.length == 0) {
                return new byte[] {(byte) r.nextInt()};
            }
            int at = r.nextInt(b.length);
            switch (r.nextInt(text ? 8 : 7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 0x01, '"', '{', ']'}[r.nextInt(8)];
                case 2 -> b = splice(b, at, 0, randomBytes(r, 1 + r.nextInt(8)));
                case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(16)), new byte[0]);
                case 4 -> b = splice(b, at, 0, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + r.nextInt(32))));
                case 5 -> b = Arrays.copyOf(b, r.nextInt(b.length));
                case 6 -> {
                    int len = Math.min(8, b.length - at);
                    byte[] v = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(interesting(r)).array();
                    System.arraycopy(v, 0, b, at, len);
                }
                default -> b = splice(b, at, r.nextInt(3),
                        JSON_SPLICES[r.nextInt(JSON_SPLICES.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    /** One number or string of a JSON text replaced by an edge value: the document stays JSON, its meaning breaks. */
    static byte[] replaceValue(SplittableRandom r, byte[] seed) {
        String t = new String(seed, StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?[0-9][0-9.eE+-]*|\"[^\"]*\"").matcher(t);
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return seed.clone();
        }
        int[] at = spans.get(r.nextInt(spans.size()));
        String with = r.nextInt(4) == 0 ? String.valueOf(interesting(r)) : JSON_SPLICES[r.nextInt(JSON_SPLICES.length)];
        return (t.substring(0, at[0]) + with + t.substring(at[1])).getBytes(StandardCharsets.UTF_8);
    }

    /** The llama2.c header is seven int32s: the dimensions every later offset depends on. */
    static byte[] headerMutation(SplittableRandom r, byte[] seed) {
        byte[] b = seed.clone();
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
            h.putInt(4 * r.nextInt(7), (int) interesting(r));
        }
        return b;
    }

    static long interesting(SplittableRandom r) {
        long[] v = {0, 1, -1, 2, 7, 8, 63, 64, 65, 255, 256, 511, 512, 1 << 16, Integer.MAX_VALUE, Integer.MIN_VALUE,
            1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 46341};
        return r.nextInt(4) == 0 ? r.nextLong() : v[r.nextInt(v.length)];
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        remove = Math.min(remove, b.length - at);
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FileTargets.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    /** {@code spex recover}'s coefficient parser (package-private in the CLI). */
    private static Method readCoefficients() {
        try {
            Method m = Class.forName("org.spex4j.cli.RecoverCommand").getDeclaredMethod("read", Path.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RecoverCommand.read(Path) is gone: update the fuzzer", e);
        }
    }

    /** Two small tensors and metadata: an F32 [2, 3] and a BF16 [4]. */
    static byte[] safetensorsSeed() {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,24]},\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[24,32]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (int i = 0; i < 6; i++) {
            out.putFloat(i * 0.5f - 1);
        }
        for (int i = 0; i < 4; i++) {
            out.putShort((short) 0x3f80);  // bf16 1.0
        }
        return out.array();
    }

    /** A WordPiece tokenizer.json with a vocabulary of a dozen tokens. */
    static byte[] tokenizerJsonSeed() {
        String vocab = "{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,\"[SEP]\":3,\"the\":4,\"movie\":5,\"was\":6,\"great\":7,"
                + "\"##ly\":8,\"terrible\":9,\"!\":10,\"a\":11}";
        return ("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
                + "{\"id\":2,\"content\":\"[CLS]\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true}],"
                + "\"normalizer\":{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,"
                + "\"strip_accents\":null,\"lowercase\":true},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                + "\"post_processor\":{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",3],\"cls\":[\"[CLS]\",2]},"
                + "\"decoder\":{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true},"
                + "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
                + "\"max_input_chars_per_word\":100,\"vocab\":" + vocab + "}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A ModelProto with a graph of MatMul -> Add over a [2, 2] weight stored as raw data, a named bias with
     * float_data, and a Constant node: the fields the weight reader walks.
     */
    static byte[] onnxSeed() throws IOException {
        byte[] weight = tensor("onnx::MatMul_1", new long[] {2, 2}, 1, rawFloats(1, 2, 3, 4), null);
        byte[] bias = tensor("encoder.layer.0.attention.self.query.bias", new long[] {2}, 1, null, new float[] {5, 6});
        byte[] matmul = node("mm", "MatMul", new String[] {"x", "onnx::MatMul_1"}, new String[] {"y"});
        byte[] add = node("add", "Add", new String[] {"y", "encoder.layer.0.attention.self.query.bias"},
                new String[] {"z"});
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        CodedOutputStream g = CodedOutputStream.newInstance(graph);
        g.writeByteArray(1, matmul);
        g.writeByteArray(1, add);
        g.writeString(2, "fuzz");
        g.writeByteArray(5, weight);
        g.writeByteArray(5, bias);
        g.flush();
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(model);
        m.writeInt64(1, 7);  // ir_version
        m.writeByteArray(7, graph.toByteArray());
        m.flush();
        return model.toByteArray();
    }

    private static byte[] rawFloats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private static byte[] tensor(String name, long[] dims, int type, byte[] raw, float[] floats) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        for (long d : dims) {
            c.writeInt64(1, d);
        }
        c.writeInt32(2, type);
        if (floats != null) {
            for (float x : floats) {
                c.writeFloat(4, x);
            }
        }
        c.writeString(8, name);
        if (raw != null) {
            c.writeByteArray(9, raw);
        }
        c.flush();
        return out.toByteArray();
    }

    private static byte[] node(String name, String op, String[] inputs, String[] outputs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        for (String i : inputs) {
            c.writeString(1, i);
        }
        for (String o : outputs) {
            c.writeString(2, o);
        }
        c.writeString(3, name);
        c.writeString(4, op);
        c.flush();
        return out.toByteArray();
    }
}

package org.spex4j.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.model.runtime.Safetensors;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.testing.Float32;

/** Checkpoint validation, the unshared-classifier llama2.c layout, and the safetensors path. */
class LlamaLoadingTest {
    static byte[] checkpoint;
    static byte[] tokenizer;
    static final long[] IDS = {1, 403, 407, 261, 378, 11, 300, 1, 261, 378, 0, 0, 0, 0};
    static final long[] LENGTHS = {7, 3};

    @BeforeAll
    static void read() throws IOException {
        ClassLoader cl = LlamaLoadingTest.class.getClassLoader();
        try (InputStream a = cl.getResourceAsStream(LlamaModel.STORIES_CHECKPOINT);
             InputStream b = cl.getResourceAsStream(LlamaModel.STORIES_TOKENIZER)) {
            checkpoint = a.readAllBytes();
            tokenizer = b.readAllBytes();
        }
    }

    static float[] reference() {
        try (LlamaModel m = LlamaModel.stories260k()) {
            return m.logits(IDS, 2, 7, LENGTHS);
        }
    }

    /** The logits at the rows' real positions (padding positions are unspecified). */
    static float[] realPositions(float[] logits) {
        float[] out = new float[(int) (LENGTHS[0] + LENGTHS[1]) * 512];
        int o = 0;
        for (int r = 0; r < 2; r++) {
            int n = (int) LENGTHS[r] * 512;
            System.arraycopy(logits, r * 7 * 512, out, o, n);
            o += n;
        }
        return out;
    }

    @Test
    void fromFilesEqualsResources(@TempDir Path dir) throws IOException {
        Path ck = dir.resolve("m.bin"), tk = dir.resolve("t.bin");
        Files.write(ck, checkpoint);
        Files.write(tk, tokenizer);
        try (LlamaModel m = LlamaModel.fromLlama2c(ck, tk)) {
            assertArrayEquals(reference(), m.logits(IDS, 2, 7, LENGTHS));
            assertEquals(LlamaModelTest.PROMPT_30, new LlamaGenerator(m).generate("Once upon a time", 30));
        }
        try (LlamaModel m = LlamaModel.fromLlama2c(ck, null)) {
            assertNull(m.tokenizer());
            assertRefused(IllegalStateException.class, () -> new LlamaGenerator(m).generate("x", 1),
                    "loaded without a tokenizer");
        }
    }

    @Test
    void badCheckpoints(@TempDir Path dir) throws IOException {
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromLlama2c(dir.resolve("missing.bin"), null),
                "not found", "missing.bin");

        Path shortFile = dir.resolve("short.bin");
        Files.write(shortFile, new byte[10]);
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromLlama2c(shortFile, null), "too short");

        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(checkpoint, checkpoint.length - 4));
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromLlama2c(truncated, null), "1056540",
                "1056536");

        int[][] badHeaders = {{-64, 172, 5, 8, 4, 512, 512}, {64, 172, 5, 7, 4, 512, 512}, {64, 172, 5, 8, 3, 512, 512},
            {64, 172, 0, 8, 4, 512, 512}, {64, 172, 5, 8, 4, 0, 512}, {64, 172, 5, 8, 4, 512, -1},
            {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 8, 4, 512, 512}, {64, 172, 5, 8, 4, 513, 512}};
        for (int[] h : badHeaders) {
            byte[] copy = checkpoint.clone();
            ByteBuffer bb = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : h) {
                bb.putInt(v);
            }
            Path p = dir.resolve("bad.bin");
            Files.write(p, copy);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LlamaModel.fromLlama2c(p, null), Arrays.toString(h));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
        byte[] v1 = checkpoint.clone();  // llama2.c's newer export: magic "ak42", version 1
        ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN).putInt(0x616b3432).putInt(1);
        Path p1 = dir.resolve("v1.bin");
        Files.write(p1, v1);
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromLlama2c(p1, null), "legacy");
        // the tokenizer must match the checkpoint's vocabulary
        Path ck = dir.resolve("ok.bin"), tk = dir.resolve("tok.bin");
        Files.write(ck, checkpoint);
        Files.write(tk, Arrays.copyOf(tokenizer, 4 + 4));  // header and a truncated first token
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromLlama2c(ck, tk),
                "corrupt llama2.c tokenizer", "tok.bin", "token 0 is truncated");
    }

    /** A negative vocab_size puts the classifier after the RoPE tables; a copy of the embedding there equals tying. */
    @Test
    void unsharedClassifier(@TempDir Path dir) throws IOException {
        byte[] unshared = Arrays.copyOf(checkpoint, checkpoint.length + 512 * 64 * 4);
        ByteBuffer.wrap(unshared).order(ByteOrder.LITTLE_ENDIAN).putInt(20, -512);
        System.arraycopy(checkpoint, 28, unshared, checkpoint.length, 512 * 64 * 4);
        Path ck = dir.resolve("unshared.bin");
        Files.write(ck, unshared);
        try (LlamaModel m = LlamaModel.fromLlama2c(ck, null)) {
            assertTrue(!m.config().sharedClassifier());
            // the same weights through the same kernels: equal up to float32 rounding
            Float32.assertClose(realPositions(reference()), realPositions(m.logits(IDS, 2, 7, LENGTHS)),
                    Float32.STORIES260K, "unshared classifier");
        }
        // without the extra classifier bytes the size check fails
        byte[] missing = checkpoint.clone();
        ByteBuffer.wrap(missing).order(ByteOrder.LITTLE_ENDIAN).putInt(20, -512);
        Files.write(ck, missing);
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromLlama2c(ck, null), "vocab_size=-512",
                "implies 1187612 bytes, the file has 1056540");
    }

    // ------------------------------------------------------------------------------------------------ safetensors

    /** stories260K exported with Hugging Face names and HF's q/k permutation gives the same logits. */
    @Test
    void safetensorsExportOfStoriesGivesIdenticalLogits(@TempDir Path dir) throws IOException {
        for (boolean tied : new boolean[] {true, false}) {
            Path out = dir.resolve(tied ? "tied" : "untied");
            Files.createDirectories(out);
            exportHf(out, tied);
            LlamaTokenizer tok = LlamaTokenizer.parse(tokenizer, "tok512", 512);
            try (LlamaModel m = LlamaModel.fromSafetensors(out, tok)) {
                assertEquals(LlamaConfig.RopeStyle.HALF, m.config().rope());
                assertEquals(tied, m.config().sharedClassifier());
                // HF's permuted q/k rows reorder the RoPE pairs' sums: equal up to float32 rounding
                Float32.assertClose(realPositions(reference()), realPositions(m.logits(IDS, 2, 7, LENGTHS)),
                        Float32.STORIES260K, tied ? "tied" : "untied");
                assertEquals(LlamaModelTest.PROMPT_30, new LlamaGenerator(m).generate("Once upon a time", 30));
            }
        }
        // no tokenizer.json: the model loads without a tokenizer
        try (LlamaModel m = LlamaModel.fromSafetensors(dir.resolve("tied"))) {
            assertNull(m.tokenizer());
        }
    }

    @Test
    void badSafetensors(@TempDir Path dir) throws IOException {
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir.resolve("nope")),
                "model directory not found", "nope");
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir), "no config.json");
        exportHf(dir, true);
        Path st = dir.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(st);
        Files.write(st, Arrays.copyOf(good, good.length - 10));
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null),
                "malformed", "data_offsets");
        byte[] hugeHeader = good.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(st, hugeHeader);
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null),
                "malformed", "header length 1099511627776 is impossible");
        Files.write(st, good);
        // config.json disagreeing with the tensors
        Path cfg = dir.resolve("config.json");
        String json = Files.readString(cfg);
        Files.writeString(cfg, json.replace("\"intermediate_size\":172", "\"intermediate_size\":176"));
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null),
                "gate_proj");
        Files.writeString(cfg, json);
        try (LlamaModel m = LlamaModel.fromSafetensors(dir, (TextTokenizer) null)) {
            assertEquals(64, m.config().dim());
        }
    }

    /** Model files that once loaded wrongly or failed with an internal message (issue 20): each is refused clearly. */
    @Test
    void inconsistentModelFilesAreRefusedByName(@TempDir Path dir) throws IOException {
        exportHf(dir, true);
        Path cfg = dir.resolve("config.json");
        String json = Files.readString(cfg);
        Files.writeString(cfg, json.replace("\"hidden_size\":64", "\"hidden_size\":64.5"));
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null),
                "'hidden_size' is not an int: 64.5");
        Files.writeString(cfg, json + " trailing");
        IllegalArgumentException e = assertRefused(IllegalArgumentException.class,
                () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null), "not valid JSON", "line 1");
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("[Source"), e.getMessage());
        Files.writeString(cfg, json.replace("\"num_hidden_layers\":5", "\"num_hidden_layers\":4"));
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null)
                .logits(new long[] {1}, 1, 1, null), "num_hidden_layers is 4", "have 5 layers");
        Files.writeString(cfg, json);
        // a float32 tensor labelled I32 (same byte count): integers are not weights
        Path st = dir.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(st);
        String text = new String(good, StandardCharsets.ISO_8859_1);
        String from = "\"model.norm.weight\":{\"dtype\":\"F32\"";
        assertTrue(text.contains(from));
        Files.write(st, text.replace(from, from.replace("F32", "I32")).getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(IllegalArgumentException.class, () -> LlamaModel.fromSafetensors(dir, (TextTokenizer) null)
                .logits(new long[] {1}, 1, 1, null), "model.norm.weight", "dtype I32");
        // a shape whose element count overflows a long, in a tensor the model never reads
        Map<String, Object[]> huge = new LinkedHashMap<>();
        huge.put("unused", new Object[] {"F32", new long[] {1L << 40, 1L << 40}, new byte[0]});
        Path h = dir.resolve("huge.safetensors");
        writeSafetensors(h, huge);
        assertRefused(IllegalArgumentException.class, () -> Safetensors.open(h), "unused", "more elements");
    }

    @Test
    void safetensorsHalfPrecisionTypes(@TempDir Path dir) throws IOException {
        float[] values = {0.5f, -2f, 3.25f, 0f, 1024f, -0.125f};
        Map<String, Object[]> tensors = new LinkedHashMap<>();
        tensors.put("f16", new Object[] {"F16", new long[] {2, 3}, half(values, false)});
        tensors.put("bf16", new Object[] {"BF16", new long[] {3, 2}, half(values, true)});
        tensors.put("f32", new Object[] {"F32", new long[] {6}, f32(values)});
        Path p = dir.resolve("t.safetensors");
        writeSafetensors(p, tensors);
        try (Safetensors f = Safetensors.open(p); PointerScope scope = new PointerScope()) {
            for (String name : new String[] {"f16", "bf16", "f32"}) {
                Tensor t = f.tensor(name);
                assertArrayEquals(values, Tensors.toFloats(t), name);
                assertArrayEquals(f.entry(name).shape(), t.sizes().vec().get());
            }
            assertRefused(IllegalArgumentException.class, () -> f.tensor("missing"), "has no tensor named missing");
        }
    }

    static byte[] half(float[] values, boolean bf16) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            int bits = Float.floatToIntBits(v);
            if (bf16) {
                b.putShort((short) (bits >>> 16));  // exact for these values
            } else {  // exact for these values: normal range, at most 10 mantissa bits
                int sign = (bits >>> 16) & 0x8000;
                int exp = ((bits >>> 23) & 0xFF);
                int mant = bits & 0x7FFFFF;
                short h = (short) (v == 0 ? sign : sign | ((exp - 127 + 15) << 10) | (mant >>> 13));
                b.putShort(h);
            }
        }
        return b.array();
    }

    static byte[] f32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** Writes {name: {dtype, shape, bytes}} in the safetensors layout. */
    static void writeSafetensors(Path file, Map<String, Object[]> tensors) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode header = om.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Object[]> e : tensors.entrySet()) {
            byte[] bytes = (byte[]) e.getValue()[2];
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", (String) e.getValue()[0]);
            var shape = t.putArray("shape");
            for (long s : (long[]) e.getValue()[1]) {
                shape.add(s);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes.length);
            offset += bytes.length;
            data.write(bytes);
        }
        byte[] json = om.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(len.array());
        out.write(head);
        out.write(data.toByteArray());
        Files.write(file, out.toByteArray());
    }

    /**
     * Exports stories260K as a Hugging Face Llama directory: HF tensor names, [out, in] layout, q/k rows permuted from
     * llama2.c's interleaved rotary pairs to HF's half-split layout (as HF's conversion script does).
     */
    static void exportHf(Path dir, boolean tied) throws IOException {
        int dim = 64, hidden = 172, layers = 5, heads = 8, kvHeads = 4, vocab = 512, hs = 8, kvDim = 32;
        ByteBuffer src = ByteBuffer.wrap(checkpoint).order(ByteOrder.LITTLE_ENDIAN);
        src.position(28);
        float[] emb = take(src, vocab * dim), rmsAtt = take(src, layers * dim), wq = take(src, layers * dim * dim),
                wk = take(src, layers * kvDim * dim), wv = take(src, layers * kvDim * dim),
                wo = take(src, layers * dim * dim), rmsFfn = take(src, layers * dim),
                w1 = take(src, layers * hidden * dim), w2 = take(src, layers * dim * hidden),
                w3 = take(src, layers * hidden * dim), rmsFinal = take(src, dim);
        Map<String, Object[]> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", f32t(emb, vocab, dim));
        if (!tied) {
            t.put("lm_head.weight", f32t(emb, vocab, dim));
        }
        t.put("model.norm.weight", f32t(rmsFinal, dim));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            t.put(p + "input_layernorm.weight", f32t(slice(rmsAtt, l, dim), dim));
            t.put(p + "post_attention_layernorm.weight", f32t(slice(rmsFfn, l, dim), dim));
            t.put(p + "self_attn.q_proj.weight", f32t(permute(slice(wq, l, dim * dim), heads, hs, dim), dim, dim));
            t.put(p + "self_attn.k_proj.weight",
                    f32t(permute(slice(wk, l, kvDim * dim), kvHeads, hs, dim), kvDim, dim));
            t.put(p + "self_attn.v_proj.weight", f32t(slice(wv, l, kvDim * dim), kvDim, dim));
            t.put(p + "self_attn.o_proj.weight", f32t(slice(wo, l, dim * dim), dim, dim));
            t.put(p + "mlp.gate_proj.weight", f32t(slice(w1, l, hidden * dim), hidden, dim));
            t.put(p + "mlp.down_proj.weight", f32t(slice(w2, l, dim * hidden), dim, hidden));
            t.put(p + "mlp.up_proj.weight", f32t(slice(w3, l, hidden * dim), hidden, dim));
        }
        writeSafetensors(dir.resolve("model.safetensors"), t);
        String config = "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\",\"hidden_size\":64,"
                + "\"intermediate_size\":172,\"num_hidden_layers\":5,\"num_attention_heads\":8,"
                + "\"num_key_value_heads\":4,\"vocab_size\":512,\"max_position_embeddings\":512,"
                + "\"rms_norm_eps\":1e-05,\"rope_theta\":10000.0,\"tie_word_embeddings\":" + tied
                + ",\"hidden_act\":\"silu\",\"bos_token_id\":1,\"eos_token_id\":2,\"torch_dtype\":\"float32\"}";
        Files.writeString(dir.resolve("config.json"), config);
    }

    /** HF's permutation: within each head, row 2i+j (interleaved pair i) moves to row j*hs/2 + i. */
    static float[] permute(float[] w, int heads, int hs, int cols) {
        float[] out = new float[w.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hs / 2; i++) {
                for (int j = 0; j < 2; j++) {
                    int from = h * hs + 2 * i + j, to = h * hs + j * (hs / 2) + i;
                    System.arraycopy(w, from * cols, out, to * cols, cols);
                }
            }
        }
        return out;
    }

    static float[] take(ByteBuffer b, int n) {
        float[] out = new float[n];
        b.asFloatBuffer().get(out);
        b.position(b.position() + 4 * n);
        return out;
    }

    static float[] slice(float[] a, int l, int n) {
        return Arrays.copyOfRange(a, l * n, (l + 1) * n);
    }

    static Object[] f32t(float[] v, long... shape) {
        return new Object[] {"F32", shape, f32(v)};
    }
}

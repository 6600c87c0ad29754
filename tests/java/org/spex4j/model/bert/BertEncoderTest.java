package org.spex4j.model.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.model.runtime.HfTokenizerFile;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.NativeThreads;
import org.spex4j.model.runtime.SafetensorsTest;
import org.spex4j.model.runtime.ShippedResources;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.testing.Float32;

/**
 * The MiniLM encoder on LibTorch against ONNX Runtime on the same ONNX file, plus hooks, batching, threads, the
 * safetensors path and bad input. One encoder and one ORT session serve the whole class.
 */
class BertEncoderTest {

    static BertEncoder enc;
    static Path onnxFile, tokenizerFile;
    static OrtEnvironment ortEnv;
    static OrtSession ort;
    static String ortProblem;

    @TempDir
    static Path tmp;

    static int threadsBefore, blasThreadsBefore;

    @BeforeAll
    static void load() {
        // One LibTorch and one OpenBLAS thread: both pools busy-wait, and on a small shared CPU two pools of two
        // make small forward passes 10-30x slower (see NativeThreads). Restored after the class.
        threadsBefore = NativeThreads.torchThreads();
        blasThreadsBefore = NativeThreads.blasThreads();
        NativeThreads.setTorchThreads(1);
        NativeThreads.setBlasThreads(1);
        enc = BertEncoder.miniLm();
        onnxFile = ShippedResources.file(BertEncoder.MINILM_ONNX_RESOURCE, BertEncoder.MINILM_ARTIFACT);
        tokenizerFile = ShippedResources.file(BertEncoder.MINILM_TOKENIZER_RESOURCE,
                BertEncoder.MINILM_ARTIFACT);
        try {
            ortEnv = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(threadsBefore);
            ort = ortEnv.createSession(onnxFile.toString(), o);
        } catch (Throwable t) {     // UnsatisfiedLinkError, OrtException: ORT cannot load on this machine
            ortProblem = "ONNX Runtime cannot load here: " + t;
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (ort != null) {
            ort.close();
        }
        if (enc != null) {
            enc.close();
        }
        NativeThreads.setTorchThreads(threadsBefore);
        NativeThreads.setBlasThreads(blasThreadsBefore);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A right-padded batch. */
    record Batch(long[] ids, long[] mask, int batch, int length, int[] lengths) {}

    static Batch batch(List<String> texts) {
        List<long[]> rows = new ArrayList<>();
        int len = 0;
        for (String t : texts) {
            long[] ids = enc.tokenize(t).ids();
            rows.add(ids);
            len = Math.max(len, ids.length);
        }
        int b = rows.size();
        long[] ids = new long[b * len], mask = new long[b * len];
        int[] lengths = new int[b];
        Arrays.fill(ids, enc.padId());
        for (int r = 0; r < b; r++) {
            long[] t = rows.get(r);
            System.arraycopy(t, 0, ids, r * len, t.length);
            Arrays.fill(mask, r * len, r * len + t.length, 1L);
            lengths[r] = t.length;
        }
        return new Batch(ids, mask, b, len, lengths);
    }

    /** ORT's output_0 [B, L, H]. */
    static float[] ortHidden(Batch b) throws Exception {
        long[] shape = {b.batch(), b.length()};
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("input_ids", OnnxTensor.createTensor(ortEnv, LongBuffer.wrap(b.ids()), shape));
            in.put("attention_mask", OnnxTensor.createTensor(ortEnv, LongBuffer.wrap(b.mask()), shape));
            in.put("token_type_ids", OnnxTensor.createTensor(ortEnv, LongBuffer.wrap(new long[b.ids().length]),
                    shape));
            try (OrtSession.Result r = ort.run(in)) {
                FloatBuffer fb = ((OnnxTensor) r.get("output_0").orElseThrow()).getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean-pool under the mask, then L2-normalise (sentence-transformers), in double precision. */
    static float[] poolAndNormalise(float[] hidden, Batch b, int h) {
        float[] out = new float[b.batch() * h];
        for (int r = 0; r < b.batch(); r++) {
            double[] m = new double[h];
            int count = 0;
            for (int p = 0; p < b.length(); p++) {
                if (b.mask()[r * b.length() + p] == 1) {
                    count++;
                    for (int k = 0; k < h; k++) {
                        m[k] += hidden[(r * b.length() + p) * h + k];
                    }
                }
            }
            double norm = 0;
            for (int k = 0; k < h; k++) {
                m[k] /= count;
                norm += m[k] * m[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < h; k++) {
                out[r * h + k] = (float) (m[k] / norm);
            }
        }
        return out;
    }

    static float[] row(float[] m, int r, int width) {
        return Arrays.copyOfRange(m, r * width, (r + 1) * width);
    }

    static final String PARAGRAPH = "The committee met on Tuesday to review the proposal for the new library, "
            + "which had been debated for almost three years. Several members argued that the budget was too "
            + "small, while others believed the town could not afford anything larger. In the end, after a long "
            + "discussion about parking, opening hours and the children's reading room, they agreed to ask the "
            + "architect for a revised plan. ";

    static List<String> sentences() {
        List<String> s = new ArrayList<>(List.of(
                "Hello",
                "Great!",
                "The movie was greatly terrible!",
                "I loved it.",
                "What a wonderful day it is today, isn't it?",
                "naïve café résumé — déjà vu 😀 ok?",
                "Unicode: Ünïcödé, Ελληνικά, русский, 中文字符, and emoji 🎉🎉.",
                "Prices rose 3.5% in Q3 (from $1,200 to $1,242), said the CFO.",
                "e-mail me at someone@example.com or call +1-555-0100!!!",
                "The quick brown fox jumps over the lazy dog.",
                "It was not bad at all; in fact, it was rather good.",
                "Stocks fell sharply after the announcement, wiping out a week of gains.",
                "Although the service was slow, the food was excellent and the staff were friendly.",
                "Can a sentence encoder tell apart 'not good' from 'good'?",
                "He said: \"I'll be there at 5 p.m.\" — but he never came.",
                "tokens tokenization tokenizer untokenizable hyperparameterization"));
        for (int words : new int[] {40, 60, 90, 120, 160, 200}) {
            StringBuilder sb = new StringBuilder();
            String[] w = (PARAGRAPH + PARAGRAPH + PARAGRAPH).split(" ");
            for (int i = 0; i < words; i++) {
                sb.append(w[i % w.length]).append(' ');
            }
            s.add(sb.toString().trim());
        }
        s.add("a b c d e f g h i j k l m n o p q r s t u v w x y z");
        s.add("");
        return s;
    }

    // ------------------------------------------------------------------------------------------------ numerics

    @Test
    void embeddingsAndHiddenStatesMatchOnnxRuntime() throws Exception {
        assumeTrue(ort != null, () -> ortProblem);
        List<String> texts = sentences();
        assertTrue(texts.size() >= 20);
        Batch b = batch(texts);
        assertTrue(b.length() > 200, "the longest sentence should give > 200 tokens, got " + b.length());
        int h = enc.hiddenSize();

        float[] ortOut = ortHidden(b);
        float[] mine = enc.lastHiddenStates(b.ids(), b.mask(), b.batch(), b.length());
        double hiddenDiff = 0, hiddenScale = 0;
        for (int r = 0; r < b.batch(); r++) {
            for (int p = 0; p < b.lengths()[r]; p++) {
                for (int k = 0; k < h; k++) {
                    int i = (r * b.length() + p) * h + k;
                    hiddenDiff = Math.max(hiddenDiff, Math.abs(mine[i] - ortOut[i]));
                    hiddenScale = Math.max(hiddenScale, Math.abs(ortOut[i]));
                }
            }
        }
        float[] emb = enc.embed(b.ids(), b.mask(), b.batch(), b.length());
        double embDiff = Float32.maxAbsDiff(emb, poolAndNormalise(ortOut, b, h));
        System.out.printf("[bert] %d sentences, lengths %d..%d tokens (padded to %d): max |LibTorch - ORT| "
                + "embedding %.3g, last hidden state %.3g%n", b.batch(),
                Arrays.stream(b.lengths()).min().getAsInt(), Arrays.stream(b.lengths()).max().getAsInt(),
                b.length(), embDiff, hiddenDiff);
        // two engines, two sets of kernels: equal up to float32 rounding, scaled to the values compared
        Float32.assertClose(poolAndNormalise(ortOut, b, h), emb, Float32.MINILM, "embedding");
        double hiddenTol = Float32.tolerance(hiddenScale, Float32.MINILM);
        assertTrue(hiddenDiff <= hiddenTol, "last hidden state max abs diff " + hiddenDiff + " > " + hiddenTol);
        for (int r = 0; r < b.batch(); r++) {
            double n = 0;
            for (float v : row(emb, r, h)) {
                n += v * v;
            }
            Float32.assertClose(1.0, Math.sqrt(n), 1.0, h, "length of row " + r);
        }
    }

    @Test
    void batchEqualsRowsOneByOne() {
        List<String> texts = List.of("Hello", "The movie was greatly terrible!", PARAGRAPH,
                "naïve café 😀", "It was not bad at all; in fact, it was rather good.");
        Batch b = batch(texts);
        int h = enc.hiddenSize();
        float[] all = enc.embed(b.ids(), b.mask(), b.batch(), b.length());
        double worst = 0;
        for (int r = 0; r < texts.size(); r++) {
            long[] ids = enc.tokenize(texts.get(r)).ids();
            long[] ones = new long[ids.length];
            Arrays.fill(ones, 1L);
            float[] one = enc.embed(ids, ones, 1, ids.length);
            worst = Math.max(worst, Float32.maxAbsDiff(one, row(all, r, h)));
            // other shapes, other GEMM kernels: equal up to float32 rounding
            Float32.assertClose(one, row(all, r, h), Float32.MINILM, "row " + r + " in the padded batch");
        }
        System.out.printf("[bert] batch vs one by one: max abs diff %.3g%n", worst);
        assertArrayEquals(all, enc.embedTexts(texts), "embedTexts pads like the manual batch");
    }

    @Test
    void tensorEntryPointEqualsArrays() {
        Batch b = batch(List.of("zero copy", "from native tensors, with padding"));
        float[] arrays = enc.embed(b.ids(), b.mask(), b.batch(), b.length());
        float[] hiddenArrays = enc.lastHiddenStates(b.ids(), b.mask(), b.batch(), b.length());
        try (PointerScope scope = new PointerScope()) {
            Tensor ids = Tensors.fromLongs(b.ids(), b.batch(), b.length());
            Tensor mask = Tensors.fromLongs(b.mask(), b.batch(), b.length());
            assertArrayEquals(arrays, enc.embed(ids, mask, null));
            assertArrayEquals(hiddenArrays, enc.lastHiddenStates(ids, mask, null));
            // a non-contiguous view works too
            Tensor idsT = Tensors.fromLongs(b.ids(), b.batch(), b.length()).t().contiguous().t();
            assertArrayEquals(arrays, enc.embed(idsT, mask, null), "the same ids, however laid out: bit for bit");
        }
    }

    // ------------------------------------------------------------------------------------------------ hooks

    @Test
    void patchingWithOwnValueChangesNothing() {
        long[] ids = enc.tokenize("The movie was greatly terrible!").ids();
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1L);
        Hooks cap = new Hooks().capture(HookName.embed()).capture(HookName.residPost(2));
        float[] base = enc.embed(ids, mask, 1, ids.length, cap);
        Hooks.Captured e = cap.captured(HookName.embed()), r2 = cap.captured(HookName.residPost(2));
        assertNotNull(e);
        assertNotNull(r2);
        assertArrayEquals(new long[] {1, ids.length, enc.hiddenSize()}, r2.shape());
        assertArrayEquals(base, enc.embed(ids, mask, 1, ids.length), "capturing must not change the output");

        Hooks same = new Hooks().patch(HookName.residPost(2), 3, r2.at(0, 3)).patch(HookName.embed(), 1, e.at(0, 1));
        assertArrayEquals(base, enc.embed(ids, mask, 1, ids.length, same), "patching with its own value");

        Hooks other = new Hooks().patch(HookName.residPost(2), 3, r2.at(0, 5));
        float[] changed = enc.embed(ids, mask, 1, ids.length, other);
        assertTrue(Float32.maxAbsDiff(base, changed) > 1e-3, "patching another position's state must change the output");
    }

    @Test
    void capturedLastResidualEqualsLastHiddenStates() {
        Batch b = batch(List.of("short", "a somewhat longer sentence, with padding elsewhere", "mid length one"));
        int last = enc.config().layers() - 1;
        Hooks hooks = new Hooks().capture(HookName.residPost(last));
        float[] hidden = enc.lastHiddenStates(b.ids(), b.mask(), b.batch(), b.length(), hooks);
        Hooks.Captured c = hooks.captured(HookName.residPost(last));
        assertArrayEquals(new long[] {b.batch(), b.length(), enc.hiddenSize()}, c.shape());
        assertArrayEquals(hidden, c.values());
        for (int l = 0; l < last; l++) {
            assertTrue(hooks.captured(HookName.residPost(l)) == null, "only the requested hook is recorded");
        }
    }

    // ------------------------------------------------------------------------------------------------ threads

    @Test
    void twoThreadsShareOneEncoder() throws Exception {
        Batch a = batch(List.of("first thread sentence", "another one, a little longer than the first"));
        Batch c = batch(List.of("second thread", PARAGRAPH, "third row"));
        float[] ea = enc.embed(a.ids(), a.mask(), a.batch(), a.length());
        float[] ec = enc.embed(c.ids(), c.mask(), c.batch(), c.length());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Batch in = t == 0 ? a : c;
                float[] want = t == 0 ? ea : ec;
                futures.add(pool.submit(() -> {
                    double worst = 0;
                    for (int i = 0; i < 6; i++) {
                        Hooks hooks = new Hooks().capture(HookName.residPost(0));
                        worst = Math.max(worst, Float32.maxAbsDiff(want,
                                enc.embed(in.ids(), in.mask(), in.batch(), in.length(), hooks)));
                        assertArrayEquals(new long[] {in.batch(), in.length(), enc.hiddenSize()},
                                hooks.captured(HookName.residPost(0)).shape());
                    }
                    return worst;
                }));
            }
            for (Future<Double> f : futures) {
                // unit-length embeddings: every component is at most 1
                assertTrue(f.get() <= Float32.tolerance(1, Float32.MINILM), "concurrent result differs by " + f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ tokenizer

    @Test
    void tokenizerIdsSpansAndNoTruncation() {
        assertEquals(101, enc.clsId());
        assertEquals(102, enc.sepId());
        assertEquals(0, enc.padId());
        assertEquals(100, enc.unkId());
        assertEquals(103, enc.maskId());
        assertEquals(512, enc.maxPositions());

        String text = "The movie was greatly terrible! 😀 ok";
        HfTokenizerFile.Encoded t = enc.tokenize(text);
        assertEquals(enc.clsId(), t.ids()[0]);
        assertEquals(enc.sepId(), t.ids()[t.length() - 1]);
        assertTrue(t.isSpecial(0) && t.isSpecial(t.length() - 1));
        assertEquals(-1, t.wordIds()[0]);
        assertArrayEquals(new String[] {"[CLS]", "the", "movie", "was", "greatly", "terrible", "!", "[UNK]", "ok",
                "[SEP]"}, t.tokens());
        assertArrayEquals(new long[] {-1, 0, 1, 2, 3, 4, 5, 6, 7, -1}, t.wordIds());
        assertEquals("movie", text.substring(t.charStarts()[2], t.charEnds()[2]));
        assertEquals("!", text.substring(t.charStarts()[6], t.charEnds()[6]));
        assertEquals("😀", text.substring(t.charStarts()[7], t.charEnds()[7]), "UTF-16 indices past an emoji");
        assertEquals("ok", text.substring(t.charStarts()[8], t.charEnds()[8]));
        HfTokenizerFile.Encoded pieces = enc.tokenize("untokenizable");
        assertTrue(pieces.length() > 3, "a rare word splits into word pieces");
        for (int i = 1; i < pieces.length() - 1; i++) {
            assertEquals(0, pieces.wordIds()[i], "all pieces belong to word 0");
        }
        assertEquals(0, pieces.charStarts()[1]);
        assertEquals(13, pieces.charEnds()[pieces.length() - 2]);

        // the tokenizer.json asks for truncation at 128; tokenize() must not truncate
        HfTokenizerFile.Encoded longer = enc.tokenize(PARAGRAPH + PARAGRAPH + PARAGRAPH);
        assertTrue(longer.length() > 200, "got " + longer.length() + " tokens");
        assertEquals(enc.sepId(), longer.ids()[longer.length() - 1]);
        assertEquals(2, enc.tokenize("").length());

        // a literal [MASK] typed in the text is the mask token, but keeps its span (it is part of the text)
        HfTokenizerFile.Encoded typed = enc.tokenize("a [MASK] b");
        assertEquals(enc.maskId(), typed.ids()[2]);
        assertFalse(typed.isSpecial(2));
        assertEquals("[MASK]", "a [MASK] b".substring(typed.charStarts()[2], typed.charEnds()[2]));
    }

    // ------------------------------------------------------------------------------------------------ weights

    @Test
    void onnxWeightsMapMatMulsThroughTheGraph() {
        try (OnnxWeights w = OnnxWeights.read(onnxFile)) {
            assertEquals(104, w.initializerCount());
            long mapped = w.names().stream().filter(n -> w.onnxName(n).startsWith("onnx::MatMul_")).count();
            assertEquals(36, mapped);
            assertArrayEquals(new long[] {384, 1536}, w.shape("encoder.layer.0.intermediate.dense.weight"));
            assertArrayEquals(new long[] {1536, 384}, w.shape("encoder.layer.5.output.dense.weight"));
            assertTrue(w.onnxName("encoder.layer.0.attention.self.query.weight").startsWith("onnx::MatMul_"));
            assertEquals(BertConfig.miniLm(), BertConfig.infer(w));
            try (PointerScope scope = new PointerScope()) {
                Tensor pos = w.tensor("embeddings.position_ids");
                assertEquals(ScalarType.Long, pos.scalar_type().intern());
                long[] p = Tensors.toLongs(pos);
                assertEquals(511, p[511]);
            }
        }
    }

    @Test
    void safetensorsDirectoryGivesIdenticalEmbeddings() throws IOException {
        Path f32 = tmp.resolve("minilm-f32"), f16 = tmp.resolve("minilm-f16");
        writeHfDirectory(f32, "bert.", "F32");
        writeHfDirectory(f16, "", "F16");
        List<String> texts = List.of("The movie was greatly terrible!", PARAGRAPH, "naïve café 😀");
        float[] want = enc.embedTexts(texts);
        try (BertEncoder st = BertEncoder.fromSafetensors(f32)) {
            assertEquals(enc.config(), st.config());
            float[] got = st.embedTexts(texts);
            System.out.printf("[bert] safetensors F32 vs ONNX weights: max abs diff %.3g%n", Float32.maxAbsDiff(want, got));
            // the same numbers, in another layout (HF's [out, in] against ONNX's [in, out])
            Float32.assertClose(want, got, Float32.MINILM, "safetensors F32");
        }
        BertEncoder half = BertEncoder.fromSafetensors(f16);
        try (half) {
            double d = Float32.maxAbsDiff(want, half.embedTexts(texts));
            System.out.printf("[bert] safetensors F16 vs F32: max abs diff %.3g%n", d);
            // weights rounded to 11 bits (2^-11 ~ 4.9e-4 relative) on unit-length embeddings: a drift of 1e-2 of
            // the embedding's scale would mean the F16 path reads weights wrong, not that it rounds them
            assertTrue(d < 5e-3, "F16 weights drift by " + d);
        }
        half.close();   // idempotent
        assertRefused(IllegalStateException.class, () -> half.embedTexts(texts), "is closed");
    }

    /** Writes config.json, model.safetensors (HF names and [out, in] dense weights) and tokenizer.json. */
    static void writeHfDirectory(Path dir, String prefix, String dtype) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); OnnxWeights w = OnnxWeights.read(onnxFile)) {
            for (String name : w.names()) {
                Tensor t = w.tensor(name);
                if (name.matches(".*\\.(query|key|value|dense)\\.weight") && !name.startsWith("pooler")) {
                    t = t.t().contiguous();          // ONNX [in, out] -> nn.Linear [out, in]
                }
                tensors.put(prefix + name, t);
            }
            SafetensorsTest.write(dir.resolve("model.safetensors"), tensors, dtype);
        }
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertModel\"], \"hidden_size\": 384, "
                + "\"num_hidden_layers\": 6, \"num_attention_heads\": 12, \"intermediate_size\": 1536, "
                + "\"vocab_size\": 30522, \"max_position_embeddings\": 512, \"type_vocab_size\": 2, "
                + "\"layer_norm_eps\": 1e-12, \"hidden_act\": \"gelu\", \"model_type\": \"bert\"}");
        Files.copy(tokenizerFile, dir.resolve("tokenizer.json"));
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void missingAndCorruptFilesAreClearErrors() throws IOException {
        Path missing = tmp.resolve("nope.onnx");
        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(missing, tokenizerFile),
                "nope.onnx", "does not exist");

        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(onnxFile, tmp.resolve("t.json")),
                "t.json");

        Random rnd = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            byte[] junk = new byte[1000 + rnd.nextInt(100_000)];
            rnd.nextBytes(junk);
            Path corrupt = tmp.resolve("corrupt" + trial + ".onnx");
            Files.write(corrupt, junk);
            assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(corrupt, tokenizerFile),
                    corrupt.toString());
        }

        Path empty = Files.write(tmp.resolve("empty.onnx"), new byte[0]);
        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(empty, tokenizerFile), "empty");

        // the real file cut short: the graph message runs past the end
        Path truncated = tmp.resolve("truncated.onnx");
        try (var in = Files.newInputStream(onnxFile)) {
            Files.write(truncated, in.readNBytes(3_000_000));
        }
        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(truncated, tokenizerFile),
                "truncated.onnx");

        // a well-formed ONNX model that is not a BERT encoder
        Path other = tmp.resolve("other.onnx");
        Files.write(other, tinyOnnxModel());
        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(other, tokenizerFile),
                "other.onnx", "not a BERT encoder");

        Path notJson = Files.writeString(tmp.resolve("tokenizer-bad.json"), "{not json");
        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromOnnx(onnxFile, notJson),
                "tokenizer-bad.json");

        assertRefused(IllegalArgumentException.class, () -> BertEncoder.fromSafetensors(tmp.resolve("none")),
                "none");
    }

    /** ModelProto{graph: GraphProto{node: MatMul(x, w) -> y, initializer: w float[2, 2]}}, encoded by hand. */
    static byte[] tinyOnnxModel() throws IOException {
        java.io.ByteArrayOutputStream tensor = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream t = com.google.protobuf.CodedOutputStream.newInstance(tensor);
        t.writeInt64(1, 2);                       // dims
        t.writeInt64(1, 2);
        t.writeInt32(2, 1);                       // data_type FLOAT
        t.writeString(8, "w");                    // name
        t.writeByteArray(9, new byte[16]);        // raw_data
        t.flush();
        java.io.ByteArrayOutputStream node = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream n = com.google.protobuf.CodedOutputStream.newInstance(node);
        n.writeString(1, "x");
        n.writeString(1, "w");
        n.writeString(2, "y");
        n.writeString(4, "MatMul");
        n.flush();
        java.io.ByteArrayOutputStream graph = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream g = com.google.protobuf.CodedOutputStream.newInstance(graph);
        g.writeByteArray(1, node.toByteArray());
        g.writeByteArray(5, tensor.toByteArray());
        g.flush();
        java.io.ByteArrayOutputStream model = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream m = com.google.protobuf.CodedOutputStream.newInstance(model);
        m.writeInt64(1, 8);                       // ir_version
        m.writeByteArray(7, graph.toByteArray());
        m.flush();
        return model.toByteArray();
    }

    @Test
    void tinyOnnxModelIsReadAtTheWireLevel() throws IOException {
        Path f = tmp.resolve("tiny.onnx");
        Files.write(f, tinyOnnxModel());
        try (OnnxWeights w = OnnxWeights.read(f); PointerScope scope = new PointerScope()) {
            assertEquals(1, w.initializerCount());
            assertEquals(1, w.nodes().size());
            assertEquals("MatMul", w.nodes().get(0).opType());
            assertEquals(List.of("x", "w"), w.nodes().get(0).inputs());
            assertTrue(w.names().isEmpty(), "an unnamed weight with no BERT bias gets no HF name");
            assertRefused(IllegalArgumentException.class, () -> w.tensor("w"), "has no weight named w");
        }
    }

    @Test
    void badArraysAreRejectedBeforeTheForwardPass() {
        long[] ids = {101, 7592, 102, 101, 2088, 102};
        long[] mask = {1, 1, 1, 1, 1, 1};
        assertEquals(2 * enc.hiddenSize(), enc.embed(ids, mask, 2, 3).length);

        assertRefused(IllegalArgumentException.class, () -> enc.embed(ids, mask, 2, 4), "batch × length");
        assertRefused(IllegalArgumentException.class, () -> enc.embed(ids, new long[5], 2, 3),
                "attentionMask has 5 values");
        assertRefused(IllegalArgumentException.class, () -> enc.embed(null, mask, 2, 3), "ids must not be null");
        assertRefused(IllegalArgumentException.class, () -> enc.embed(ids, mask, 0, 3),
                "batch and length must be >= 1, got batch 0, length 3");
        assertRefused(IllegalArgumentException.class, () -> enc.embed(new long[0], new long[0], 0, 0),
                "batch and length must be >= 1, got batch 0, length 0");

        long[] tooBig = ids.clone();
        tooBig[4] = 30522;
        assertRefused(IllegalArgumentException.class, () -> enc.embed(tooBig, mask, 2, 3), "30522", "row 1");
        long[] negative = ids.clone();
        negative[0] = -1;
        assertRefused(IllegalArgumentException.class, () -> enc.lastHiddenStates(negative, mask, 2, 3),
                "token id -1 at row 0, position 0");

        long[] badMask = mask.clone();
        badMask[2] = 2;
        assertRefused(IllegalArgumentException.class, () -> enc.embed(ids, badMask, 2, 3), "0 or 1", "got 2");

        int len = enc.maxPositions() + 1;
        long[] longIds = new long[len], longMask = new long[len];
        Arrays.fill(longIds, 1000);
        Arrays.fill(longMask, 1);
        assertRefused(IllegalArgumentException.class, () -> enc.embed(longIds, longMask, 1, len), "512");
        assertRefused(IllegalArgumentException.class, () -> enc.embedTexts(List.of("ok", "word ".repeat(600))),
                "512", "text 1");
        assertRefused(IllegalArgumentException.class, () -> enc.embedTexts(List.of()),
                "texts must be a non-empty list");
        assertRefused(IllegalArgumentException.class, () -> enc.tokenize(null), "text must not be null");

        try (PointerScope scope = new PointerScope()) {
            Tensor t = Tensors.fromLongs(ids, 2, 3), m = Tensors.fromLongs(mask, 2, 3);
            assertRefused(IllegalArgumentException.class, () -> enc.embed(t.to(ScalarType.Float), m, null),
                    "must be int64 tensors");
            assertRefused(IllegalArgumentException.class, () -> enc.embed(t.view(6), m.view(6), null),
                    "ids must have shape [batch, length], got [6]");
            assertRefused(IllegalArgumentException.class, () -> enc.embed(t, Tensors.fromLongs(mask, 3, 2), null),
                    "attentionMask has shape [3, 2], ids has [2, 3]");
            assertRefused(IllegalArgumentException.class, () -> enc.embed(Tensors.fromLongs(tooBig, 2, 3), m, null),
                    "30522");
            assertRefused(IllegalArgumentException.class, () -> enc.embed(t, Tensors.fromLongs(badMask, 2, 3), null),
                    "attentionMask must hold 0 or 1, got values in [1, 2]");
            assertRefused(IllegalArgumentException.class, () -> enc.embed(null, m, null), "ids must not be null");
        }
    }

    @Test
    void allPaddingRowGivesZeroVector() {
        long[] ids = {101, 7592, 102, 0, 0, 0};
        long[] mask = {1, 1, 1, 0, 0, 0};
        float[] e = enc.embed(ids, mask, 2, 3);
        for (int k = 0; k < enc.hiddenSize(); k++) {
            assertEquals(0f, e[enc.hiddenSize() + k]);
        }
        assertFalse(Float.isNaN(e[0]));
    }
}

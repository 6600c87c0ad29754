package org.spex4j.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.LongPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.model.TextModel;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.ContinuationScorer;
import org.spex4j.model.runtime.HfTokenizerFile;
import org.spex4j.model.runtime.NativeThreads;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.TextTokenizer;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;
import org.spex4j.math.MaskBatch;

/**
 * Model throughput on the CPU with <b>one thread per runtime</b>: LibTorch intra-op threads 1
 * ({@link NativeThreads#setTorchThreads}), OpenBLAS threads 1 ({@link NativeThreads#setBlasThreads}), ONNX Runtime
 * intra-op and inter-op threads 1 (sequential execution, all graph optimisations). {@code benchmarks/run} also sets
 * {@code OPENBLAS_NUM_THREADS=1} and {@code OMP_WAIT_POLICY=PASSIVE}; setup prints the thread counts in force.
 *
 * <p><b>MiniLM masked batches</b> ({@code libtorch}, {@code ort}; parameters {@code words}, {@code batch}). The text
 * is the first {@code words} whitespace words of a fixed English paragraph ({@link #PARAGRAPH}, 105 words of plain
 * review prose) repeated: 20, 100 and 400 words are 23, 112 and 441 MiniLM tokens with [CLS]/[SEP]. (The bundled
 * reviews were not used: their first 400 words are 541 tokens, beyond MiniLM's 512 positions.) Setup tokenizes the
 * text with the MiniLM tokenizer, builds the library's {@link MaskedInput} (features = words,
 * {@link MaskMode#REPLACE}: a masked word becomes one [UNK]), draws {@code batch} uniform random masks (seed 42),
 * and lets the library's native mask-expansion kernel write the right-padded ids and attention mask
 * ({@code batch × longest masked length}). Both runtimes get exactly these arrays. One op embeds the whole batch in
 * one forward pass:
 * <ul>
 *   <li>{@code libtorch}: {@code BertEncoder.embed(ids, attention, batch, length)} (input checks, the copy to
 *       native memory, the forward pass, mean pooling and L2 normalisation in LibTorch, the copy back);
 *   <li>{@code ort}: the Xenova all-MiniLM-L6-v2 ONNX graph the encoder's weights come from (the class-path
 *       resource of the langchain4j artifact), fed {@code input_ids}, {@code attention_mask} and all-zero
 *       {@code token_type_ids} (tensors created from the arrays in each op); {@code output_0} is then mean-pooled
 *       under the mask and L2-normalised in Java.
 * </ul>
 * Setup checks, in the ORT fork, that both runtimes give the same embeddings on the first 8 rows (max |diff| below
 * 1e-4, else the trial fails). Score: ops/s; sequences/s = ops/s × batch (the summary derives it and the
 * LibTorch/ORT ratio per cell).
 *
 * <p><b>Cap.</b> A cell is skipped (setup throws, JMH reports the cell as failed and moves on) when its padded batch
 * exceeds the library's default token budget per forward pass, {@code batch × length > 65,536}
 * ({@code TextModel.ValueOptions.defaults().maxBatchTokens()}; the library would split such a batch), or when its
 * attention scores per head exceed 2^23 elements, {@code batch × length² > 8,388,608} (with 12 heads: 400 MB of
 * float scores per tensor). By default this skips {@code words = 400} at {@code batch = 128} (128 × 429² = 23.6 M)
 * and {@code 512} (512 × 429 = 219,648 tokens). Measured on this 2-core Xeon with one thread, 400 words × 128
 * takes 21 s per op on ORT and 29 s on LibTorch, whose pass peaks at 8.9 GB resident (its attention materialises
 * the scores): with 4 ops per cell and runtime it would add ~3.5 minutes and push the class past ~8 minutes;
 * 512 × 429 would take about a minute per op. The forks set {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0} so
 * that JavaCPP's default limit (4 × the 2 GB heap, counted over the whole process) does not abort large LibTorch
 * passes. Run the skipped cells with {@code -jvmArgsAppend "-Dspex4j.bench.maxAttention=1e12
 * -Dspex4j.bench.maxBatchTokens=300000" -p words=400 -p batch=128,512}.
 *
 * <p><b>stories260k log-prob</b> ({@code stories260kLogProb}): {@code ContinuationScorer.logProb} for a batch
 * of 64 masked copies (words → {@code <unk>}, uniform masks, seed 42, right-padded, per-row prefix lengths) of a
 * 40-token prefix (BOS + the longest word-boundary start of the paragraph with at most 40 tokens under the
 * llama2.c tokenizer), continued by the model's own 10-token greedy continuation of the unmasked prefix (as the
 * library's LOGPROB value function does), sum of log-probs. Sequences/s = ops/s × 64.
 *
 * <p><b>JMH settings</b> (to keep the class, 19 forks, under ~8 minutes on 2 cores; measured: 351 s): 1 fork
 * per cell with {@code -Xms2g -Xmx2g}, warmup 1 × 2 s, measurement 3 × 2 s, throughput mode. An op longer than
 * 2 s (e.g. 400 words at batch 32, 20 words at batch 512) makes each iteration a single op, so those cells are
 * measured over 3 ops after 1 warmup op. The error column is JMH's 99.9% half-width over the 3 iterations
 * (Student t with 2 degrees of freedom, 31.6 × the standard error), so it is wide by construction.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class ModelBenchmark {
    /** The default cap on {@code batch × padded length} per op: the library's token budget per forward pass. */
    static final long MAX_BATCH_TOKENS = TextModel.ValueOptions.defaults().maxBatchTokens();
    /** The default cap on {@code batch × padded length²} per op: attention-score elements per head. */
    static final double MAX_ATTENTION = 1 << 23;
    static final long SEED = 42;

    /** A MiniLM masked batch, with LibTorch or ONNX Runtime behind it (chosen by the benchmark method). */
    @State(Scope.Benchmark)
    public static class MiniLmBatch {
        @Param({"20", "100", "400"})
        public int words;

        @Param({"32", "128", "512"})
        public int batch;

        BertEncoder encoder;
        OrtEnvironment env;
        OrtSession session;
        long[] ids;
        long[] attention;
        long[] tokenTypes;
        int length;
        int hidden;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) throws Exception {
            boolean ort = params.getBenchmark().endsWith(".ort");
            NativeThreads.setTorchThreads(1);
            NativeThreads.setBlasThreads(1);
            encoder = BertEncoder.miniLm();
            hidden = encoder.hiddenSize();

            String text = text(words);
            HfTokenizerFile.Encoded tok = encoder.tokenize(text);
            if (tok.ids().length > encoder.maxPositions()) {
                throw new IllegalStateException(words + " words are " + tok.ids().length + " tokens, more than "
                        + encoder.maxPositions());
            }
            MaskedInput input = MaskedInput.of(Segmenter.words(text), tok.ids(), tok.charStarts(), tok.charEnds(),
                    MaskMode.REPLACE, encoder.unkId(), encoder.padId());
            Expanded e = expand(input, MaskBatch.uniform(input.n(), batch, new SplittableRandom(SEED)));
            long cap = Long.getLong("spex4j.bench.maxBatchTokens", MAX_BATCH_TOKENS);
            double attentionCap = Double.parseDouble(System.getProperty("spex4j.bench.maxAttention",
                    String.valueOf(MAX_ATTENTION)));
            long tokens = (long) batch * e.length;
            double scores = (double) tokens * e.length;
            if (tokens > cap || scores > attentionCap) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "cell skipped (capped): batch "
                        + "× padded length = %d × %d = %d tokens (cap %d), batch × length² = %.3g (cap %.3g); run "
                        + "it with -jvmArgsAppend \"-Dspex4j.bench.maxBatchTokens=%d -Dspex4j.bench.maxAttention="
                        + "%.0f\"", batch, e.length, tokens, cap, scores, attentionCap, tokens, scores));
            }
            ids = e.ids;
            attention = e.attention;
            length = e.length;
            tokenTypes = new long[ids.length];

            if (ort) {
                env = OrtEnvironment.getEnvironment();
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                    o.setIntraOpNumThreads(1);
                    o.setInterOpNumThreads(1);
                    session = env.createSession(onnxBytes(), o);
                }
                check();
            }
            System.out.printf("%n[minilm %s] words=%d (%d tokens unmasked), batch=%d, padded length=%d, "
                            + "mean masked length=%.1f; LibTorch threads=%d, BLAS threads=%d%s%n",
                    ort ? "ort" : "libtorch", words, tok.ids().length, batch, length, e.meanLength,
                    NativeThreads.torchThreads(), NativeThreads.blasThreads(),
                    ort ? ", ORT intra-op threads=1, inter-op threads=1, ORT " + env.getVersion() : "");
        }

        /** LibTorch and ORT agree on the first rows. */
        private void check() throws OrtException {
            int rows = Math.min(batch, 8);
            long[] i = java.util.Arrays.copyOf(ids, rows * length);
            long[] a = java.util.Arrays.copyOf(attention, rows * length);
            float[] lt = encoder.embed(i, a, rows, length);
            float[] ox = runOrt(session, env, i, a, new long[i.length], rows, length, hidden);
            double max = 0;
            for (int k = 0; k < lt.length; k++) {
                max = Math.max(max, Math.abs(lt[k] - ox[k]));
            }
            System.out.printf("%n[minilm check] LibTorch vs ORT on %d rows: max |diff| = %.2e%n", rows, max);
            if (!(max < 1e-4)) {
                throw new IllegalStateException("LibTorch and ORT embeddings differ by " + max);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            if (session != null) {
                session.close();
            }
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    /** stories260k and a batch of 64 masked 40-token prefixes with a 10-token continuation. */
    @State(Scope.Benchmark)
    public static class Stories {
        static final int BATCH = 64;
        static final int PREFIX = 40;
        static final int CONTINUATION = 10;

        LlamaModel model;
        ContinuationScorer scorer;
        long[] ids;
        long[] lengths;
        int length;
        int[] continuation;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            NativeThreads.setTorchThreads(1);
            NativeThreads.setBlasThreads(1);
            model = LlamaModel.stories260k();
            scorer = new ContinuationScorer(model);
            TextTokenizer tokenizer = model.tokenizer();
            // the longest word-boundary start of the paragraph with at most PREFIX tokens (BOS included)
            String all = text(200);
            List<Segment> segs = Segmenter.words(all);
            String text = null;
            for (Segment s : segs) {
                String candidate = all.substring(0, s.end());
                if (tokenizer.encode(candidate, true, false).size() > PREFIX) {
                    break;
                }
                text = candidate;
            }
            TextTokenizer.Encoding enc = tokenizer.encode(text, true, false);
            MaskedInput input = MaskedInput.of(Segmenter.words(text), enc.longIds(), enc.starts(), enc.ends(),
                    MaskMode.REPLACE, 0, 0);
            MaskBatch masks = MaskBatch.uniform(input.n(), BATCH, new SplittableRandom(SEED));
            Expanded e = expand(input, masks);
            ids = e.ids;
            length = e.length;
            lengths = new long[BATCH];
            for (int r = 0; r < BATCH; r++) {
                lengths[r] = e.lengths[r];
            }
            int[] prompt = enc.ids();
            int[] gen = new LlamaGenerator(model).generateGreedy(prompt, CONTINUATION, Greedy.CACHED);
            continuation = java.util.Arrays.copyOfRange(gen, prompt.length, gen.length);
            System.out.printf("%n[stories260k] prefix %d tokens (%d words), batch %d, padded length %d, mean masked "
                            + "length %.1f, continuation %d tokens; LibTorch threads=%d, BLAS threads=%d%n",
                    enc.size(), input.n(), BATCH, length, e.meanLength, continuation.length,
                    NativeThreads.torchThreads(), NativeThreads.blasThreads());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (model != null) {
                model.close();
            }
        }
    }

    /** One MiniLM batch on LibTorch: pooled, normalised embeddings. */
    @Benchmark
    public float[] libtorch(MiniLmBatch s) {
        return s.encoder.embed(s.ids, s.attention, s.batch, s.length);
    }

    /** The same batch on ONNX Runtime, pooled and normalised in Java. */
    @Benchmark
    public float[] ort(MiniLmBatch s) throws OrtException {
        return runOrt(s.session, s.env, s.ids, s.attention, s.tokenTypes, s.batch, s.length, s.hidden);
    }

    /** Sum log-prob of the continuation after each of the 64 masked prefixes. */
    @Benchmark
    public double[] stories260kLogProb(Stories s) {
        return s.scorer.logProb(s.ids, Stories.BATCH, s.length, s.lengths, s.continuation, false);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Mean-pools {@code output_0} under the attention mask and L2-normalises each row, as the library does. */
    static float[] runOrt(OrtSession session, OrtEnvironment env, long[] ids, long[] attention, long[] types,
            int batch, int length, int hidden) throws OrtException {
        long[] shape = {batch, length};
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(attention), shape));
            in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            try (OrtSession.Result r = session.run(in, java.util.Set.of("output_0"))) {
                FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] out = new float[batch * hidden];
                double[] acc = new double[hidden];
                for (int b = 0; b < batch; b++) {
                    java.util.Arrays.fill(acc, 0);
                    int count = 0;
                    for (int t = 0; t < length; t++) {
                        if (attention[b * length + t] == 0) {
                            continue;
                        }
                        count++;
                        int base = (b * length + t) * hidden;
                        for (int k = 0; k < hidden; k++) {
                            acc[k] += h.get(base + k);
                        }
                    }
                    double norm = 0;
                    for (int k = 0; k < hidden; k++) {
                        acc[k] /= Math.max(count, 1e-9);
                        norm += acc[k] * acc[k];
                    }
                    double inv = 1.0 / Math.max(Math.sqrt(norm), 1e-12);
                    for (int k = 0; k < hidden; k++) {
                        out[b * hidden + k] = (float) (acc[k] * inv);
                    }
                }
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** Right-padded masked inputs written by the library's native expansion kernel. */
    record Expanded(long[] ids, long[] attention, int[] lengths, int length, double meanLength) {}

    static Expanded expand(MaskedInput input, MaskBatch masks) {
        int rows = masks.rows();
        int[] lengths = MaskExpansion.lengths(input, masks);
        int len = 1;
        double sum = 0;
        for (int l : lengths) {
            len = Math.max(len, l);
            sum += l;
        }
        int[] all = new int[rows];
        for (int r = 0; r < rows; r++) {
            all[r] = r;
        }
        long n = (long) rows * len;
        try (LongPointer ids = new LongPointer(n); LongPointer att = new LongPointer(n);
             LongPointer pos = new LongPointer(n)) {
            MaskExpansion.expand(input, masks, all, len, ids, att, pos);
            long[] i = new long[(int) n], a = new long[(int) n];
            ids.get(i);
            att.get(a);
            return new Expanded(i, a, lengths, len, sum / rows);
        }
    }

    /**
     * A fixed English paragraph of plain review prose (105 whitespace words), repeated: {@link #text(int)} takes
     * its first {@code words} words. Plain prose keeps 400 words inside MiniLM's 512 positions (the first 400 words
     * of the bundled reviews are 541 tokens, too long for the model).
     */
    static final String PARAGRAPH = "The film opens on a quiet morning in a small town by the sea, where an old "
            + "fisherman and his daughter try to keep their family business alive after a hard winter. The story "
            + "moves slowly at first, but the actors give every scene a warm and honest feeling, and the camera finds "
            + "beauty in simple things like rain on a window or bread on a kitchen table. Some of the dialogue is a "
            + "little too neat, and the last act relies on a coincidence that is hard to believe. Still, the music is "
            + "lovely, the pace rewards patience, and I left the theater smiling.";

    /** The first {@code words} whitespace words of {@link #PARAGRAPH} repeated, joined by single spaces. */
    static String text(int words) {
        List<Segment> base = Segmenter.words(PARAGRAPH);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(base.get(i % base.size()).text());
        }
        return sb.toString();
    }

    /** The bytes of the MiniLM ONNX graph: the class-path resource the LibTorch encoder's weights come from. */
    static byte[] onnxBytes() throws IOException {
        try (InputStream in = ModelBenchmark.class.getResourceAsStream("/" + BertEncoder.MINILM_ONNX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("class-path resource /" + BertEncoder.MINILM_ONNX_RESOURCE
                        + " not found");
            }
            return in.readAllBytes();
        }
    }
}

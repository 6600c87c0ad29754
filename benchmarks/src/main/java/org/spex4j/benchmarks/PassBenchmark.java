package org.spex4j.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.MaskedForward;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.model.bert.BertConfig;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.runtime.NativeThreads;
import org.spex4j.model.runtime.Precision;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * The masked forward passes as an explanation runs them, on <b>all cores</b>, beside ONNX Runtime on the same cores
 * and the same rows, and beside a GEMM peak measured in the same run (the roofline line).
 *
 * <p><b>One op</b> evaluates 256 uniform random masks (seed 42) of a MiniLM input through the library's sentiment
 * value function: what one call of an explanation costs ({@code ValueOptions.batchSize()} masks per call). The
 * text is the first {@code words} words of {@link ModelBenchmark#PARAGRAPH} (20 / 100 words: 23 / 112 tokens).
 * {@code config}:
 * <ul>
 *   <li>{@code before}: the path as it was before concurrent passes: one pass of up to 65,536 tokens at a time,
 *       LibTorch's intra-op threads = the cores, OpenBLAS one thread;
 *   <li>{@code fp32}: the defaults: passes of at most 4,096 tokens, one per core side by side, each on one thread;
 *   <li>{@code bf16}: the same with {@code --precision bf16} (bfloat16 dense layers through oneDNN).
 * </ul>
 * {@code ortIntraOp} runs the same masked rows (expanded by the library's kernel, longest first, cut into passes of
 * at most 4,096 tokens as the library cuts a call for one thread) through ONNX Runtime's float32 MiniLM graph with intra-op threads = the cores, one pass after
 * the other; {@code ortParallel} runs those passes side by side on one session, one ONNX Runtime thread each.
 *
 * <p><b>GEMM peak</b> ({@code gemm}, {@link Threads#MAX} benchmark threads, one LibTorch thread each): the product
 * of the MiniLM FFN shape, [4,096 × 384] by [384 × 1,536], in {@code dtype} float32 (OpenBLAS) or bfloat16
 * (oneDNN). Its GFLOP/s over all threads is the machine's attainable peak for these layers.
 *
 * <p>Every op counts its floating-point operations in the auxiliary counter {@code flop}, which JMH reports as a
 * rate: useful FLOP/s (MiniLM: the dense layers and attention of the real tokens of each row, padding excluded).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
public class PassBenchmark {
    static final int MASKS = 256;
    static final long SEED = 42;
    static final long PASS_TOKENS = TextModel.ValueOptions.DEFAULT_BATCH_TOKENS;

    /** The floating-point operations done, reported by JMH as a rate (FLOP/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public double flop;

        @Setup(Level.Iteration)
        public void clear() {
            flop = 0;
        }
    }

    /** 256 masked forms of a MiniLM input, the library's value function over them, and ONNX Runtime. */
    @State(Scope.Benchmark)
    public static class MiniLm {
        @Param({"20", "100"})
        public int words;

        @Param({"before", "fp32", "bf16"})
        public String config;

        TextModel model;
        ValueFunction f;
        MaskBatch masks;
        double flopsPerOp;
        // ONNX Runtime: the rows of each pass
        OrtEnvironment env;
        OrtSession session;
        List<long[][]> passes;
        int hidden;
        ExecutorService two;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) throws Exception {
            int cores = Runtime.getRuntime().availableProcessors();
            boolean ort = params.getBenchmark().contains(".ort");
            if (ort && !config.equals("fp32")) {
                throw new IllegalStateException("ONNX Runtime runs float32 only: config=" + config + " is not run");
            }
            NativeThreads.setBlasThreads(1);
            NativeThreads.setTorchThreads(config.equals("before") ? cores : 1);
            model = Models.load("minilm", Kernels.Device.CPU);
            String text = ModelBenchmark.text(words);
            Tokenized tok = model.tokenize(text);
            MaskedInput input = MaskedInput.of(Segmenter.words(text), tok.ids(), tok.charStart(), tok.charEnd(),
                    MaskMode.REPLACE, model.replaceId(), model.padId());
            masks = MaskBatch.uniform(input.n(), MASKS, new SplittableRandom(SEED));
            TextModel.ValueOptions o = TextModel.ValueOptions.defaults();
            o = switch (config) {
                case "before" -> new TextModel.ValueOptions(256, 65_536, false, 16).withThreads(1);
                case "fp32" -> o;
                case "bf16" -> o.withPrecision(Precision.BF16);
                default -> throw new IllegalArgumentException("config " + config);
            };
            if (model.runsIn(o.precision()) != o.precision()) {
                throw new IllegalStateException("this CPU runs " + o.precision() + " as " + model.runsIn(
                        o.precision()) + ": cell skipped");
            }
            f = model.valueFunction(Task.SENTIMENT, input, o);
            ModelBenchmark.Expanded e = ModelBenchmark.expand(input, masks);
            BertConfig c;
            try (BertEncoder enc = BertEncoder.miniLm()) {
                c = enc.config();
            }
            hidden = c.hidden();
            flopsPerOp = 0;
            for (int len : e.lengths()) {
                flopsPerOp += minilmFlops(c, len);
            }
            if (ort) {
                env = OrtEnvironment.getEnvironment();
                boolean parallel = params.getBenchmark().endsWith("ortParallel");
                try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                    so.setIntraOpNumThreads(parallel ? 1 : cores);
                    so.setInterOpNumThreads(1);
                    session = env.createSession(ModelBenchmark.onnxBytes(), so);
                }
                passes = ortPasses(e);
                two = parallel ? Executors.newFixedThreadPool(cores) : null;
            }
            System.out.printf("%n[passes] %s words=%d config=%s: %d masks, mean masked length %.1f tokens, "
                    + "%.3g useful FLOP per op; cores=%d, LibTorch threads=%d, BLAS threads=%d%n",
                    params.getBenchmark(), words, config, MASKS, e.meanLength(), flopsPerOp, cores,
                    NativeThreads.torchThreads(), NativeThreads.blasThreads());
        }

        /**
         * The rows longest first, cut into passes of at most 4,096 padded tokens as the library cuts a call for one
         * thread ({@link MaskedForward#plan}), each padded to its longest row.
         */
        private List<long[][]> ortPasses(ModelBenchmark.Expanded e) {
            int rows = e.lengths().length, len = e.length();
            Integer[] order = new Integer[rows];
            for (int r = 0; r < rows; r++) {
                order[r] = r;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(e.lengths()[b], e.lengths()[a]));
            List<long[][]> out = new ArrayList<>();
            for (int[] p : MaskedForward.plan(e.lengths(), order, MASKS, PASS_TOKENS, 1)) {
                int at = p[0], count = p[1], l = Math.max(1, e.lengths()[order[at]]);
                long[] ids = new long[count * l], att = new long[count * l];
                for (int q = 0; q < count; q++) {
                    int r = order[at + q];
                    System.arraycopy(e.ids(), r * len, ids, q * l, l);
                    System.arraycopy(e.attention(), r * len, att, q * l, l);
                }
                out.add(new long[][] {ids, att, {count, l}});
            }
            return out;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            if (two != null) {
                two.shutdownNow();
            }
            if (session != null) {
                session.close();
            }
            if (model != null) {
                model.close();
            }
        }
    }

    /** MiniLM's FLOPs on one row of {@code len} real tokens: the dense layers and the two attention products. */
    static double minilmFlops(BertConfig c, int len) {
        double h = c.hidden(), in = c.intermediate();
        double dense = 2 * (4 * h * h + 2 * h * in) * len;
        double attention = 2 * 2 * (double) len * len * h;
        return c.layers() * (dense + attention);
    }

    @Benchmark
    public double[] minilm(MiniLm s, Flops flops) {
        flops.flop += s.flopsPerOp;
        return s.f.evaluate(s.masks);
    }

    @Benchmark
    public int ortIntraOp(MiniLm s, Flops flops) throws OrtException {
        flops.flop += s.flopsPerOp;
        int n = 0;
        for (long[][] p : s.passes) {
            n += runOrt(s, p).length;
        }
        return n;
    }

    @Benchmark
    public int ortParallel(MiniLm s, Flops flops) throws Exception {
        flops.flop += s.flopsPerOp;
        List<Future<float[]>> done = new ArrayList<>();
        for (long[][] p : s.passes) {
            done.add(s.two.submit(() -> runOrt(s, p)));
        }
        int n = 0;
        for (Future<float[]> d : done) {
            n += d.get().length;
        }
        return n;
    }

    private static float[] runOrt(MiniLm s, long[][] p) throws OrtException {
        int rows = (int) p[2][0], len = (int) p[2][1];
        return ModelBenchmark.runOrt(s.session, s.env, p[0], p[1], new long[p[0].length], rows, len, s.hidden);
    }

    /**
     * stories260k's log-prob value function (the default {@code logprob} task: the model's own 16-token greedy
     * continuation) on 256 masked forms of the first 40 words of the paragraph, {@code before} and {@code fp32} as
     * for MiniLM.
     */
    @State(Scope.Benchmark)
    public static class Stories {
        @Param({"before", "fp32"})
        public String config;

        TextModel model;
        ValueFunction f;
        MaskBatch masks;

        @Setup(Level.Trial)
        public void setup() {
            int cores = Runtime.getRuntime().availableProcessors();
            NativeThreads.setBlasThreads(1);
            NativeThreads.setTorchThreads(config.equals("before") ? cores : 1);
            model = Models.load("stories260k", Kernels.Device.CPU);
            String text = ModelBenchmark.text(40);
            MaskedInput input = model.input(text, org.spex4j.text.Granularity.WORDS, MaskMode.REPLACE);
            masks = MaskBatch.uniform(input.n(), MASKS, new SplittableRandom(SEED));
            TextModel.ValueOptions o = config.equals("before")
                    ? new TextModel.ValueOptions(256, 65_536, false, 16).withThreads(1)
                    : TextModel.ValueOptions.defaults();
            f = model.valueFunction(Task.LOGPROB, input, o);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
        }
    }

    @Benchmark
    public double[] stories260k(Stories s) {
        return s.f.evaluate(s.masks);
    }

    /** One [4,096 × 384] by [384 × 1,536] product per op, per benchmark thread, on one LibTorch thread. */
    @State(Scope.Thread)
    public static class Gemm {
        static final long M = 4096, K = 384, N = 1536;

        @Param({"fp32", "bf16"})
        public String dtype;

        Tensor a, b;
        InferenceMode guard;

        @Setup(Level.Trial)
        public void setup() {
            NativeThreads.setBlasThreads(1);
            torch.set_num_threads(1);
            if (dtype.equals("bf16") && !Precision.cpuHasBf16()) {
                throw new IllegalStateException("no bfloat16 instructions on this CPU: cell skipped");
            }
            ScalarType t = dtype.equals("bf16") ? ScalarType.BFloat16 : ScalarType.Float;
            guard = new InferenceMode();
            a = torch.randn(M, K).to(t);
            b = torch.randn(K, N).to(t);
            a.retainReference();
            b.retainReference();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.releaseReference();
            b.releaseReference();
            guard.close();
        }
    }

    @Benchmark
    @Threads(Threads.MAX)
    public long gemm(Gemm g, Flops flops) {
        flops.flop += 2.0 * Gemm.M * Gemm.K * Gemm.N;
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            return torch.mm(g.a, g.b).size(0);
        }
    }
}

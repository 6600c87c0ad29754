package org.spex4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.Kernels;
import org.spex4j.spex.Budget;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexDesign;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.SparseFourierFunction;
import org.spex4j.value.ValueFunction;

/**
 * All the non-model work of one SPEX explanation: {@code new SpexExplainer(config).explain(Subject.of(table, 1000),
 * budget, 3)} for
 * n = 1000, b = 8, t = 5 (P = 56, 43,008 queries), soft decoding (Chase depth 10), CPU kernels, design seed 3, with
 * refit NONE or LASSO.
 *
 * <p><b>Timed</b> ({@code explain}): everything {@code SpexExplainer.explain} does — building the BCH code and the
 * design, packing the 43,008 query masks, deduplicating them, assembling the batches of 512 masks, the value
 * function calls, the finiteness checks, scattering values back to all rows, the scaled WHT of the 168 rows,
 * peeling (detection and peeling passes until no bin is left or the trap exit), the refit, and assembling the
 * {@link Explanation}.
 *
 * <p><b>Not timed</b>: the model. The value function is a {@link LookupValueFunction} whose table is filled in setup
 * with the values of the {@link Workload} function (64 random terms of degree ≤ 5, magnitudes 1..10, Gaussian
 * noise sigma 0.5) on exactly the distinct masks of this design, in order of first appearance, so the explainer
 * sees the same values as it would from the {@link SparseFourierFunction} itself (setup checks that both give the
 * same coefficients). The table lookups (a hash of each 16-word mask and a row comparison) <em>are</em> timed:
 * {@code lookupOnly} runs the same lookups on the same batches alone, so the non-model cost is
 * {@code explain − lookupOnly}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpexPipelineBenchmark {
    private static final int BATCH = 512;

    private LookupValueFunction table;
    private List<MaskBatch> batches;

    /** The refit, a parameter of {@code explain} only. */
    @State(Scope.Thread)
    public static class RefitChoice {
        @Param({"NONE", "LASSO"})
        public String refit;

        SpexExplainer explainer;

        @Setup(Level.Trial)
        public void setup() {
            explainer = new SpexExplainer(config(Refit.valueOf(refit)));
        }
    }

    static SpexConfig config(Refit refit) {
        return SpexConfig.builder().optB(Workload.B).optMaxOrder(Workload.T).optDecoder(Decoder.SOFT)
                .optChaseDepth(Workload.CHASE_DEPTH).optRefit(refit).optDevice(Kernels.Device.CPU).build();
    }

    /** One explanation of f in batches of {@value #BATCH} masks, within the budget of b, from the design seed. */
    static Explanation explain(SpexExplainer explainer, ValueFunction f) {
        return explainer.explain(Subject.builder(f, Workload.N).optMasksPerCall(BATCH).build(),
                Budget.queries(Workload.N, Workload.T, Workload.B), Workload.DESIGN_SEED);
    }

    @Setup(Level.Trial)
    public void setup() {
        Kernels kernels = Kernels.cpu();
        int n = Workload.N;
        int w = MaskBatch.wordsFor(n);
        long[] distinctWords;
        int distinct;
        try (BchCode code = BchCode.create(n, Workload.T)) {
            SpexDesign design = Workload.design(code);
            long[] masks = design.masks(kernels);
            Kernels.UniqueRows unique = kernels.uniqueRows(masks, (int) design.queries(), w);
            distinct = unique.count();
            distinctWords = new long[distinct * w];
            for (int q = 0; q < distinct; q++) {
                System.arraycopy(masks, unique.first()[q] * w, distinctWords, q * w, w);
            }
        }
        double[] values = Workload.function().evaluate(new MaskBatch(n, distinct, distinctWords));
        table = new LookupValueFunction(n, distinctWords, distinct, values);
        batches = new ArrayList<>();
        for (int from = 0; from < distinct; from += BATCH) {
            batches.add(new MaskBatch(n, distinct, distinctWords).slice(from, Math.min(distinct, from + BATCH)));
        }

        // the table stands in for the function exactly
        for (Refit refit : new Refit[] {Refit.NONE, Refit.LASSO}) {
            SpexExplainer explainer = new SpexExplainer(config(refit));
            Explanation viaTable = explain(explainer, table);
            Explanation viaFunction = explain(explainer, Workload.function());
            if (!viaTable.fourier().asMap().equals(viaFunction.fourier().asMap())) {
                throw new IllegalStateException("the lookup table does not reproduce the function's explanation");
            }
            System.out.printf("[pipeline %s] %d distinct of %d queries, %d terms, %d iterations, timings %s%n",
                    refit, viaTable.distinctQueries(), viaTable.queries(), viaTable.fourier().size(),
                    viaTable.iterations(), viaTable.timingMillis());
        }
    }

    /** One explanation with the model replaced by table lookups. */
    @Benchmark
    public Explanation explain(RefitChoice choice) {
        return explain(choice.explainer, table);
    }

    /** The table lookups of one explanation alone (same batches), to subtract from {@code explain}. */
    @Benchmark
    public void lookupOnly(Blackhole bh) {
        for (MaskBatch batch : batches) {
            bh.consume(table.evaluate(batch));
        }
    }
}

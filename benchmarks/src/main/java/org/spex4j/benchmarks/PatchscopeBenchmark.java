package org.spex4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.runtime.NativeThreads;
import org.spex4j.patchscopes.LayerSweep;
import org.spex4j.patchscopes.NextTokens;
import org.spex4j.patchscopes.Patchscope;
import org.spex4j.patchscopes.SweepTable;
import org.spex4j.patchscopes.TokenIdentity;
import org.spex4j.patchscopes.TokenIdentity.Expected;
import org.spex4j.patchscopes.TokenIdentity.Sample;
import org.spex4j.patchscopes.TokenIdentity.TargetPrompt;

/**
 * Patchscope sweep time on stories260k (5 blocks, so 6 x 6 = 36 (source layer, target layer) pairs), LibTorch with
 * one intra-op thread. The target is the token-identity prompt of {@link TokenIdentity} with the source-token
 * expectation (16 tokens).
 *
 * <ul>
 *   <li>{@code sweepOneSample}: {@link LayerSweep#run} for one source position of a 13-token sentence: one source
 *       forward recording all 6 layers, the logit-lens baseline, and one batched target forward of 36 rows.
 *   <li>{@code sweepOneSampleRowByRow}: the same 36 patches as 36 single {@link Patchscope#read} calls (plus the
 *       source forward), what the batching saves.
 *   <li>{@code tokenIdentitySweep}: the whole measurement of docs/results/patchscopes, 369 source positions of the
 *       20 built-in sentences, single-shot (one op is one full sweep).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PatchscopeBenchmark {
    LlamaModel model;
    Patchscope scope;
    TargetPrompt target;
    List<Sample> one;
    List<Sample> all;

    @Setup(Level.Trial)
    public void setup() {
        NativeThreads.setTorchThreads(1);
        model = LlamaModel.stories260k();
        scope = new Patchscope(model);
        target = TokenIdentity.target(scope, Expected.SOURCE_TOKEN);
        int[] ids = scope.encode("One day, Tim saw a big red ball under the tree.");
        one = List.of(new Sample(ids, 6));
        all = TokenIdentity.samples(scope, TokenIdentity.SENTENCES);
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    @Benchmark
    public SweepTable sweepOneSample() {
        return LayerSweep.run(scope, one, target, Expected.SOURCE_TOKEN, null);
    }

    @Benchmark
    public double sweepOneSampleRowByRow() {
        Sample s = one.get(0);
        Patchscope.SourceRun src = scope.runSource(s.ids());
        double sum = 0;
        for (int ls = 0; ls <= scope.layers(); ls++) {
            float[] h = src.state(ls, s.position());
            for (int lt = 0; lt <= scope.layers(); lt++) {
                NextTokens p = scope.read(scope.target(target.ids(), target.position(), lt), h);
                sum += p.argmax();
            }
        }
        return sum;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public SweepTable tokenIdentitySweep() {
        return LayerSweep.run(scope, all, target, Expected.SOURCE_TOKEN, null);
    }
}

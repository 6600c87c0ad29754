package org.spex4j.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.baselines.Baselines;
import org.spex4j.kernels.Kernels;
import org.spex4j.spex.Budget;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * The time outside the model of one explanation, per method, at SPEX's query count for b = 6 (3·P·2^6: 6,720
 * queries at n = 100, 10,752 at n = 1000), as the study and {@code --method} give every method. The value function
 * costs next to nothing: one value per mask, a fixed additive function read off the mask's words (so sampling,
 * regression, transforms and decoding are what is timed). {@code evaluateOnly} times that function alone on the
 * same number of uniform masks, to show it is negligible. Interaction baselines of order 2 run at n = 60: the
 * feasibility rule (spec §8.5) allows order 2 only below 64 features.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MethodsBenchmark {
    static final int B = 6;
    static final int SECOND_ORDER_N = 60;

    /**
     * An additive game costing a few nanoseconds per mask: f(m) = Σ_j c_j · popcount(word_j(m) & p_j), i.e. weight
     * c_j on the features of a fixed random pattern p_j in each 64-feature word j.
     */
    static ValueFunction additive(int n) {
        int w = MaskBatch.wordsFor(n);
        long[] pattern = new long[w];
        double[] c = new double[w];
        SplittableRandom rnd = new SplittableRandom(n);
        for (int j = 0; j < w; j++) {
            pattern[j] = rnd.nextLong();
            c[j] = (rnd.nextBoolean() ? 1 : -1) * (1 + j % 7);
        }
        return masks -> {
            long[] words = masks.words();
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                double s = 0;
                for (int j = 0; j < w; j++) {
                    s += c[j] * Long.bitCount(words[r * w + j] & pattern[j]);
                }
                out[r] = s;
            }
            return out;
        };
    }

    static Explainer explainer(String method, int n) {
        if (method.equals("spex")) {
            return new SpexExplainer(SpexConfig.builder().optDevice(Kernels.Device.CPU).build());
        }
        int dash = method.lastIndexOf('-');
        if (dash > 0 && Character.isDigit(method.charAt(dash + 1))) {
            return Baselines.byName(method.substring(0, dash), method.charAt(dash + 1) - '0');
        }
        return Baselines.byName(method);
    }

    /** One explanation of f over n features within SPEX's budget at b = {@value #B}, seed 1. */
    static Explanation explain(Explainer explainer, ValueFunction f, int n) {
        return explainer.explain(Subject.of(f, n), Budget.queries(n, 5, B), 1);
    }

    /** First-order methods and SPEX, at n = 100 and 1000. */
    @State(Scope.Thread)
    public static class FirstOrder {
        @Param({"spex", "lime", "kernelshap", "banzhaf", "loo"})
        public String method;

        @Param({"100", "1000"})
        public int n;

        Explainer explainer;
        ValueFunction f;

        @Setup
        public void setup() {
            explainer = explainer(method, n);
            f = additive(n);
        }
    }

    /** Order-2 interaction baselines at n = 60 (SPEX's query count there: 3·P·2^6). */
    @State(Scope.Thread)
    public static class SecondOrder {
        @Param({"faith-banzhaf-2", "faith-shap-2", "shapley-taylor-2"})
        public String method;

        Explainer explainer;
        ValueFunction f;

        @Setup
        public void setup() {
            explainer = explainer(method, SECOND_ORDER_N);
            f = additive(SECOND_ORDER_N);
        }
    }

    /** The value function alone on SPEX's query count of uniform masks. */
    @State(Scope.Thread)
    public static class Masks {
        @Param({"100", "1000"})
        public int n;

        ValueFunction f;
        MaskBatch masks;

        @Setup
        public void setup() {
            f = additive(n);
            masks = MaskBatch.uniform(n, (int) Budget.queries(n, 5, B), new SplittableRandom(2));
        }
    }

    @Benchmark
    public Explanation firstOrder(FirstOrder s) {
        return explain(s.explainer, s.f, s.n);
    }

    @Benchmark
    public Explanation secondOrder(SecondOrder s) {
        return explain(s.explainer, s.f, SECOND_ORDER_N);
    }

    @Benchmark
    public double[] evaluateOnly(Masks s) {
        return s.f.evaluate(s.masks);
    }
}

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
import org.spex4j.kernels.Kernels;
import org.spex4j.proxyspex.ProxySpexConfig;
import org.spex4j.proxyspex.ProxySpexExplainer;
import org.spex4j.spex.Budget;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.value.SparseFourierFunction;
import org.spex4j.value.ValueFunction;

/**
 * The time outside the model of one ProxySPEX explanation beside SPEX's, at n = 100 and 1000: sampling, the 5-fold
 * cross-validation of the trees (20 fits of 1000 trees), the final fit, the Fourier extraction and the ridge refit.
 * "spex" runs at b = 6 (3·P·2^6 queries: 6,720 at n = 100, 10,752 at n = 1000); "proxyspex" gets the same query
 * count and "proxyspex/10" a tenth of it. The value function is a noiseless sparse Fourier function (32 terms of
 * degree 1..3, magnitudes 1..10) that costs microseconds per batch. Single shots: one explanation is seconds to
 * minutes long.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class ProxySpexBenchmark {
    static final int B = 6;

    @Param({"spex", "proxyspex", "proxyspex/10"})
    public String method;

    @Param({"100", "1000"})
    public int n;

    Explainer explainer;
    long budget;
    Subject subject;

    @Setup
    public void setup() {
        long spexBudget = Budget.queries(n, 5, B);
        explainer = method.equals("spex")
                ? new SpexExplainer(SpexConfig.builder().optDevice(Kernels.Device.CPU).build())
                : new ProxySpexExplainer(ProxySpexConfig.builder().build());
        budget = switch (method) {
            case "spex", "proxyspex" -> spexBudget;
            case "proxyspex/10" -> spexBudget / 10;
            default -> throw new IllegalArgumentException(method);
        };
        ValueFunction f = new SparseFourierFunction(SparseFourierFunction.random(n, 32, 3, 1, 10,
                new SplittableRandom(n)), 0, 0);
        subject = Subject.of(f, n);
    }

    @Benchmark
    public Explanation explain() {
        return explainer.explain(subject, budget, 1);
    }
}

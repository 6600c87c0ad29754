package org.spex4j.spex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.BinMatrix;
import org.spex4j.kernels.DetectParams;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.BatchEvaluator;

/**
 * SPEX (Kang et al., arXiv 2502.13870): sparse Fourier recovery of a value function from BCH-coded subsampled
 * queries, exactly as spec/SPEX.md describes it. Stateless: one instance may explain many functions at once.
 *
 * <pre>{@code
 * Explanation e = new SpexExplainer(SpexConfig.builder().build()).explain(Subject.of(f, n), 10_000, 42);
 * }</pre>
 * The budget selects b (the largest whose 3·P·2^b queries fit, spec §4.3) unless the configuration fixes it.
 */
public final class SpexExplainer implements Explainer {
    private final SpexConfig config;

    public SpexExplainer(SpexConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return "spex";
    }

    public SpexConfig config() {
        return config;
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        int n = subject.n();
        Explainer.requireBudget(budget, name());
        long start = System.nanoTime();
        int t = config.maxOrder();
        int b = config.resolveB(n, budget);
        Kernels kernels = Kernels.forDevice(config.device());
        try (BchCode code = BchCode.create(n, t)) {
            // 1. design: subsampling matrices from the seed, BCH delays, query masks
            SpexDesign design = new SpexDesign(code, b, SpexConfig.GROUPS, new SplittableRandom(seed));
            long queries = design.queries();
            if (queries > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException(queries + " queries (b = " + b + ") is more than one run holds");
            }
            long[] masks = design.masks(kernels);

            // 2. evaluate each distinct mask once, in batches
            BatchEvaluator evaluator = new BatchEvaluator(subject.masksPerCall(), subject.progress(),
                    subject.cancelled());
            BatchEvaluator.Result evaluated = evaluator.evaluate(subject.value(), n, masks, (int) queries, kernels);
            long afterEvaluate = System.nanoTime();

            // 3. per (group, delay) row: WHT scaled by 2^-b
            double[] u = evaluated.values().clone();
            kernels.fwht(u, design.groups() * design.delays(), b, true);
            double[] rawU = config.refit() == Refit.NONE ? null : u.clone();
            long afterTransform = System.nanoTime();

            // 4. peel
            BinMatrix bins = new BinMatrix(design.groups(), design.delays(), b, n, u, design.mrows());
            double cutoff = 1e-9 + 1.5 * config.noiseSd() * config.noiseSd() / (1 << b);
            DetectParams params = new DetectParams(cutoff, config.residualCutoff(), config.decoder() == Decoder.SOFT,
                    config.chaseDepth(), config.threads());
            Peeling.Result peeled = Peeling.run(kernels, code, bins, params, config.maxIterations(),
                    config.trapExit());
            long afterDecode = System.nanoTime();

            // 5. refit on every query
            Map<FeatureSet, Double> coefficients = peeled.coefficients();
            if (config.refit() != Refit.NONE) {
                SpexRegression regression = new SpexRegression(n, coefficients.keySet(), design, rawU,
                        evaluated.values());
                double[] beta = regression.fit(config.refit());
                List<FeatureSet> support = regression.support();
                coefficients = new LinkedHashMap<>();
                for (int a = 0; a < beta.length; a++) {
                    if (beta[a] != 0) {
                        coefficients.put(support.get(a), beta[a]);
                    }
                }
            }
            long end = System.nanoTime();

            SparseCoefficients fourier = SparseCoefficients.of(n, Basis.FOURIER, coefficients);
            return Explanation.builder(name(), fourier)
                    .b(b)
                    .maxOrder(t)
                    .queries(queries, evaluated.distinct())
                    .iterations(peeled.iterations())
                    .seed(seed)
                    .timing("evaluate", millis(start, afterEvaluate))
                    .timing("transform", millis(afterEvaluate, afterTransform))
                    .timing("decode", millis(afterTransform, afterDecode))
                    .timing("refit", millis(afterDecode, end))
                    .timing("total", millis(start, end))
                    .build();
        }
    }

    private static double millis(long from, long to) {
        return (to - from) / 1e6;
    }
}

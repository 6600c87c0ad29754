package org.spex4j.proxyspex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.KFold;
import org.spex4j.math.MaskBatch;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.BatchEvaluator;

/**
 * ProxySPEX (arXiv 2505.17495) on any value function:
 *
 * <ol>
 *   <li>sample {@code budget} masks, the all-masked and all-kept masks and then i.i.d. uniform ones (each feature
 *       kept with probability ½), from the seed; evaluate each distinct mask once, in batches;</li>
 *   <li>fit gradient-boosted trees ({@link BoostedTrees}); unless fixed, the depth in {t − 2, t}, the trees in
 *       {500, 1000} and the learning rate in {0.01, 0.1} are those of the best mean R² over 5 contiguous folds
 *       (scikit-learn's unshuffled KFold; ties go to the first in that order);</li>
 *   <li>read the exact Fourier transform off the trees ({@link TreeFourier});</li>
 *   <li>keep the fewest coefficients, largest first, that carry {@link ProxySpexConfig#energy()} of the non-constant
 *       energy, and refit them (and the constant) by ridge regression on the same samples ({@link RidgeRefit}).</li>
 * </ol>
 * A value function that is constant on the samples gets an explanation with only the constant term.
 */
public final class ProxySpexExplainer implements Explainer {
    /** The learning rates of the grid. */
    static final double[] LEARNING_RATES = {0.01, 0.1};
    /** The tree counts of the grid; the smaller ones are read off the largest fit (boosting is sequential). */
    static final int[] TREES = {500, 1000};

    private final ProxySpexConfig config;

    /** An explanation and how its proxy was fitted. */
    public record Result(Explanation explanation, String hyperparameters, double cvR2, int treeTerms, int kept,
                         double ridgeAlpha) {
    }

    public ProxySpexExplainer(ProxySpexConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return "proxyspex";
    }

    public ProxySpexConfig config() {
        return config;
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        return run(subject, budget, seed).explanation();
    }

    /**
     * Explains {@code subject} from {@code budget} masks (at least {@link ProxySpexConfig#MIN_BUDGET}) and reports
     * the fit's choices (hyperparameters, CV R², terms kept).
     */
    public Result run(Subject subject, long budget, long seed) {
        int n = subject.n();
        if (budget < ProxySpexConfig.MIN_BUDGET) {
            throw new IllegalArgumentException("ProxySPEX needs a budget of at least " + ProxySpexConfig.MIN_BUDGET
                    + " queries (" + (ProxySpexConfig.MIN_BUDGET / ProxySpexConfig.FOLDS) + " per cross-validation"
                    + " fold), got " + budget);
        }
        if ((double) budget * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("proxyspex: a budget of " + budget + " masks over n = " + n
                    + " features is more than one run holds");
        }
        int rows = (int) budget;
        long start = System.nanoTime();

        // 1. masks: all masked, all kept, then uniform; each distinct one evaluated once
        MaskBatch masks = MaskBatch.uniform(n, rows, new SplittableRandom(seed));
        int w = masks.wordsPerRow();
        for (int i = 0; i < n; i++) {
            masks.set(0, i, false);
            masks.set(1, i, true);
        }
        BatchEvaluator evaluator = new BatchEvaluator(subject.masksPerCall(), subject.progress(), subject.cancelled());
        BatchEvaluator.Result evaluated = evaluator.evaluate(subject.value(), n, masks.words(), rows, Kernels.cpu());
        double[] y = evaluated.values();
        long afterEvaluate = System.nanoTime();

        double lo = Arrays.stream(y).min().orElse(0);
        double hi = Arrays.stream(y).max().orElse(0);
        if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi))) {
            SparseCoefficients constant = SparseCoefficients.of(n, Basis.FOURIER, Map.of(FeatureSet.EMPTY, y[0]));
            Explanation e = explanation(constant, seed, evaluated, start, afterEvaluate, afterEvaluate, afterEvaluate,
                    System.nanoTime());
            return new Result(e, "none (constant value function)", 1.0, 1, 1, 0);
        }

        // 2. the trees
        float[] x = new float[rows * n];
        float[] yf = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                x[r * n + i] = masks.get(r, i) ? 1f : 0f;
            }
            yf[r] = (float) y[r];
        }
        BoostedTrees.Params chosen = config.fixedHyperparameters();
        double cvR2 = Double.NaN;
        if (chosen == null) {
            Choice c = crossValidate(x, n, yf, rows, seed, subject.cancelled());
            chosen = c.params;
            cvR2 = c.r2;
        }
        int[] all = new int[rows];
        Arrays.setAll(all, r -> r);
        Map<FeatureSet, Double> transform;
        long afterFit;
        try (BoostedTrees trees = BoostedTrees.fit(x, n, yf, all, chosen, seed)) {
            afterFit = System.nanoTime();
            // 3. exact Fourier transform of the ensemble
            transform = TreeFourier.ensemble(trees.trees(), trees.baseScore());
        }
        long afterExtract = System.nanoTime();

        // 4. the terms that carry the energy, refitted
        List<FeatureSet> support = strongest(transform, config.energy());
        RidgeRefit.Fit fit = RidgeRefit.fit(support, masks.words(), w, rows, y);
        Map<FeatureSet, Double> refitted = new HashMap<>();
        refitted.put(FeatureSet.EMPTY, fit.constant());
        for (int a = 0; a < support.size(); a++) {
            if (fit.beta()[a] != 0) {
                refitted.put(support.get(a), fit.beta()[a]);
            }
        }
        long end = System.nanoTime();
        Explanation e = explanation(SparseCoefficients.of(n, Basis.FOURIER, refitted), seed, evaluated, start,
                afterEvaluate, afterFit, afterExtract, end);
        return new Result(e, chosen.toString(), cvR2, transform.size(), support.size(), fit.alpha());
    }

    private Explanation explanation(SparseCoefficients fourier, long seed, BatchEvaluator.Result evaluated, long start,
            long afterEvaluate, long afterFit, long afterExtract, long end) {
        return Explanation.builder(name(), fourier)
                .maxOrder(config.maxOrder())
                .queries(evaluated.values().length, evaluated.distinct())
                .seed(seed)
                .timing("evaluate", millis(start, afterEvaluate))
                .timing("fit", millis(afterEvaluate, afterFit))
                .timing("extract", millis(afterFit, afterExtract))
                .timing("refit", millis(afterExtract, end))
                .timing("total", millis(start, end))
                .build();
    }

    /**
     * The non-empty keys of {@code transform}, largest |value| first, up to and including the one at which their
     * squared values first reach {@code energy} of the non-constant total (ties broken by key order).
     */
    static List<FeatureSet> strongest(Map<FeatureSet, Double> transform, double energy) {
        List<Map.Entry<FeatureSet, Double>> terms = new ArrayList<>();
        double total = 0;
        for (Map.Entry<FeatureSet, Double> e : transform.entrySet()) {
            if (!e.getKey().isEmpty() && e.getValue() != 0) {
                terms.add(e);
                total += e.getValue() * e.getValue();
            }
        }
        terms.sort((a, b) -> {
            int c = Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue()));
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<FeatureSet> out = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<FeatureSet, Double> e : terms) {
            out.add(e.getKey());
            sum += e.getValue() * e.getValue();
            if (sum >= energy * total) {
                break;
            }
        }
        return out;
    }

    private record Choice(BoostedTrees.Params params, double r2) {
    }

    /** One fold's fit at one (learning rate, depth): its held-out R² at every tree count of the grid. */
    private record FoldFit(int fold, int lr, int depth, double[] r2) {
    }

    private Choice crossValidate(float[] x, int n, float[] y, int rows, long seed, BooleanSupplier cancelled) {
        int t = config.maxOrder();
        int[] depths = new LinkedHashSet<>(List.of(Math.max(1, t - 2), t)).stream().mapToInt(Integer::intValue)
                .toArray();
        int folds = ProxySpexConfig.FOLDS;
        int maxTrees = TREES[TREES.length - 1];
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread th = new Thread(r, "proxyspex-cv");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<FoldFit>> futures = new ArrayList<>();
            for (int fold = 0; fold < folds; fold++) {
                KFold.Split split = KFold.split(rows, folds, fold);
                for (int lr = 0; lr < LEARNING_RATES.length; lr++) {
                    for (int d = 0; d < depths.length; d++) {
                        int fFold = fold;
                        int fLr = lr;
                        int fD = d;
                        BoostedTrees.Params p = new BoostedTrees.Params(depths[d], maxTrees, LEARNING_RATES[lr]);
                        futures.add(pool.submit(() -> {
                            if (cancelled.getAsBoolean()) {
                                throw new CancellationException("cancelled during cross-validation");
                            }
                            try (BoostedTrees trees = BoostedTrees.fit(x, n, y, split.train(), p, seed)) {
                                double[] r2 = new double[TREES.length];
                                for (int k = 0; k < TREES.length; k++) {
                                    r2[k] = r2(trees.predict(x, split.test(), TREES[k]), y, split.test());
                                }
                                return new FoldFit(fFold, fLr, fD, r2);
                            }
                        }));
                    }
                }
            }
            double[][][] mean = new double[LEARNING_RATES.length][depths.length][TREES.length];
            for (Future<FoldFit> future : futures) {
                FoldFit ff = get(future);
                for (int k = 0; k < TREES.length; k++) {
                    mean[ff.lr][ff.depth][k] += ff.r2[k] / folds;
                }
            }
            BoostedTrees.Params best = null;
            double bestR2 = Double.NEGATIVE_INFINITY;
            for (int lr = 0; lr < LEARNING_RATES.length; lr++) {
                for (int d = 0; d < depths.length; d++) {
                    for (int k = 0; k < TREES.length; k++) {
                        if (mean[lr][d][k] > bestR2) {
                            bestR2 = mean[lr][d][k];
                            best = new BoostedTrees.Params(depths[d], TREES[k], LEARNING_RATES[lr]);
                        }
                    }
                }
            }
            return new Choice(best, bestR2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static FoldFit get(Future<FoldFit> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during cross-validation");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** R² of predictions on the given rows (1 for a perfect fit of constant targets, else 0 there). */
    static double r2(double[] predicted, float[] y, int[] rows) {
        double mean = 0;
        for (int r : rows) {
            mean += y[r];
        }
        mean /= rows.length;
        double sse = 0;
        double sst = 0;
        for (int q = 0; q < rows.length; q++) {
            double e = y[rows[q]] - predicted[q];
            sse += e * e;
            double c = y[rows[q]] - mean;
            sst += c * c;
        }
        if (sst == 0) {
            return sse == 0 ? 1.0 : 0.0;
        }
        return 1 - sse / sst;
    }

    private static double millis(long from, long to) {
        return (to - from) / 1e6;
    }
}

package org.spex4j.baselines;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.Cholesky;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/**
 * LIME (Ribeiro, Singh, Guestrin, "Why Should I Trust You?", arXiv 1602.04938) on binary masks, with the reference's
 * settings (SPEX.md §8.6: {@code LimeTabularExplainer} on a 2-row 0/1 training set, {@code kernel_width=25},
 * {@code distance_metric='cosine'}, {@code num_samples} = the budget).
 *
 * <p>What is implemented:
 * <ul>
 *   <li>Samples: the first is the instance itself (every feature kept); each of the other {@code budget − 1} masks
 *       keeps every feature independently with probability 1/2 — what LIME's tabular sampler draws when every feature
 *       takes the values 0 and 1 once in the training data — with replacement (a repeated mask is queried once).</li>
 *   <li>Distance: the cosine distance between the mask and the all-ones instance, {@code d = 1 − sqrt(|m| / n)}, and
 *       {@code d = 1} for the empty mask (sklearn's convention for a zero vector). LIME itself measures it on its
 *       standardised binary representation; on 0/1 masks this is the plain cosine distance to the instance.</li>
 *   <li>Kernel: {@code π(m) = sqrt(exp(−d² / width²))} with width 25.</li>
 *   <li>Fit: weighted ridge with an unpenalised intercept on all n features (sklearn {@code Ridge(alpha=1)}, as LIME's
 *       default {@code model_regressor} when every feature is selected): {@code (X_cᵀ W X_c + α I) β = X_cᵀ W y_c} on
 *       weight-centred data, intercept {@code ȳ − x̄ᵀ β}.</li>
 * </ul>
 * The surrogate is first order in the 0/1 (Möbius) basis: {@code a(∅)} = the intercept, {@code a({i}) = β_i}. With
 * {@code alpha = 0} the fit is weighted least squares, which recovers a linear function exactly.
 */
public final class LimeExplainer implements Explainer {
    /** LIME's kernel width in the reference runs. */
    public static final double DEFAULT_KERNEL_WIDTH = 25.0;
    /** The ridge penalty of LIME's default regressor. */
    public static final double DEFAULT_ALPHA = 1.0;

    private final double kernelWidth;
    private final double alpha;

    /** LIME with the reference's settings (kernel width 25, ridge α = 1). */
    public LimeExplainer() {
        this(DEFAULT_KERNEL_WIDTH, DEFAULT_ALPHA);
    }

    /**
     * LIME with a given kernel width (&gt; 0) and ridge penalty (&gt;= 0; 0 is weighted least squares).
     *
     * @throws IllegalArgumentException for a width that is not positive and finite or a negative or non-finite α
     */
    public LimeExplainer(double kernelWidth, double alpha) {
        if (!(kernelWidth > 0) || Double.isInfinite(kernelWidth)) {
            throw new IllegalArgumentException("kernel width must be positive and finite, got " + kernelWidth);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("ridge alpha must be finite and >= 0, got " + alpha);
        }
        this.kernelWidth = kernelWidth;
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "lime";
    }

    public double kernelWidth() {
        return kernelWidth;
    }

    public double alpha() {
        return alpha;
    }

    /** The sample weight of a mask keeping {@code kept} of n features. */
    double weight(int kept, int n) {
        double d = kept == 0 ? 1.0 : 1.0 - Math.sqrt((double) kept / n);
        return Math.sqrt(Math.exp(-d * d / (kernelWidth * kernelWidth)));
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        Runs.Call call = new Runs.Call(name(), subject, budget, seed);
        int n = subject.n();
        long start = System.nanoTime();
        int rows = Runs.rowsOf(budget, n, name());
        MaskBatch.Builder masks = MaskBatch.builder(n, rows);

        // 1. the instance, then independent fair-coin masks
        masks.addAllKept();
        Sampling.independent(masks, rows - 1L, new SplittableRandom(seed));
        // 2. evaluate each distinct mask once, in batches
        BatchEvaluator.Result evaluated = Runs.evaluate(call, masks);
        long fitStart = System.nanoTime();
        // 3. kernel weights by the number of kept features, then the weighted ridge with intercept
        int[] rowClass = new int[rows];
        double[] classWeight = new double[n + 1];
        for (int s = 0; s <= n; s++) {
            classWeight[s] = weight(s, n);
        }
        for (int t = 0; t < rows; t++) {
            rowClass[t] = masks.keptCount(t);
        }
        SetRegression.Design design = new SetRegression.Design(masks, 0, rows, rowClass, classWeight,
                evaluated.values());
        List<FeatureSet> terms = SetRegression.termsUpTo(n, 1);
        SparseCoefficients fourier;
        if (alpha == 0) {
            fourier = SetRegression.fit(design, terms, null).fourier();
        } else {
            fourier = Conversions.mobiusToFourier(ridgeWithIntercept(design, terms, n));
        }
        long end = System.nanoTime();
        return Runs.explanation(call, fourier, 1, rows, evaluated, start, fitStart, end)
                .iterations(1)
                .full(evaluated.values()[0])
                .build();
    }

    /** sklearn's weighted {@code Ridge(alpha, fit_intercept=True)} from the Möbius normal equations (∅ first). */
    private SparseCoefficients ridgeWithIntercept(SetRegression.Design design, List<FeatureSet> terms, int n) {
        SetRegression.NormalEquations ne = SetRegression.normalEquations(design, terms, Basis.MOBIUS);
        int p = n + 1;
        double[] g = ne.gram();
        double total = g[0];
        double yMean = ne.rhs()[0] / total;
        double[] xMean = new double[n];
        for (int i = 0; i < n; i++) {
            xMean[i] = g[i + 1] / total;
        }
        double[] a = new double[n * n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = g[(i + 1) * p + (j + 1)] - total * xMean[i] * xMean[j];
            }
            a[i * n + i] += alpha;
            r[i] = ne.rhs()[i + 1] - total * xMean[i] * yMean;
        }
        double[] beta = Cholesky.solveScaled(a, r, n);
        if (beta == null) {
            throw new IllegalStateException("LIME's ridge system (alpha = " + alpha + ") is not positive definite");
        }
        double intercept = yMean;
        SparseCoefficients.Builder out = SparseCoefficients.builder(n, Basis.MOBIUS);
        for (int i = 0; i < n; i++) {
            intercept -= xMean[i] * beta[i];
            out.put(FeatureSet.of(i), beta[i]);
        }
        out.put(FeatureSet.EMPTY, intercept);
        return out.build();
    }
}

package org.spex4j.benchmarks;

import java.util.SplittableRandom;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexDesign;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.Progress;
import org.spex4j.value.SparseFourierFunction;

/**
 * The synthetic workload shared by the detection and pipeline benchmarks (the same as SpexRecoveryTest's): n = 1000
 * features, 64 random Fourier terms of degree 1..5 with magnitudes in [1, 10], Gaussian noise sigma = 0.5, design
 * seed 3, b = 8, t = 5, C = 3 groups.
 */
final class Workload {
    static final int N = 1000;
    static final int TERMS = 64;
    static final int MAX_DEGREE = 5;
    static final double SIGMA = 0.5;
    static final long NOISE_SEED = 7;
    static final long DESIGN_SEED = 3;
    static final int B = 8;
    static final int T = 5;
    static final int CHASE_DEPTH = 10;

    private Workload() {}

    /** The ground-truth coefficients. */
    static SparseCoefficients truth() {
        return SparseFourierFunction.random(N, TERMS, MAX_DEGREE, 1, 10, new SplittableRandom(N + TERMS));
    }

    /** A fresh noisy value function (its noise stream restarts from the seed). */
    static SparseFourierFunction function() {
        return new SparseFourierFunction(truth(), SIGMA, NOISE_SEED);
    }

    /** SpexExplainer's design for this workload: same code, b, groups and seed. */
    static SpexDesign design(BchCode code) {
        return new SpexDesign(code, B, SpexConfig.GROUPS, new SplittableRandom(DESIGN_SEED));
    }

    /**
     * The observations U of the design as SpexExplainer computes them: every distinct mask evaluated once (in order
     * of first appearance), then each (group, delay) row transformed by the scaled WHT.
     */
    static double[] observations(SpexDesign design, Kernels kernels) {
        long[] masks = design.masks(kernels);
        BatchEvaluator evaluator = new BatchEvaluator(512, Progress.NONE, () -> false);
        double[] u = evaluator.evaluate(function(), N, masks, (int) design.queries(), kernels).values().clone();
        kernels.fwht(u, design.groups() * design.delays(), design.b(), true);
        return u;
    }
}

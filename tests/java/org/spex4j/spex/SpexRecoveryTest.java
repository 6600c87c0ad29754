package org.spex4j.spex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.SparseFourierFunction;

/** Exact recovery of random sparse functions (issue 3; spec §9.5 gives the expected behaviour). */
class SpexRecoveryTest {

    static double nmse(SparseCoefficients truth, SparseCoefficients got) {
        double err = 0, norm = 0;
        for (Map.Entry<FeatureSet, Double> e : truth.entries()) {
            double d = e.getValue() - got.value(e.getKey());
            err += d * d;
            norm += e.getValue() * e.getValue();
        }
        for (Map.Entry<FeatureSet, Double> e : got.entries()) {
            if (!truth.contains(e.getKey())) {
                err += e.getValue() * e.getValue();
            }
        }
        return err / norm;
    }

    @ParameterizedTest(name = "n={0} s={1} deg={2} b={3} sigma={4} decoder={5} refit={6}")
    @CsvSource({
        "1000, 64, 5, 8, 0.0, SOFT, NONE, 1e-4",
        "1000, 64, 5, 8, 0.5, SOFT, NONE, 1e-3",
        "1000, 64, 5, 8, 0.0, SOFT, LASSO, 1e-4",
        "1000, 64, 5, 8, 0.5, SOFT, LASSO, 1e-3",
        "1000, 64, 5, 8, 0.0, HARD, NONE, 1e-4",
        "100, 64, 5, 8, 0.5, SOFT, LASSO, 1e-3",
        "4000, 64, 5, 8, 0.5, SOFT, LASSO, 1e-3",
    })
    void recoversEverySparseCoefficient(int n, int s, int degree, int b, double sigma, Decoder decoder, Refit refit,
            double maxNmse) {
        SparseCoefficients truth = SparseFourierFunction.random(n, s, degree, 1, 10, new SplittableRandom(n + s));
        SparseFourierFunction f = new SparseFourierFunction(truth, sigma, 7);
        SpexConfig config = SpexConfig.builder().optB(b).optDecoder(decoder).optRefit(refit).build();
        Explanation e = new SpexExplainer(config).explain(Subject.of(f, n),
                Budget.queries(n, SpexConfig.DEFAULT_MAX_ORDER, b), 3);
        SparseCoefficients got = e.fourier();
        for (Map.Entry<FeatureSet, Double> t : truth.entries()) {
            assertTrue(Math.abs(got.value(t.getKey()) - t.getValue()) < 0.1 * Math.abs(t.getValue()),
                    "coefficient " + t.getKey() + " = " + t.getValue() + " recovered as " + got.value(t.getKey()));
        }
        for (Map.Entry<FeatureSet, Double> g : got.entries()) {
            if (!truth.contains(g.getKey())) {
                assertTrue(Math.abs(g.getValue()) <= 0.1, "spurious term " + g.getKey() + " = " + g.getValue());
            }
        }
        double err = nmse(truth, got);
        assertTrue(err < maxNmse, "NMSE " + err + " >= " + maxNmse);
        assertEquals(3L * BchCodeSizes.delays(n) << b, e.queries());
        System.out.printf("n=%d sigma=%.1f %s %s: NMSE %.2e, %d terms, %d iterations, timings %s%n", n, sigma,
                decoder, refit, err, got.size(), e.iterations(), e.timingMillis());
    }
}

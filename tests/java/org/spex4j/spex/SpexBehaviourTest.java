package org.spex4j.spex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.eval.Faithfulness;
import org.spex4j.eval.Recall;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.SparseFourierFunction;
import org.spex4j.value.ValueFunction;

/** Determinism, query counts, the budget rule, faithfulness, progress, cancellation and errors. */
class SpexBehaviourTest {
    static final SparseCoefficients F = SparseFourierFunction.random(300, 30, 4, 1, 10, new SplittableRandom(1));

    /** A noisy sparse function over 300 features. */
    static Subject.Builder subject() {
        return Subject.builder(new SparseFourierFunction(F, 0.3, 9), 300);
    }

    /** SPEX with the default configuration within the budget of b = 6 (3·P·2^6 queries). */
    static Explanation run(Subject subject, long seed) {
        return new SpexExplainer(SpexConfig.builder().build()).explain(subject, Budget.queries(300, 5, 6), seed);
    }

    /** SPEX without a refit, within the budget of b. */
    static Explanation unrefitted(ValueFunction f, int n, int b) {
        return new SpexExplainer(SpexConfig.builder().optRefit(Refit.NONE).build()).explain(Subject.of(f, n),
                Budget.queries(n, SpexConfig.DEFAULT_MAX_ORDER, b), 0);
    }

    @Test
    void sameSeedGivesBitIdenticalExplanations() {
        Explanation a = run(subject().build(), 42);
        Explanation b = run(subject().build(), 42);
        assertEquals(6, a.b());
        List<Map.Entry<FeatureSet, Double>> x = a.fourier().entries(), y = b.fourier().entries();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i).getKey(), y.get(i).getKey());
            assertEquals(Double.doubleToLongBits(x.get(i).getValue()), Double.doubleToLongBits(y.get(i).getValue()));
        }
        Explanation c = run(subject().build(), 43);
        assertTrue(c.distinctQueries() > 0);
    }

    @Test
    void queryCountIsThreePTwoToTheB() {
        for (int[] nb : new int[][] {{10, 4}, {20, 4}, {50, 6}, {150, 5}, {300, 6}}) {
            int n = nb[0], b = nb[1];
            AtomicInteger calls = new AtomicInteger();
            ValueFunction f = batch -> {
                calls.addAndGet(batch.rows());
                return new double[batch.rows()];
            };
            Explanation e = unrefitted(f, n, b);
            assertEquals(3L * BchCodeSizes.delays(n) << b, e.queries());
            assertEquals(e.distinctQueries(), calls.get());
            assertTrue(e.distinctQueries() <= e.queries());
        }
    }

    @Test
    void budgetPicksTheLargestAffordableB() {
        // spec §4.3: n = 20, t = 5: P = 28, N(b) = 84 * 2^b
        assertEquals(4, Budget.bForBudget(20, 5, 1600));
        assertEquals(4, Budget.bForBudget(20, 5, 1344));
        assertEquals(3, Budget.bForBudget(20, 5, 1343));
        assertEquals(8, Budget.bForBudget(20, 5, 21504));
        assertEquals(12, Budget.bForBudget(20, 5, Long.MAX_VALUE / 4));
        assertRefused(IllegalArgumentException.class, () -> Budget.bForBudget(20, 5, 600), "minimum of 672");
    }

    @Test
    void exactRecoveryHasUnitR2() {
        SparseFourierFunction exact = new SparseFourierFunction(F, 0, 0);
        Explanation e = unrefitted(exact, 300, 6);
        double r2 = Faithfulness.r2(e.fourier(), exact, 1000, 5, 256);
        assertEquals(1.0, r2, 1e-9);
    }

    @Test
    void recallAgainstExhaustiveTruth() {
        int n = 12;
        SparseCoefficients g = SparseFourierFunction.random(n, 10, 3, 1, 10, new SplittableRandom(8));
        SparseFourierFunction f = new SparseFourierFunction(g, 0, 0);
        SparseCoefficients truth = Recall.exactMobius(f, n, 1024);
        Explanation e = unrefitted(f, n, 6);
        assertEquals(1.0, Recall.recallAtK(truth, e.fourier(), 10, 5), 1e-12);
    }

    @Test
    void progressAndCancellation() {
        List<long[]> seen = new ArrayList<>();
        run(subject().optMasksPerCall(1000).optProgress((d, t, eta) -> seen.add(new long[] {d, t})).build(), 0);
        assertTrue(seen.size() >= 2);
        long[] last = seen.get(seen.size() - 1);
        assertEquals(last[0], last[1]);
        AtomicInteger polls = new AtomicInteger();
        assertRefused(CancellationException.class,
                () -> run(subject().optMasksPerCall(500).optCancellation(() -> polls.incrementAndGet() > 2).build(),
                        0), "cancelled after 1000");
    }

    @Test
    void nonFiniteValuesNameTheMask() {
        ValueFunction bad = batch -> {
            double[] out = new double[batch.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = batch.keptCount(r) == 3 ? Double.NaN : 1;
            }
            return out;
        };
        assertRefused(IllegalStateException.class, () -> unrefitted(bad, 8, 4), "NaN", "(1 = kept)");
    }

    @Test
    void configurationErrorsAreClear() {
        assertEquals("b must be in 1..20, got 0",
                assertThrows(IllegalArgumentException.class, () -> SpexConfig.builder().optB(0)).getMessage());
        assertEquals("max order must be in 1..10, got 0", assertThrows(IllegalArgumentException.class,
                () -> SpexConfig.builder().optB(4).optMaxOrder(0)).getMessage());
        assertEquals("threads must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> SpexConfig.builder().optThreads(-1)).getMessage());
        assertEquals("residual cutoff must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> SpexConfig.builder().optResidualCutoff(0)).getMessage());
        SpexExplainer spex = new SpexExplainer(SpexConfig.builder().build());
        ValueFunction zeros = b -> new double[b.rows()];
        assertRefused(IllegalArgumentException.class, () -> spex.explain(Subject.of(zeros, 10), 0, 0),
                "budget must be >= 1");
        assertRefused(IllegalArgumentException.class, () -> spex.explain(Subject.of(zeros, 0), 10_000, 0),
                "n must be >= 1 feature, got 0");
        // a fixed b needs its queries within the budget
        long b4 = Budget.queries(10, SpexConfig.DEFAULT_MAX_ORDER, 4);
        SpexExplainer fixed = new SpexExplainer(SpexConfig.builder().optB(4).build());
        assertRefused(IllegalArgumentException.class, () -> fixed.explain(Subject.of(zeros, 10), b4 - 1, 0),
                "b = 4 needs " + b4);
        assertEquals(4, fixed.explain(Subject.of(zeros, 10), b4, 0).b());
        ValueFunction shortAnswer = b -> new double[1];
        assertRefused(IllegalStateException.class, () -> fixed.explain(Subject.of(shortAnswer, 10), b4, 0),
                "returned 1 values for a batch of");
    }
}

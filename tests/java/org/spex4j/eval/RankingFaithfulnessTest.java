package org.spex4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spex4j.eval.RankingFaithfulness.Confidence;
import org.spex4j.eval.RankingFaithfulness.Curves;
import org.spex4j.value.ValueFunction;

/** The erasure protocol on additive games, where every drop is known in closed form. */
class RankingFaithfulnessTest {
    /** f(S) = c + Σ_{i ∈ S} w_i. */
    static ValueFunction additive(double c, double[] w) {
        return masks -> {
            double[] y = new double[masks.rows()];
            for (int r = 0; r < y.length; r++) {
                y[r] = c;
                for (int i = 0; i < w.length; i++) {
                    y[r] += masks.get(r, i) ? w[i] : 0;
                }
            }
            return y;
        };
    }

    @Test
    void dropsOnAnAdditiveGameAreSumsOfTheErasedWeights() {
        double[] w = {0.5, 3, -1, 2, 0.25, 1, 0, 4, -0.5, 1.5};  // n = 10: m = 1..9
        Curves c = RankingFaithfulness.evaluate(additive(7, w), w, Confidence.VALUE);
        double[] sorted = {4, 3, 2, 1.5, 1, 0.5, 0.25, 0, -0.5, -1};
        double total = 0;
        for (double x : w) {
            total += x;
        }
        double top = 0;
        for (int s = 0; s < RankingFaithfulness.STEPS; s++) {
            top += sorted[s];  // m = s + 1 for n = 10
            assertEquals(top, c.comprehensiveness()[s], 1e-12, "comprehensiveness at k = " + (s + 1) / 10.0);
            assertEquals(total - top, c.sufficiency()[s], 1e-12, "sufficiency at k = " + (s + 1) / 10.0);
            assertEquals(7 + total - top, c.comprehensivenessValues()[s], 1e-12);
            assertEquals(7 + top, c.sufficiencyValues()[s], 1e-12);
        }
        assertEquals(7 + total, c.full(), 1e-12);
    }

    @Test
    void theTrueRankingBeatsRandomAndItsCurvesAreMonotone() {
        double[] w = new double[23];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble();  // all positive: erasing more never raises the value
        }
        ValueFunction f = additive(-6, w);
        Curves truth = RankingFaithfulness.evaluate(f, w, Confidence.LOG_ODDS);
        List<Curves> random = new ArrayList<>();
        for (int seed = 0; seed < 50; seed++) {
            random.add(RankingFaithfulness.evaluate(f, RankingFaithfulness.randomScores(w.length, seed),
                    Confidence.LOG_ODDS));
        }
        Curves floor = RankingFaithfulness.mean(random);
        assertTrue(truth.aopcComprehensiveness() > floor.aopcComprehensiveness() + 0.05,
                truth.aopcComprehensiveness() + " vs random " + floor.aopcComprehensiveness());
        assertTrue(truth.aopcSufficiency() < floor.aopcSufficiency() - 0.05,
                truth.aopcSufficiency() + " vs random " + floor.aopcSufficiency());
        // the value is −6 + Σw ≈ 5.x > 0 (positive predicted): drops are probability drops in [0, 1]
        for (int s = 1; s < RankingFaithfulness.STEPS; s++) {
            assertTrue(truth.comprehensiveness()[s] >= truth.comprehensiveness()[s - 1]);
            assertTrue(truth.sufficiency()[s] <= truth.sufficiency()[s - 1]);
        }
        for (double d : truth.comprehensiveness()) {
            assertTrue(d >= 0 && d <= 1);
        }
        // reversing the ranking is the worst: it swaps the roles of the two curves' extremes
        double[] reversed = w.clone();
        for (int i = 0; i < w.length; i++) {
            reversed[i] = -w[i];
        }
        Curves worst = RankingFaithfulness.evaluate(f, reversed, Confidence.LOG_ODDS);
        assertTrue(worst.aopcComprehensiveness() < floor.aopcComprehensiveness());
        assertTrue(worst.aopcSufficiency() > floor.aopcSufficiency());
    }

    @Test
    void aRandomRankingGivesComprehensivenessNearSufficiency() {
        // with the raw value, E[comp at k] = k·Σw and E[suff at k] = (1 − k)·Σw: equal means over k = .1...9
        double[] w = new double[20];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + (i % 7);
        }
        List<Curves> random = new ArrayList<>();
        for (int seed = 0; seed < 400; seed++) {
            random.add(RankingFaithfulness.evaluate(additive(0, w), RankingFaithfulness.randomScores(20, seed),
                    Confidence.VALUE));
        }
        Curves mean = RankingFaithfulness.mean(random);
        double total = 0;
        for (double x : w) {
            total += x;
        }
        assertEquals(total / 2, mean.aopcComprehensiveness(), 0.03 * total);
        assertEquals(mean.aopcComprehensiveness(), mean.aopcSufficiency(), 0.05 * total);
    }

    @Test
    void confidenceFollowsThePredictedClass() {
        // full log-odds −2 (negative predicted): erasing the negative feature raises the value and lowers p(neg)
        double[] w = {-3, 1};
        Curves c = RankingFaithfulness.evaluate(additive(0, w), new double[] {5, 0}, Confidence.LOG_ODDS);
        // n = 2: k = .5...9 erase m = 1 feature (feature 0), k < .5 erase none
        double pNeg = 1 / (1 + Math.exp(-2)), pNegAfter = 1 / (1 + Math.exp(1));
        assertEquals(0, c.comprehensiveness()[0], 1e-12);
        assertEquals(pNeg - pNegAfter, c.comprehensiveness()[4], 1e-12);
        assertEquals(Math.exp(-2) - Math.exp(1), RankingFaithfulness.evaluate(additive(0, w), new double[] {5, 0},
                Confidence.LOG_PROB).comprehensiveness()[8], 1e-12);
    }

    @Test
    void attributionsOfTheLogOddsAreTurnedTowardThePrediction() {
        // predicted negative: the feature that lowers the log-odds most supports the prediction most
        double[] w = {-3, 1, 0.5};
        double[] toward = Confidence.LOG_ODDS.towardPrediction(w, -1.5);
        assertArrayEquals(new double[] {3, -1, -0.5}, toward);
        assertArrayEquals(w, Confidence.LOG_ODDS.towardPrediction(w, 0.5));
        assertArrayEquals(w, Confidence.LOG_PROB.towardPrediction(w, -1.5));
        Curves turned = RankingFaithfulness.evaluate(additive(0, w), toward, Confidence.LOG_ODDS);
        Curves raw = RankingFaithfulness.evaluate(additive(0, w), w, Confidence.LOG_ODDS);
        assertTrue(turned.aopcComprehensiveness() > raw.aopcComprehensiveness());
    }

    @Test
    void tiesRankTheLowerIndexFirstAndCountsAreExactFloors() {
        assertArrayEquals(new int[] {1, 3, 0, 2}, RankingFaithfulness.ranking(new double[] {0, 2, 0, 2}));
        assertEquals(0, RankingFaithfulness.count(0, 9));
        assertEquals(2, RankingFaithfulness.count(2, 7));   // ⌊0.3·7⌋ = 2
        assertEquals(7, RankingFaithfulness.count(6, 10));  // 0.7·10 is 7.000000000000001 in floating point
        assertEquals(27, RankingFaithfulness.count(8, 30));
        assertRefused(IllegalArgumentException.class, () -> RankingFaithfulness.ranking(new double[] {Double.NaN}),
                "score 0 is NaN");
        assertRefused(IllegalArgumentException.class,
                () -> RankingFaithfulness.evaluate(additive(0, new double[0]), new double[0], Confidence.VALUE),
                "the ranking needs at least one feature");
    }
}

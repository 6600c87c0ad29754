package org.spex4j.slalom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlalomFitTest {
    /** Ten features over eight types: types 1 and 2 occur twice. */
    static final TokenTypes TYPES = new TokenTypes(new int[] {0, 1, 2, 3, 1, 4, 5, 6, 7, 2});

    private static SlalomModel fitted(SlalomOptions options, SlalomModel truth, long seed) {
        return new SlalomExplainer("t", options).fit(Oracles.of(truth), TYPES, seed,
                SlalomExplainerTest.evaluator(64)).model();
    }

    @Test
    void efficientVariantRecoversTheOracleWithThePapersSampleCount() {
        // 5000 samples (the paper's setting) give 2400 Adam steps of 5e-3: enough to travel to |v|, |s| <= 1.5
        SlalomModel truth = Oracles.random(8, 1).centred();
        SlalomModel m = fitted(SlalomOptions.efficient().withSamples(5000), truth, 7);
        double ev = Oracles.rmse(m.values(), truth.values()), es = Oracles.rmse(m.importances(), truth.importances());
        assertTrue(ev < 0.01, "value RMSE " + ev);
        assertTrue(es < 0.01, "importance RMSE " + es);
    }

    @Test
    void efficientVariantWithTheDefault500SamplesNeedsMoreEpochs() {
        // 500 samples at batch 128 are 4 Adam steps an epoch: 60 epochs stop short, 600 recover the oracle
        SlalomModel truth = Oracles.random(8, 1).centred();
        SlalomModel short60 = fitted(SlalomOptions.efficient(), truth, 7);
        SlalomModel long600 = fitted(SlalomOptions.efficient().withEpochs(600), truth, 7);
        double e60 = Oracles.rmse(short60.values(), truth.values());
        double e600 = Oracles.rmse(long600.values(), truth.values());
        assertTrue(e600 < 0.01, "value RMSE after 600 epochs " + e600);
        assertTrue(Oracles.rmse(long600.importances(), truth.importances()) < 0.02);
        assertTrue(e60 > e600, "60 epochs " + e60 + " vs 600 epochs " + e600);
    }

    @Test
    void fidelityVariantRecoversTheOracleWhenAlsIterates() {
        SlalomModel truth = Oracles.random(8, 2).centred();
        SlalomModel once = fitted(SlalomOptions.fidelity(), truth, 7);
        SlalomModel m = fitted(SlalomOptions.fidelity().withAlsRounds(5000), truth, 7);
        double ev = Oracles.rmse(m.values(), truth.values()), es = Oracles.rmse(m.importances(), truth.importances());
        // values and importances span [-1.5, 1.5]; one round is far off, iterating gets within a few hundredths
        assertTrue(ev < 0.05, "value RMSE " + ev);
        assertTrue(es < 0.05, "importance RMSE " + es);
        assertTrue(Oracles.rmse(once.values(), truth.values()) > 2 * ev, "iterating should beat one round");
    }

    @Test
    void oneAlsRoundAsWrittenNeverFitsWorseThanEqualImportances() {
        SlalomModel truth = Oracles.random(8, 3);
        SlalomModel m = fitted(SlalomOptions.fidelity(), truth, 7);
        SplittableRandom r = new SplittableRandom(7);
        int[][] seq = SlalomExplainer.deletions(TYPES.fullSequence(), 500, 5, r);
        double[] y = Oracles.of(truth).values(seq);
        SlalomFit.Samples data = new SlalomFit.Samples(8, seq, y);
        double flat = data.mse(SlalomFit.als(data, 0)), one = data.mse(SlalomFit.als(data, 1));
        assertTrue(one <= flat);
    }

    @Test
    void adamIsDeterministicUnderTheSeed() {
        SlalomModel truth = Oracles.random(8, 4);
        SlalomModel a = fitted(SlalomOptions.efficient(), truth, 11), b = fitted(SlalomOptions.efficient(), truth, 11);
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void badSamplesAreRejected() {
        assertRefused(IllegalArgumentException.class,
                () -> new SlalomFit.Samples(3, new int[][] {{0, 3}}, new double[] {1}), "type 3 is outside 0..2");
        assertRefused(IllegalArgumentException.class,
                () -> new SlalomFit.Samples(3, new int[][] {{}}, new double[] {1}), "a sequence is empty");
        assertRefused(IllegalArgumentException.class,
                () -> new SlalomFit.Samples(3, new int[][] {{0}}, new double[] {1, 2}),
                "got 1 sequences and 2 outputs");
        SlalomFit.Samples ok = new SlalomFit.Samples(1, new int[][] {{0}}, new double[] {1});
        assertRefused(IllegalArgumentException.class, () -> SlalomFit.sgd(ok, 0, 1e-3, 1, 0), "epochs >= 1",
                "got 0, 1, 0.001");
        assertRefused(IllegalArgumentException.class, () -> SlalomFit.sgd(ok, 1, Double.NaN, 1, 0),
                "a finite learning rate", "got 1, 1, NaN");
        assertRefused(IllegalArgumentException.class, () -> SlalomFit.als(ok, -1), "ALS rounds must be >= 0, got -1");
    }
}

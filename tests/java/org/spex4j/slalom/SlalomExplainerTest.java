package org.spex4j.slalom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.Progress;

class SlalomExplainerTest {
    static final TokenTypes TYPES = SlalomFitTest.TYPES;

    /** The oracle's true effect of deleting the features in {@code drop} from the whole input. */
    static double trueRemoval(SlalomModel truth, TokenTypes types, int... drop) {
        boolean[] keep = new boolean[types.n()];
        java.util.Arrays.fill(keep, true);
        for (int f : drop) {
            keep[f] = false;
        }
        return truth.predict(types.fullSequence()) - truth.predict(types.sequence(keep));
    }

    static BatchEvaluator evaluator(int batchSize) {
        return new BatchEvaluator(batchSize, Progress.NONE, () -> false);
    }

    /** What {@code explain(subject, budget, seed)} does once the model's sequences are {@code f}. */
    static Explanation explain(SlalomExplainer x, SequenceValue f, TokenTypes types, long seed,
            BatchEvaluator evaluator) {
        return x.explanation(x.fit(f, types, seed, evaluator), types, seed);
    }

    @Test
    void exactFitRecoversTheOracleFrom2KMinus1Queries() {
        SlalomModel truth = Oracles.random(8, 5);
        AtomicLong queries = new AtomicLong();
        SequenceValue counted = seqs -> {
            queries.addAndGet(seqs.length);
            return Oracles.of(truth).values(seqs);
        };
        ExactFit.Result r = ExactFit.fit(counted, 8);
        assertEquals(15, queries.get());
        assertEquals(15, r.queries());
        assertEquals(0, r.undetermined());
        assertArrayEquals(truth.values(), r.model().values(), 1e-9);
        assertArrayEquals(truth.centred().importances(), r.model().importances(), 1e-9);
    }

    @Test
    void removalScoresAreTheOraclesTrueLeaveOneOutEffects() {
        SlalomModel truth = Oracles.random(8, 6);
        Explanation e = SlalomExplainer.explanation("slalom", ExactFit.fit(Oracles.of(truth), 8).model(), TYPES)
                .build();
        assertEquals(List.of("removal", "value", "importance", "linear", "removal_type"),
                e.scores().names());
        double[] removal = e.scores().get("removal");
        double[] removalOfType = e.scores().get("removal_type");
        for (int f = 0; f < TYPES.n(); f++) {
            assertEquals(trueRemoval(truth, TYPES, f), removal[f], 1e-9, "feature " + f);
            // the reference's per-type score drops every occurrence (types 1 and 2 occur twice in TYPES)
            int type = TYPES.typeOf(f);
            int[] same = java.util.stream.IntStream.range(0, TYPES.n()).filter(g -> TYPES.typeOf(g) == type).toArray();
            assertEquals(trueRemoval(truth, TYPES, same), removalOfType[f], 1e-9, "type of feature " + f);
        }
        assertTrue(Math.abs(removalOfType[1] - removal[1]) > 1e-6, "a repeated word: one occurrence vs all differ");
        // the additive surrogate reproduces F on the whole input and every leave-one-out mask
        MaskBatch masks = MaskBatch.zeros(TYPES.n(), TYPES.n() + 1);
        for (int r = 0; r <= TYPES.n(); r++) {
            for (int f = 0; f < TYPES.n(); f++) {
                masks.set(r, f, r == 0 || f != r - 1);
            }
        }
        double[] g = e.fourier().evaluate(masks);
        double full = truth.predict(TYPES.fullSequence());
        assertEquals(full, g[0], 1e-9);
        for (int f = 0; f < TYPES.n(); f++) {
            assertEquals(full - removal[f], g[f + 1], 1e-9);
        }
    }

    @Test
    void bothVariantsPredictMultiFeatureRemovals() {
        SlalomModel truth = Oracles.random(8, 7);
        SlalomModel eff = new SlalomExplainer("slalom", SlalomOptions.efficient().withSamples(5000))
                .fit(Oracles.of(truth), TYPES, 3, evaluator(256)).model();
        SlalomModel fidel = new SlalomExplainer("slalom-fidel", SlalomOptions.fidelity().withAlsRounds(5000))
                .fit(Oracles.of(truth), TYPES, 3, evaluator(256)).model();
        SplittableRandom r = new SplittableRandom(9);
        double effWorst = 0, fidelWorst = 0, scale = 0;
        for (int k = 1; k <= 5; k++) {
            for (int rep = 0; rep < 20; rep++) {
                int[] drop = r.ints(0, TYPES.n()).distinct().limit(k).toArray();
                double actual = trueRemoval(truth, TYPES, drop);
                effWorst = Math.max(effWorst, Math.abs(trueRemoval(eff, TYPES, drop) - actual));
                fidelWorst = Math.max(fidelWorst, Math.abs(trueRemoval(fidel, TYPES, drop) - actual));
                scale = Math.max(scale, Math.abs(actual));
            }
        }
        assertTrue(scale > 0.1, "the removals should matter: " + scale);
        assertTrue(effWorst < 0.01, "SLALOM-eff worst removal error " + effWorst);
        assertTrue(fidelWorst < 0.01, "SLALOM-fidel worst removal error " + fidelWorst);
    }

    @Test
    void explanationIsDeterministicUnderTheSeedAndCountsQueries() {
        SlalomModel truth = Oracles.random(8, 8);
        SlalomExplainer x = SlalomExplainer.efficient();
        Explanation a = explain(x, Oracles.of(truth), TYPES, 4, evaluator(100));
        Explanation b = explain(x, Oracles.of(truth), TYPES, 4, evaluator(100));
        Explanation c = explain(x, Oracles.of(truth), TYPES, 5, evaluator(100));
        assertArrayEquals(a.scores().get("removal"), b.scores().get("removal"));
        assertFalse(java.util.Arrays.equals(a.scores().get("removal"), c.scores().get("removal")));
        assertEquals(500, a.queries());
        assertTrue(a.distinctQueries() <= 500 && a.distinctQueries() > 300, "distinct " + a.distinctQueries());
        assertEquals(1, a.maxOrder());
    }

    @Test
    void featuresWithoutTokensScoreZero() {
        TokenTypes types = new TokenTypes(new int[] {0, -1, 1, 0});
        assertArrayEquals(new int[] {0, 1, 0}, types.fullSequence());
        Explanation e = SlalomExplainer.explanation("slalom", new SlalomModel(new double[] {1, -1},
                new double[] {0.5, -0.5}), types).build();
        for (double[] s : e.scores().asMap().values()) {
            assertEquals(0, s[1]);
        }
    }

    @Test
    void badInputIsRejected() {
        assertRefused(IllegalArgumentException.class, () -> new TokenTypes(new int[] {1, 0}), "feature 0 has type 1");
        assertRefused(IllegalArgumentException.class, () -> new TokenTypes(new int[] {-1, -1}),
                "no feature owns a token");
        assertRefused(IllegalArgumentException.class, () -> new TokenTypes(new int[0]), "no features");
        assertRefused(IllegalArgumentException.class, () -> new SlalomModel(new double[] {1}, new double[] {1, 2}),
                "got 1 values and 2 importances");
        assertRefused(IllegalArgumentException.class, () -> new SlalomModel(new double[] {Double.NaN},
                new double[] {0}), "type 0 has a non-finite value or importance (NaN, 0.0)");
        assertRefused(IllegalArgumentException.class, () -> SlalomOptions.efficient().withSamples(0),
                "at least 1 sample, got 0");
        assertRefused(IllegalArgumentException.class, () -> SlalomOptions.fidelity().withAlsRounds(-1),
                "ALS rounds >= 0", ", -1");
        assertRefused(IllegalArgumentException.class, () -> ExactFit.fit(Oracles.of(Oracles.random(2, 1)), 0),
                "at least one type, got 0");
        SlalomModel m = Oracles.random(3, 1);
        assertRefused(IllegalArgumentException.class, () -> m.predict(new int[] {3}), "type 3 is outside 0..2");
        assertRefused(IllegalArgumentException.class, () -> m.weight(new int[] {0, 1}, 2),
                "type 2 does not occur in the sequence");
        SequenceValue broken = seqs -> new double[] {Double.NaN};
        assertRefused(IllegalStateException.class, () -> explain(SlalomExplainer.efficient(), broken,
                new TokenTypes(new int[] {0}), 1, evaluator(1)), "returned NaN");
        assertRefused(java.util.concurrent.CancellationException.class, () -> explain(SlalomExplainer.efficient(),
                Oracles.of(m), TYPES, 1, new BatchEvaluator(16, Progress.NONE, () -> true)), "cancelled after 0 of");
    }
}

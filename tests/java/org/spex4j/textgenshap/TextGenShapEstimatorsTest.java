package org.spex4j.textgenshap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spex4j.math.MaskBatch;

/** The estimators on games with known values (no model). */
class TextGenShapEstimatorsTest {
    static final double[] WEIGHTS = {0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.4, 0.6, 0.05};

    static TextGenShapConfig flat(int permutations, int banzhaf) {
        return TextGenShapConfig.builder().optHierarchical(false).optPermutations(permutations)
                .optBanzhafSamples(banzhaf).build();
    }

    /** Explains with the seed, 256 coalitions per play and no cancellation. */
    static TextGenShapResult explain(Game game, Hierarchy h, TextGenShapConfig c, long seed) {
        return TextGenShap.explain(game, h, c, seed, 256, () -> false);
    }

    static double maxError(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void permutationEstimateConvergesToExactEnumeration() {
        int n = WEIGHTS.length;
        Map<Integer, Attribution> exact = ExactValues.shapley(Games.voting(n, WEIGHTS, 1.0, 2.0, 3.0));
        assertTrue(exact.size() >= 3, "the game should have several outputs, got " + exact.keySet());
        double[] errors = new double[3];
        int[] sizes = {20, 200, 2000};
        for (int k = 0; k < sizes.length; k++) {
            // labels are assigned in order of appearance: map each estimate's output to the exact game's label
            OutputGame game = Games.voting(n, WEIGHTS, 1.0, 2.0, 3.0);
            TextGenShapResult r = explain(game, Hierarchy.flat(n), flat(sizes[k], 0), 3);
            OutputGame reference = Games.voting(n, WEIGHTS, 1.0, 2.0, 3.0);
            ExactValues.shapley(reference);
            for (int y = 0; y < game.outputs().size(); y++) {
                int ref = labelOf(reference, game.outputs().get(y));
                Attribution e = exact.get(ref);
                errors[k] = Math.max(errors[k], maxError(r.shapley(y).value(), e.value()));
                errors[k] = Math.max(errors[k], maxError(r.shapley(y).inclusion(), e.inclusion()));
            }
        }
        assertTrue(errors[2] < errors[0], "the error should shrink with more permutations: "
                + java.util.Arrays.toString(errors));
        assertTrue(errors[2] < 0.04, "2000 permutations should be within 0.04, got " + errors[2]);
    }

    private static int labelOf(OutputGame game, int[] output) {
        List<int[]> outs = game.outputs();
        for (int y = 0; y < outs.size(); y++) {
            if (java.util.Arrays.equals(outs.get(y), output)) {
                return y;
            }
        }
        throw new AssertionError("output not seen");
    }

    @Test
    void banzhafEstimateConvergesToExactEnumeration() {
        int n = 7;
        double[] w = java.util.Arrays.copyOf(WEIGHTS, n);
        OutputGame game = Games.voting(n, w, 1.2, 2.0);
        Map<Integer, Attribution> exact = ExactValues.banzhaf(game, 0.5);  // labels fixed by enumeration order
        TextGenShapResult r = explain(game, Hierarchy.flat(n), flat(2, 4000), 5);
        for (int y : exact.keySet()) {
            assertTrue(maxError(r.banzhaf(y).value(), exact.get(y).value()) < 0.05, "label " + y);
            assertTrue(maxError(r.banzhaf(y).inclusion(), exact.get(y).inclusion()) < 0.05, "label " + y);
        }
        // p = 0.1 (the reference's banzhaf10) converges to its own exact weighting
        Map<Integer, Attribution> exact10 = ExactValues.banzhaf(game, 0.1);
        TextGenShapResult r10 = explain(game, Hierarchy.flat(n), TextGenShapConfig.builder()
                .optHierarchical(false).optPermutations(2).optBanzhafSamples(4000).optBanzhafProbability(0.1)
                .build(), 5);
        for (int y : exact10.keySet()) {
            assertTrue(maxError(r10.banzhaf(y).value(), exact10.get(y).value()) < 0.05, "label " + y);
        }
    }

    @Test
    void efficiencyHoldsExactlyForEnumerationAndEverySampledPass() {
        int n = 8;
        OutputGame game = Games.voting(n, WEIGHTS, 1.0, 2.0, 3.0);
        Map<Integer, Attribution> exact = ExactValues.shapley(game);
        MaskBatch ends = MaskBatch.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            ends.set(1, i, true);
        }
        Outcome[] v = game.play(ends);
        // a hierarchy with two sentences that both pass the threshold and one that is kept whole
        Hierarchy h = Hierarchy.of(n, List.of(new int[] {0, 1, 2}, new int[] {3, 4, 5}, new int[] {6, 7}));
        TextGenShapResult flatRun = explain(game, Hierarchy.flat(n), flat(37, 0), 1);
        TextGenShapResult nested = explain(game, h, TextGenShapConfig.builder().optPermutations(37)
                .optBanzhafSamples(0).optThreshold(0.3).build(), 2);
        for (int y : exact.keySet()) {
            double expected = (v[1].label() == y ? 1 : 0) - (v[0].label() == y ? 1 : 0);
            assertEquals(expected, sum(exact.get(y).value()), 1e-9, "exact, label " + y);
            assertEquals(expected, sum(flatRun.shapley(y).value()), 1e-9, "permutations, label " + y);
            assertEquals(expected, sum(nested.shapley(y).value()), 1e-9, "nested permutations, label " + y);
        }
        // Σ_y φ_i(y) = 0 for every feature
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int y : exact.keySet()) {
                total += exact.get(y).value()[i];
            }
            assertEquals(0, total, 1e-9);
        }
    }

    @Test
    void symmetricFeaturesGetEqualValuesAndDummiesZero() {
        int n = 6;
        // majority of features 0, 1, 2 decides; 3..5 are dummies
        OutputGame game = OutputGame.of(n, keep -> new int[] {(keep[0] ? 1 : 0) + (keep[1] ? 1 : 0)
                + (keep[2] ? 1 : 0) >= 2 ? 1 : 0});
        Map<Integer, Attribution> exact = ExactValues.shapley(game);
        for (Attribution a : exact.values()) {
            double[] phi = a.value();
            assertEquals(phi[0], phi[1], 1e-12);
            assertEquals(phi[1], phi[2], 1e-12);
            assertEquals(0, phi[3], 1e-12);
        }
        TextGenShapResult r = explain(game, Hierarchy.flat(n), flat(3000, 3000), 9);
        for (int y : r.labels()) {
            double[] phi = r.shapley(y).value(), beta = r.banzhaf(y).value();
            assertEquals(phi[0], phi[1], 0.05);
            assertEquals(phi[1], phi[2], 0.05);
            assertEquals(beta[0], beta[2], 0.05);
            for (int d = 3; d < n; d++) {
                assertEquals(0, phi[d], 0.0, "a dummy never changes the output");
                assertEquals(0, beta[d], 0.0);
            }
        }
    }

    @Test
    void andOfTwoFeaturesSplitsTheOutputBetweenThem() {
        int n = 8;
        OutputGame game = Games.and(n, 2, 5);
        Map<Integer, Attribution> exact = ExactValues.shapley(game);
        Hierarchy h = Hierarchy.of(n, List.of(new int[] {0, 1, 2}, new int[] {3, 4, 5}, new int[] {6, 7}));
        TextGenShapResult r = explain(game, h, TextGenShapConfig.builder().optPermutations(400)
                .optBanzhafSamples(400).build(), 4);
        int yes = r.full().label();
        int no = r.empty().label();
        assertFalse(yes == no);
        assertArrayEquals(new int[] {1}, r.outputs().get(yes));
        // both sentences holding a feature of the AND are split; the third is not
        assertArrayEquals(new boolean[] {true, true, false}, r.expanded());
        double[] phi = r.shapley(yes).value();
        assertEquals(1.0, phi[2] + phi[5], 1e-12);
        assertEquals(0.5, phi[2], 0.1);
        assertEquals(0.5, phi[5], 0.1);
        for (int i : new int[] {0, 1, 3, 4, 6, 7}) {
            assertEquals(0, phi[i], 0.0);
        }
        // the exact values agree, the inclusion part is the whole value for "yes", and "no" mirrors it
        assertEquals(0.5, exact.values().stream().mapToDouble(a -> Math.abs(a.value()[2])).max().orElse(0), 1e-12);
        assertArrayEquals(phi, r.shapley(yes).inclusion(), 1e-12);
        double[] phiNo = r.shapley(no).value();
        for (int i = 0; i < n; i++) {
            assertEquals(-phi[i], phiNo[i], 1e-12);
            assertEquals(0, r.shapley(no).inclusion()[i], 1e-12);
        }
        // Banzhaf of a two-feature AND at p = 0.5: each gets 1/2
        assertEquals(0.5, r.banzhaf(yes).value()[2], 0.1);
        assertEquals(0.5, r.banzhaf(yes).value()[5], 0.1);
        assertEquals(0, r.banzhaf(yes).value()[0], 0.0);
    }

    @Test
    void unsplitSentenceSharesItsValueEvenly() {
        int n = 5;
        // the output is "yes" iff feature 0 is kept; feature 0 is alone in the first sentence
        OutputGame game = OutputGame.of(n, keep -> new int[] {keep[0] || (keep[3] && keep[4]) ? 1 : 0});
        Hierarchy h = Hierarchy.of(n, List.of(new int[] {0}, new int[] {1, 2}, new int[] {3, 4}));
        TextGenShapResult r = explain(game, h, TextGenShapConfig.builder().optPermutations(200)
                .optBanzhafSamples(0).optThreshold(2.0).build(), 1);  // τ = 2: nothing is split
        assertArrayEquals(new boolean[] {false, false, false}, r.expanded());
        double[] phi = r.shapley(r.full().label()).value();
        assertEquals(phi[3], phi[4], 0.0);
        assertEquals(0, phi[1], 0.0);
        assertEquals(1.0, phi[0] + phi[1] + phi[2] + phi[3] + phi[4], 1e-12);
    }

    @Test
    void blankEmptyCoalitionIsNotGenerated() {
        int n = 4;
        int[] calls = {0};
        OutputGame game = OutputGame.of(n, keep -> {
            calls[0]++;
            return new int[] {keep[1] ? 1 : 0};
        }).blankEmpty();
        Map<Integer, Attribution> exact = ExactValues.shapley(game);
        assertEquals(15, calls[0], "15 of the 16 coalitions are generated; the empty one is \"\"");
        assertEquals(15, game.evaluations());
        assertArrayEquals(new int[0], game.outputs().get(0), "the empty coalition's output comes first here");
        // "" is produced only by the empty coalition: its value is shared by all features, v_""(N) - v_""(∅) = -1
        assertEquals(-1.0, sum(exact.get(0).value()), 1e-12);
        assertEquals(-0.25, exact.get(0).value()[0], 1e-12);
    }

    @Test
    void scalarGameGivesPermutationShapley() {
        int n = 6;
        double[] w = {1, -2, 0.5, 0, 3, -1};
        Game game = Game.of(masks -> {
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                for (int i = 0; i < n; i++) {
                    out[r] += masks.get(r, i) ? w[i] : 0;
                }
                out[r] += masks.get(r, 0) && masks.get(r, 4) ? 2 : 0;  // an AND term, shared by 0 and 4
            }
            return out;
        }, n);
        Map<Integer, Attribution> exact = ExactValues.shapley(game);
        assertArrayEquals(new double[] {2, -2, 0.5, 0, 4, -1}, exact.get(0).value(), 1e-12);
        Hierarchy h = Hierarchy.of(n, List.of(new int[] {0, 1, 2}, new int[] {3, 4, 5}));
        TextGenShapResult r = explain(game, h, TextGenShapConfig.builder().optPermutations(300)
                .optBanzhafSamples(300).build(), 8);
        assertArrayEquals(new boolean[] {true, true}, r.expanded());
        double[] phi = r.shapley(0).value();
        assertEquals(-2, phi[1], 1e-12, "additive features get their weight in every permutation");
        assertEquals(3.5, sum(phi), 1e-9, "efficiency: f(N) - f(empty)");
        assertEquals(2, phi[0], 0.2);
        assertEquals(4, phi[4], 0.2);
        assertEquals(2, r.banzhaf(0).value()[0], 0.2);
        assertTrue(game.evaluations() < game.queries(), "repeated coalitions are evaluated once");
    }

    @Test
    void gamesValueEachDistinctCoalitionOnceAcrossPlays() {
        int n = 3;
        List<Integer> valued = new java.util.ArrayList<>();  // the rows handed to the value function, as bits
        Game game = Game.of(masks -> {
            double[] out = new double[masks.rows()];
            for (int r = 0; r < out.length; r++) {
                valued.add((int) masks.words()[r]);
                out[r] = masks.words()[r];
            }
            return out;
        }, n);
        MaskBatch first = MaskBatch.zeros(n, 4);
        long[] rows = {3, 1, 3, 0};
        System.arraycopy(rows, 0, first.words(), 0, rows.length);
        Outcome[] a = game.play(first);
        assertEquals(List.of(3, 1, 0), valued, "new coalitions once each, in the order first asked");
        assertEquals(3.0, a[2].value());
        MaskBatch second = MaskBatch.zeros(n, 3);
        long[] more = {1, 7, 7};
        System.arraycopy(more, 0, second.words(), 0, more.length);
        Outcome[] b = game.play(second);
        assertEquals(List.of(3, 1, 0, 7), valued, "only the coalition not played before is valued");
        assertEquals(1.0, b[0].value());
        assertEquals(7.0, b[2].value());
        assertEquals(7, game.queries());
        assertEquals(4, game.evaluations());
    }

    @Test
    void sentencesGroupTheWordsOfEachSentence() {
        String text = "Lily went out. She saw a dog! It ran.";
        Hierarchy h = Hierarchy.sentences(org.spex4j.text.Segmenter.words(text));
        assertEquals(3, h.groups());
        assertArrayEquals(new int[] {0, 1, 2}, h.group(0));
        assertArrayEquals(new int[] {3, 4, 5, 6}, h.group(1));
        assertArrayEquals(new int[] {7, 8}, h.group(2));
        assertRefused(IllegalArgumentException.class, () -> Hierarchy.of(3, List.of(new int[] {0, 1})),
                "leaf 2 is in no group");
        assertRefused(IllegalArgumentException.class, () -> TextGenShapConfig.builder().optPermutations(1),
                "permutations must be >= 2", "got 1");
    }

    @Test
    void speculationTreeStoresPathsParentFirst() {
        SpeculationTree t = new SpeculationTree(6);
        assertTrue(t.add(new int[] {5, 6, 7}));
        assertTrue(t.add(new int[] {5, 8}));
        assertTrue(t.add(new int[] {5, 6, 7}));
        assertEquals(4, t.size());
        assertFalse(t.add(new int[] {9, 9, 9}), "7 nodes would pass the limit of 6");
        assertTrue(t.contains(new int[] {5, 8}));
        assertFalse(t.contains(new int[] {9}));
        int[][] flat = t.flatten(2);
        assertArrayEquals(new int[] {5, 6, 8}, flat[0]);
        assertArrayEquals(new int[] {-1, 0, 0}, flat[1]);
        // drafts: the latest output first, then the most frequent, within the node budget
        assertTrue(t.add(new int[] {4}));
        int[][] draft = t.draft(8, 3);
        assertArrayEquals(new int[] {4, 5, 8}, draft[0], "{4} (latest); {5, 6, 7} (seen twice) does not fit; {5, 8}");
        assertArrayEquals(new int[] {-1, -1, 1}, draft[1]);
        assertEquals(1, t.draft(8, 2)[0].length, "only {4} fits in 2 nodes");
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}

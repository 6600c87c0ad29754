package org.spex4j.patchscopes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.patchscopes.TokenIdentity.Expected;
import org.spex4j.patchscopes.TokenIdentity.Sample;
import org.spex4j.patchscopes.TokenIdentity.TargetPrompt;
import org.spex4j.testing.Float32;

/** The token-identity configuration and the layer-by-layer sweep on stories260k. */
class LayerSweepTest {
    static LlamaModel model;
    static Patchscope scope;

    @BeforeAll
    static void load() {
        model = LlamaModel.stories260k();
        scope = new Patchscope(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theTokenIdentityTargetPatchesThePlaceholder() {
        TargetPrompt next = TokenIdentity.target(scope, Expected.NEXT_TOKEN);
        assertEquals("?", scope.tokenText(next.ids()[next.position()]));
        assertEquals(next.ids().length - 1, next.position());
        TargetPrompt same = TokenIdentity.target(scope, Expected.SOURCE_TOKEN);
        assertEquals("?", scope.tokenText(same.ids()[same.position()]));
        assertEquals(same.ids().length - 2, same.position());
        assertEquals(",", scope.tokenText(same.ids()[same.ids().length - 1]));
        assertRefused(IllegalArgumentException.class, () -> TokenIdentity.placeholderTarget(scope, "no mark", "?"),
                "the target prompt 'no mark' has no placeholder '?'");
        // "Lily" is a token with its leading space, so "Lily" alone (no space) is not one token here
        assertRefused(IllegalArgumentException.class,
                () -> TokenIdentity.placeholderTarget(scope, "hello Lilyx", "Lily"),
                "the placeholder 'Lily' is not a token of its own in 'hello Lilyx'");
    }

    @Test
    void samplesCoverEveryNonFinalPositionAfterBos() {
        List<Sample> s = TokenIdentity.samples(scope, List.of("Lily went to the park."));
        int n = scope.encode("Lily went to the park.").length;
        assertEquals(n - 2, s.size());
        assertEquals(1, s.get(0).position());
        assertEquals(n - 2, s.get(s.size() - 1).position());
        assertRefused(IllegalArgumentException.class, () -> TokenIdentity.samples(scope, List.of()),
                "no source sentences");
    }

    @Test
    void sweepCellsEqualSinglePatchscopes() {
        List<Sample> samples = TokenIdentity.samples(scope, List.of("Lily went to the park.", "The dog ran."));
        for (Expected expected : Expected.values()) {
            TargetPrompt tp = TokenIdentity.target(scope, expected);
            SweepTable t = LayerSweep.run(scope, samples, tp, expected, null);
            int nl = scope.layers() + 1;
            assertEquals(nl, t.layers());
            assertEquals(samples.size(), t.samples());
            assertEquals(2, t.sourcePrompts());
            assertNull(t.topTokens());
            assertNull(t.affinePrecision());  // 9 samples are too few to fit a 64-wide affine map
            // recompute two cells the slow way, from the definitions in TokenIdentity
            for (int[] cell : new int[][] {{1, 2}, {nl - 1, nl - 1}}) {
                int hits = 0;
                double surprisal = 0;
                for (Sample s : samples) {
                    Patchscope.SourceRun src = scope.runSource(s.ids());
                    NextTokens p = scope.read(scope.target(tp.ids(), tp.position(), cell[1]),
                            src.state(cell[0], s.position()));
                    NextTokens orig = src.nextTokens(s.position());
                    int want = expected == Expected.SOURCE_TOKEN ? s.ids()[s.position()] : orig.argmax();
                    hits += p.argmax() == want ? 1 : 0;
                    surprisal += expected == Expected.SOURCE_TOKEN ? p.surprisal(want) : orig.surprisal(p.argmax());
                }
                assertEquals(hits / (double) samples.size(), t.precision()[cell[0]][cell[1]], 1e-12);
                Float32.assertClose(surprisal / samples.size(), t.surprisal()[cell[0]][cell[1]],
                        Float32.STORIES260K_LOG_SOFTMAX_SCALE, Float32.STORIES260K, "surprisal");
            }
            int lensHits = 0;
            for (Sample s : samples) {
                int want = expected == Expected.SOURCE_TOKEN ? s.ids()[s.position()]
                        : scope.runSource(s.ids()).nextTokens(s.position()).argmax();
                lensHits += scope.logitLens(s.ids(), s.position(), 1).argmax() == want ? 1 : 0;
            }
            assertEquals(lensHits / (double) samples.size(), t.lensPrecision()[1], 1e-12);
            // the lens baseline at the last layer predicts what the source predicts
            if (expected == Expected.NEXT_TOKEN) {
                assertEquals(1.0, t.lensPrecision()[nl - 1]);
                // the last layer's state at the target's last position is the source's own prediction
                assertEquals(1.0, t.precision()[nl - 1][nl - 1]);
            }
        }
    }

    @Test
    void theAffineBaselineRecoversAnExactlyAffineRelationOutOfFold() {
        // synthetic states where h^L = 2 h^l + c at every layer: the cross-fitted map is exact, so the affine lens
        // equals the lens on h^L, and the expectation set to its argmax is always met
        int nl = scope.layers() + 1, d = scope.dim(), n = 4 * (d + 1);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        float[][][] states = new float[n][nl][d];
        int[] want = new int[n];
        NextTokens[] orig = new NextTokens[n];
        int[] fold = new int[n];
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < nl - 1; l++) {
                for (int a = 0; a < d; a++) {
                    states[k][l][a] = (float) rnd.nextGaussian();
                }
            }
            for (int a = 0; a < d; a++) {
                states[k][nl - 1][a] = 2 * states[k][nl - 2][a] + 0.5f;
            }
            orig[k] = new NextTokens(model.lmHead(states[k][nl - 1]));
            want[k] = orig[k].argmax();
            fold[k] = k % 2;
        }
        double[][] r = LayerSweep.affineBaseline(scope, states, want, orig, fold, Expected.NEXT_TOKEN);
        assertEquals(1.0, r[0][nl - 1]);  // the last layer maps to itself
        assertEquals(1.0, r[0][nl - 2]);  // the exactly affine layer
        assertTrue(r[0][0] < 0.5, "an unrelated layer cannot be mapped: " + r[0][0]);
        // too few samples per fold: no baseline
        assertNull(LayerSweep.affineBaseline(scope, java.util.Arrays.copyOf(states, d), java.util.Arrays.copyOf(want,
                d), java.util.Arrays.copyOf(orig, d), java.util.Arrays.copyOf(fold, d), Expected.NEXT_TOKEN));
    }

    @Test
    void writersCarryTheNumbers() throws Exception {
        int[] ids = scope.encode("Lily went to the park.");
        SweepTable t = LayerSweep.run(scope, List.of(new Sample(ids, 3)), TokenIdentity.target(scope,
                Expected.NEXT_TOKEN), Expected.NEXT_TOKEN, null);
        int nl = scope.layers() + 1;
        assertEquals(nl, t.topTokens().length);
        ObjectMapper m = new ObjectMapper();
        JsonNode j = m.readTree(m.writeValueAsString(t.toJson(m)));
        assertEquals("next-token", j.get("expected").asText());
        assertEquals(nl, j.get("precision_at_1").size());
        assertEquals(t.precision()[2][3], j.get("precision_at_1").get(2).get(3).asDouble());
        assertEquals(t.diagonal()[4], j.get("precision_at_1_diagonal").get(4).asDouble());
        assertEquals(t.lensPrecision()[1], j.get("logit_lens_precision_at_1").get(1).asDouble());
        String md = t.toMarkdown();
        assertTrue(md.contains("| l \\ l* | 0 | 1 |"), md);
        assertEquals(3, md.lines().filter(l -> l.startsWith("| l \\ l* |")).count(), md);  // P@1, surprisal, tokens
        String html = t.toHtml("sweep <test>");
        assertTrue(html.contains("sweep &lt;test&gt;") && html.contains("<table>"), html);
    }

    @Test
    void noisyInputFailsClearly() {
        assertRefused(IllegalArgumentException.class, () -> LayerSweep.run(scope, List.of(),
                TokenIdentity.target(scope, Expected.SOURCE_TOKEN), Expected.SOURCE_TOKEN, null),
                "the sweep needs at least one source sample");
        assertRefused(IllegalArgumentException.class, () -> new Sample(new int[] {1, 5}, 0),
                "sample position 0 must lie in 1..1");
        assertRefused(IllegalArgumentException.class, () -> Expected.parse("identity"),
                "unknown expectation 'identity': use source-token or next-token");
        assertEquals(Expected.NEXT_TOKEN, Expected.parse("next-token"));
    }

    @Test
    void nextTokensAndAffineMapsFollowTheirDefinitions() {
        NextTokens n = new NextTokens(new float[] {1f, 3f, 3f, -2f});
        assertEquals(1, n.argmax());
        double z = Math.exp(1) + 2 * Math.exp(3) + Math.exp(-2);
        assertEquals(Math.exp(3) / z, n.probability(2), 1e-12);
        assertEquals(-Math.log(Math.exp(-2) / z), n.surprisal(3), 1e-12);
        List<NextTokens.Candidate> top = n.top(3);
        assertEquals(List.of(1, 2, 0), top.stream().map(NextTokens.Candidate::token).toList());
        assertEquals(4, n.top(10).size());
        assertRefused(IllegalArgumentException.class, () -> n.surprisal(4), "token 4 is outside the vocabulary [0, 4)");
        assertRefused(IllegalArgumentException.class, () -> n.top(0), "k must be >= 1, got 0");

        AffineMap f = AffineMap.of(new float[] {1, 2, 0, -1, 3, 1}, 2, 3, new float[] {0.5f, -1});
        assertArrayEquals(new float[] {1 + 4 + 0.5f, -1 + 6 - 1}, f.apply(new float[] {1, 2, 0}), 1e-6f);
        assertArrayEquals(new float[] {4, 5}, AffineMap.identity(2).apply(new float[] {4, 5}));
        assertRefused(IllegalArgumentException.class, () -> f.apply(new float[2]), "the map takes 3 values, got 2");
        assertRefused(IllegalArgumentException.class, () -> AffineMap.of(new float[5], 2, 3, null),
                "weight must hold out * in = 6 values, got 5");
        assertRefused(IllegalArgumentException.class, () -> scope.map(AffineMap.identity(3), new float[3]),
                "the map gives 3 values, the model's width is " + scope.dim());
    }

    @Test
    void leastSquaresRecoversAnAffineMapAndRejectsTooFewPairs() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int in = 4, out = 3, n = 40;
        float[] w = new float[out * in];
        float[] b = new float[out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(-2, 2);
        }
        for (int i = 0; i < out; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        AffineMap truth = AffineMap.of(w, out, in, b);
        float[][] xs = new float[n][in];
        float[][] ys = new float[n][];
        for (int k = 0; k < n; k++) {
            for (int a = 0; a < in; a++) {
                xs[k][a] = (float) rnd.nextDouble(-3, 3);
            }
            ys[k] = truth.apply(xs[k]);
        }
        AffineMap fitted = AffineMap.fit(xs, ys, 0);
        float[] probe = {0.5f, -1f, 2f, 0.25f};
        // the targets are float32 roundings of the truth: the fit recovers it to float32 rounding over the n pairs
        Float32.assertClose(truth.apply(probe), fitted.apply(probe), n, "fitted map");
        // a ridge shrinks the weights, so the fit is no longer exact
        float[] shrunk = AffineMap.fit(xs, ys, 1.0).apply(probe);
        assertTrue(Math.abs(shrunk[0] - truth.apply(probe)[0]) > 1e-3);
        // 3 pairs cannot determine 5 parameters per output
        assertRefused(IllegalArgumentException.class,
                () -> AffineMap.fit(java.util.Arrays.copyOf(xs, 3), java.util.Arrays.copyOf(ys, 3), 0),
                "the least-squares system of 3 pairs for 5 parameters per output", "too few pairs");
        assertRefused(IllegalArgumentException.class, () -> AffineMap.fit(xs, ys, -1), "ridge must be >= 0, got -1.0");
    }
}

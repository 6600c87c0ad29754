package org.spex4j.textgenshap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.api.Explanation;
import org.spex4j.Spex;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;
import org.spex4j.model.TextModel;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.SpeculativeDecoder;
import org.spex4j.text.Tokenized;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;

/** Speculative decoding over the output tree on the real stories260k: same outputs, fewer decoder passes. */
class SpeculativeDecodingTest {
    static final String TEXT = "Lily went to the park. She saw a big dog. The dog was happy. Lily wanted to play.";
    static TextModel model;
    static LlamaModel llama;
    static SpeculativeDecoder decoder;

    @BeforeAll
    static void load() {
        model = Models.load("stories260k", Kernels.Device.CPU);
        llama = Models.llama(model);
        decoder = new SpeculativeDecoder(llama);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static MaskedInput input(MaskMode mode) {
        Tokenized t = model.tokenize(TEXT);
        return MaskedInput.of(Segmenter.words(TEXT), t.ids(), t.charStart(), t.charEnd(), mode, model.replaceId(),
                model.padId());
    }

    static int[] prompt() {
        return llama.tokenizer().encodeIds(TEXT, true, false);
    }

    @Test
    void explicitMaskAndPositionsOverACachedPrefixMatchThePlainForward() {
        int[] all = prompt();
        int p = 10, t = all.length - p;
        int[] prefix = Arrays.copyOf(all, p), tokens = Arrays.copyOfRange(all, p, all.length);
        int[] positions = new int[t];
        float[] mask = new float[t * (p + t)];
        for (int i = 0; i < t; i++) {
            positions[i] = p + i;
            for (int j = 0; j < p + t; j++) {
                mask[i * (p + t) + j] = j <= p + i ? 0f : Float.NEGATIVE_INFINITY;
            }
        }
        float[] got = decoder.logitsAfterPrefix(prefix, tokens, positions, mask);
        long[] ids = Arrays.stream(all).asLongStream().toArray();
        float[] want = llama.logits(ids, 1, all.length, null);
        int v = llama.vocabSize();
        // a tree pass has other shapes than the plain one: equal up to float32 rounding
        Float32.assertClose(Arrays.copyOfRange(want, p * v, (p + t) * v), got, Float32.STORIES260K, "tree pass");
        // a token that sees only itself and the prefix at position p is the first continuation token's twin
        float[] lone = decoder.logitsAfterPrefix(prefix, new int[] {tokens[3]}, new int[] {p},
                new float[p + 1]);
        long[] swapped = Arrays.stream(Arrays.copyOf(all, p + 1)).asLongStream().toArray();
        swapped[p] = tokens[3];
        float[] direct = llama.logits(swapped, 1, p + 1, null);
        Float32.assertClose(Arrays.copyOfRange(direct, p * v, (p + 1) * v), lone, Float32.STORIES260K, "lone token");
        assertRefused(IllegalArgumentException.class,
                () -> decoder.logitsAfterPrefix(prefix, tokens, positions, new float[3]), "mask must hold",
                "values, got 3");
    }

    @Test
    void treeDecodingEqualsGreedyOnHitsMissesAndEmptyTrees() {
        int[] prompt = prompt();
        int steps = 8;
        int[] plain = new LlamaGenerator(llama).generateGreedy(prompt, steps, Greedy.CACHED.untilEos());
        int[] out = Arrays.copyOfRange(plain, prompt.length, plain.length);
        // empty tree: a miss at the root
        SpeculativeDecoder.TreeGeneration empty = decoder.generateGreedy(prompt, steps, true, new int[0], new int[0]);
        assertArrayEquals(plain, empty.tokens());
        assertFalse(empty.hit());
        // the true output among decoys: a hit in one pass
        SpeculationTree tree = new SpeculationTree(1000);
        SplittableRandom random = new SplittableRandom(1);
        for (int d = 0; d < 6; d++) {
            int[] decoy = out.clone();
            decoy[random.nextInt(out.length)] = random.nextInt(3, 512);
            tree.add(decoy);
        }
        tree.add(out);
        int[][] flat = tree.flatten(steps);
        SpeculativeDecoder.TreeGeneration hit = decoder.generateGreedy(prompt, steps, true, flat[0], flat[1]);
        assertArrayEquals(plain, hit.tokens());
        assertTrue(hit.hit());
        assertEquals(1, hit.passes());
        assertEquals(out.length, hit.verified());
        // a tree that agrees for three tokens, then diverges: fall back from there
        SpeculationTree partial = new SpeculationTree(1000);
        int[] wrong = out.clone();
        wrong[3] = (wrong[3] + 1) % 512;
        partial.add(wrong);
        int[][] pf = partial.flatten(steps);
        SpeculativeDecoder.TreeGeneration miss = decoder.generateGreedy(prompt, steps, true, pf[0], pf[1]);
        assertArrayEquals(plain, miss.tokens());
        assertFalse(miss.hit());
        assertEquals(4, miss.verified(), "three tree tokens and the divergent argmax come from the one pass");
        assertEquals(1 + out.length - 4, miss.passes());
        assertRefused(IllegalArgumentException.class,
                () -> decoder.generateGreedy(prompt, steps, true, new int[] {5, 6}, new int[] {1, -1}),
                "tree node 0 has parent 1");
    }

    @Test
    void generationsAreIdenticalWithAndWithoutSpeculation() {
        for (MaskMode mode : MaskMode.values()) {
            MaskedInput in = input(mode);
            MaskedPrompts prompts = new MaskedPrompts(in);
            GreedyGenerator spec = new GreedyGenerator(llama, 8, true, 1024);
            GreedyGenerator plain = new GreedyGenerator(llama, 8, false, 0);
            SplittableRandom random = new SplittableRandom(11);
            for (int q = 0; q < 120; q++) {
                boolean[] keep = new boolean[in.n()];
                double density = q % 3 == 0 ? 0.9 : q % 3 == 1 ? 0.5 : 0.2;
                for (int i = 0; i < keep.length; i++) {
                    keep[i] = random.nextDouble() < density;
                }
                int[] prompt = prompts.prompt(keep);
                assertArrayEquals(plain.generate(prompt), spec.generate(prompt), mode + " coalition " + q);
            }
            assertTrue(spec.hits() > 0, "some coalitions repeat an earlier output");
            assertTrue(spec.passes() < plain.passes(), spec.passes() + " vs " + plain.passes() + " passes");
            assertEquals(plain.generatedTokens(), spec.generatedTokens());
        }
    }

    @Test
    void explanationsAreIdenticalWithAndWithoutSpeculation() {
        MaskedInput in = input(MaskMode.REPLACE);
        Hierarchy h = Hierarchy.sentences(in.features());
        assertEquals(4, h.groups());
        TextGenShapConfig c = TextGenShapConfig.builder().optPermutations(6).optBanzhafSamples(4).build();
        List<TextGenShapResult> runs = new ArrayList<>();
        for (boolean speculative : new boolean[] {false, true}) {
            GreedyGenerator g = new GreedyGenerator(llama, 8, speculative, 1024);
            runs.add(TextGenShap.explain(OutputGame.of(in, g), h, c, 3, 256, () -> false));
        }
        TextGenShapResult a = runs.get(0), b = runs.get(1);
        assertEquals(a.outputs().size(), b.outputs().size());
        for (int y = 0; y < a.outputs().size(); y++) {
            assertArrayEquals(a.outputs().get(y), b.outputs().get(y));
            assertArrayEquals(a.shapley(y).value(), b.shapley(y).value(), 0.0);
            assertArrayEquals(a.banzhaf(y).inclusion(), b.banzhaf(y).inclusion(), 0.0);
        }
        assertArrayEquals(a.expanded(), b.expanded());
        int y = a.full().label();
        double sum = Arrays.stream(a.shapley(y).value()).sum();
        assertEquals(1.0 - (a.empty().label() == y ? 1 : 0), sum, 1e-9, "efficiency for y*");
    }

    @Test
    void spexExplainWithTextgenshapOnStories260k() {
        assertTrue(Spex.methods().contains("textgenshap"));
        try (Spex spex = Spex.builder().optModel("stories260k").optMethod("textgenshap", 2).optBudget(300)
                .optThreads(1).optSeed(5).build()) {
            Explanation e = spex.explain(TEXT);
            assertEquals("textgenshap", e.method());
            assertEquals("shapley", e.rankingName());
            assertTrue(e.scores().names().containsAll(List.of("shapley", "banzhaf", "shapley_inclusion",
                    "banzhaf_inclusion", "sentence_score")), e.scores().names().toString());
            double[] phi = e.scores().get("shapley");
            double sum = Arrays.stream(phi).sum();
            assertTrue(Math.abs(sum - 1) < 1e-9 || Math.abs(sum) < 1e-9, "efficiency: Σφ = 1 - v(∅), got " + sum);
            // the surrogate is additive with F({i}) = -φ_i / 2
            assertArrayEquals(phi, e.shapleyValues(), 1e-9);
            assertTrue(e.distinctQueries() > 0 && e.distinctQueries() <= e.queries());
            // f is the game explained, v_{y*}: it names y*, is 1 on the whole input, and efficiency closes on it
            assertTrue(e.target().startsWith("1[the greedy output of the masked input is y* = \""), e.target());
            String yStar = e.scores().names().stream().filter(k -> k.startsWith("shapley[y") && k.contains("*="))
                    .findFirst().orElseThrow();
            assertTrue(e.target().contains(yStar.substring(yStar.indexOf("*=") + 2, yStar.length() - 1)), yStar);
            assertEquals(1.0, e.full());
            assertEquals(e.full() - e.baseline(), sum, 1e-9);
        }
    }
}

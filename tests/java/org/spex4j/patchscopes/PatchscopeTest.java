package org.spex4j.patchscopes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.model.Models;
import org.spex4j.model.StubTextModel;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.testing.Float32;

/** The Patchscope checks of METHODS.md section 4.3 on the real stories260k model, and input validation. */
class PatchscopeTest {
    static LlamaModel model;
    static Patchscope scope;
    static final String SOURCE = "Lily went to the park. She saw a big dog.";

    @BeforeAll
    static void load() {
        model = LlamaModel.stories260k();
        scope = new Patchscope(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] plainLogits(int[] ids) {
        return model.logits(Patchscope.toLongs(ids), 1, ids.length, null);
    }

    @Test
    void patchingAStateIntoItsOwnPlaceChangesNothing() {
        int[] ids = scope.encode(SOURCE);
        Patchscope.SourceRun src = scope.runSource(ids);
        float[] plain = plainLogits(ids);
        for (int layer = 0; layer <= scope.layers(); layer++) {
            for (int pos : new int[] {1, 4, ids.length - 1}) {
                float[] patched = scope.patchedLogits(scope.target(ids, pos, layer), src.state(layer, pos));
                assertArrayEquals(plain, patched, 0f, "layer " + layer + ", position " + pos);
            }
        }
        // the source run's own read-out is the plain forward pass
        int v = model.vocabSize(), last = ids.length - 1;
        assertArrayEquals(Arrays.copyOfRange(plain, last * v, (last + 1) * v), src.nextTokens(-1).logits(), 0f);
    }

    @Test
    void aForeignStateDoesChangeTheOutput() {
        int[] ids = scope.encode(SOURCE);
        float[] other = scope.runSource(scope.encode("The cat jumped on the bed.")).state(3, 2);
        float[] patched = scope.patchedLogits(scope.target(ids, 4, 3), other);
        float[] plain = plainLogits(ids);
        int v = model.vocabSize();
        // positions before the patch are untouched (causal), the patched one and later ones move
        assertArrayEquals(Arrays.copyOfRange(plain, 0, 4 * v), Arrays.copyOfRange(patched, 0, 4 * v), 0f);
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 4 * v, 5 * v), Arrays.copyOfRange(patched, 4 * v, 5 * v)));
    }

    @Test
    void logitLensEqualsFinalNormAndHeadOnTheState() {
        int[] ids = scope.encode(SOURCE);
        Patchscope.SourceRun src = scope.runSource(ids);
        float[] previous = null;
        for (int layer = 0; layer <= scope.layers(); layer++) {
            for (int pos : new int[] {2, 5, ids.length - 1}) {
                float[] lens = scope.logitLens(ids, pos, layer).logits();
                float[] direct = model.lmHead(src.state(layer, pos));
                Float32.assertClose(direct, lens, Float32.STORIES260K, "layer " + layer + ", position " + pos);
            }
            float[] now = scope.logitLens(ids, 5, layer).logits();
            if (previous != null) {
                assertFalse(Arrays.equals(previous, now), "layers differ");
            }
            previous = now;
        }
        // at the last layer the lens is the model's own prediction
        Float32.assertClose(src.nextTokens(5).logits(), scope.logitLens(ids, 5, scope.layers()).logits(),
                Float32.STORIES260K, "last layer");
    }

    @Test
    void patchedGenerationIsTheSameWithAndWithoutTheKvCache() {
        Patchscope.SourceRun src = scope.runSource(scope.encode(SOURCE));
        int[] target = scope.encode("Once upon a time, there was a little");
        for (int[] cfg : new int[][] {{1, 2, 3}, {4, 4, 4}, {10, 5, 1}, {7, 0, 0}}) {  // source pos, l, l*
            Patchscope.Target t = scope.target(target, 5, cfg[2]);
            float[] h = src.state(cfg[1], cfg[0]);
            Patchscope.Decoded cached = scope.generate(t, h, 8, true);
            Patchscope.Decoded uncached = scope.generate(t, h, 8, false);
            assertArrayEquals(uncached.tokens(), cached.tokens(), Arrays.toString(cfg));
            for (int s = 0; s < cached.steps().size(); s++) {
                Float32.assertClose(uncached.steps().get(s).logits(), cached.steps().get(s).logits(),
                        Float32.STORIES260K, Arrays.toString(cfg) + " step " + s);
            }
            // the first step is the patched read-out
            Float32.assertClose(scope.read(t, h).logits(), cached.steps().get(0).logits(), Float32.STORIES260K,
                    Arrays.toString(cfg) + " read-out");
        }
        // and the patch is seen: a foreign state at the last position changes the continuation's first token
        Patchscope.Target last = scope.target(target, -1, 2);
        float[] foreign = src.state(2, 3);
        float[] unpatched = new LlamaGenerator(model).generateGreedyWithLogits(target, 1, Greedy.CACHED)
                .stepLogits()[0];
        assertFalse(Arrays.equals(unpatched, scope.generate(last, foreign, 1, true).steps().get(0).logits()));
    }

    @Test
    void batchedReadsEqualSingleReads() {
        Patchscope.SourceRun src = scope.runSource(scope.encode(SOURCE));
        TokenIdentity.TargetPrompt tp = TokenIdentity.target(scope, TokenIdentity.Expected.SOURCE_TOKEN);
        int[] layers = {0, 3, 5, 1, 3};
        float[][] states = {src.state(0, 2), src.state(1, 3), src.state(5, 4), src.state(2, 6), src.state(4, 1)};
        NextTokens[] batch = scope.readBatch(tp.ids(), tp.position(), layers, states);
        for (int r = 0; r < layers.length; r++) {
            NextTokens one = scope.read(scope.target(tp.ids(), tp.position(), layers[r]), states[r]);
            Float32.assertClose(one.logits(), batch[r].logits(), Float32.STORIES260K, "row " + r);
        }
    }

    @Test
    void inspectResolvesNegativePositionsAndAppliesTheMap() {
        int[] ids = scope.encode(SOURCE);
        int d = scope.dim();
        float[] w = new float[d * d];
        for (int i = 0; i < d; i++) {
            w[i * d + i] = 2f;
        }
        AffineMap twice = AffineMap.of(w, d, d, null);
        Patchscope.Result r = scope.inspect(new Patchscope.Request(ids, -2, 3, twice, ids, -1, 4));
        assertEquals(ids.length - 2, r.sourcePosition());
        assertEquals(ids[ids.length - 2], r.sourceToken());
        assertEquals(ids.length - 1, r.target().position());
        float[] h = scope.runSource(ids).state(3, ids.length - 2);
        for (int i = 0; i < d; i++) {
            assertEquals(2 * h[i], r.patched()[i], "doubling is exact in float32");
        }
        Patchscope.Result identity = scope.inspect(new Patchscope.Request(ids, -2, 3, null, ids, -1, 4));
        assertArrayEquals(h, identity.patched(), 0f);
        assertFalse(Arrays.equals(identity.next().logits(), r.next().logits()));
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        int[] ids = scope.encode(SOURCE);
        int nl = scope.layers();
        assertRefused(IllegalArgumentException.class, () -> scope.target(ids, 0, nl + 1),
                "target layer " + (nl + 1) + " is out of range");
        assertRefused(IllegalArgumentException.class, () -> scope.target(ids, 0, -1),
                "target layer -1 is out of range");
        assertRefused(IllegalArgumentException.class, () -> scope.target(ids, ids.length, 1),
                "target position " + ids.length + " is out of range for a prompt of " + ids.length + " tokens");
        assertRefused(IllegalArgumentException.class, () -> scope.target(ids, -ids.length - 1, 1),
                "target position " + (-ids.length - 1) + " is out of range");
        assertRefused(IllegalArgumentException.class, () -> scope.runSource(ids).state(nl + 1, 1),
                "source layer " + (nl + 1) + " is out of range");
        assertRefused(IllegalArgumentException.class, () -> scope.runSource(ids).state(1, 99),
                "source position 99 is out of range");
        assertRefused(IllegalArgumentException.class, () -> scope.logitLens(ids, 1, -1),
                "source layer -1 is out of range");
        assertRefused(IllegalArgumentException.class, () -> scope.encode(""), "the prompt is empty");
        assertRefused(IllegalArgumentException.class, () -> scope.encode("   "), "the prompt is empty");
        assertRefused(IllegalArgumentException.class, () -> scope.runSource(new int[0]), "the source prompt is empty");
        Patchscope.Target t = scope.target(ids, 1, 1);
        assertRefused(IllegalArgumentException.class, () -> scope.read(t, new float[3]),
                "the patched state must hold " + scope.dim() + " values, got 3");
        float[] nan = new float[scope.dim()];
        nan[0] = Float.NaN;
        assertRefused(IllegalArgumentException.class, () -> scope.read(t, nan),
                "the patched state has a non-finite value NaN");
        assertRefused(IllegalArgumentException.class, () -> scope.generate(t, new float[scope.dim()], 0, true),
                "steps must be >= 1, got 0");
        assertRefused(IllegalArgumentException.class, () -> new Patchscope(null), "model must not be null");
        assertRefused(IllegalArgumentException.class,
                () -> scope.readBatch(ids, 1, new int[] {1, 2}, new float[][] {new float[scope.dim()]}),
                "got 2 layers and 1 states");
        // row patches must match the batch
        org.spex4j.model.runtime.Hooks twoRows = new org.spex4j.model.runtime.Hooks().patchRows(Patchscope.hookName(1), 1,
                new float[][] {null, new float[scope.dim()]});
        assertRefused(IllegalArgumentException.class,
                () -> model.logits(Patchscope.toLongs(ids), 1, ids.length, null, twoRows),
                "have 2 rows, the batch has 1");
        assertRefused(IllegalArgumentException.class, () -> Models.llama(new StubTextModel("stub-encoder", 8)),
                "model 'stub-encoder' is not a decoder");
    }
}

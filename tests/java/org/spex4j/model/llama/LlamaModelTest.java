package org.spex4j.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.testing.Float32;

class LlamaModelTest {
    static final String PROMPT_30 =
            "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day,";
    static LlamaModel model;
    static LlamaGenerator generator;
    static ContinuationScorer scorer;
    static TextTokenizer tok;
    static final int V = 512;

    @BeforeAll
    static void load() {
        model = LlamaModel.stories260k();
        generator = new LlamaGenerator(model);
        scorer = new ContinuationScorer(model);
        tok = model.tokenizer();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void config() {
        LlamaConfig c = model.config();
        assertEquals(64, c.dim());
        assertEquals(172, c.hiddenDim());
        assertEquals(5, c.layers());
        assertEquals(8, c.heads());
        assertEquals(4, c.kvHeads());
        assertEquals(512, c.vocab());
        assertEquals(512, c.seqLen());
        assertTrue(c.sharedClassifier());
        assertEquals(LlamaConfig.RopeStyle.INTERLEAVED, c.rope());
    }

    @Test
    void greedyPromptMatchesLlama2c() {
        int[] prompt = tok.encodeIds("Once upon a time", true, false);
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, prompt);
        int[] out = generator.generateGreedy(prompt, 30, Greedy.CACHED);
        assertEquals(5 + 30, out.length);
        assertArrayEquals(prompt, Arrays.copyOf(out, 5));
        assertEquals(PROMPT_30, tok.decode(out));
        assertEquals(PROMPT_30, generator.generate("Once upon a time", 30));
    }

    @Test
    void greedyFromBosMatchesLlama2c() {
        int[] out = generator.generateGreedy(new int[] {1}, 200, Greedy.CACHED);
        assertEquals(1 + 200, out.length);
        String text = tok.decode(out).stripTrailing();
        assertTrue(text.startsWith("Once upon a time, there was a little girl named Lily."), text);
        assertTrue(text.endsWith("Lily didn't want to help her mom, so she"), text);
    }

    @Test
    void cachedEqualsUncached() {
        int[] prompt = tok.encodeIds("Once upon a time", true, false);
        LlamaGenerator.Generation cached = generator.generateGreedyWithLogits(prompt, 40, Greedy.CACHED);
        LlamaGenerator.Generation full = generator.generateGreedyWithLogits(prompt, 40, Greedy.UNCACHED);
        assertArrayEquals(full.tokens(), cached.tokens());
        assertEquals(prompt.length + 40, cached.tokens().length);
        assertEquals(40, cached.stepLogits().length);
        for (int s = 0; s < 40; s++) {
            // the cache changes the shapes of every product, hence the kernels and their summation order
            Float32.assertClose(full.stepLogits()[s], cached.stepLogits()[s], Float32.STORIES260K, "step " + s);
        }
        // the first step's logits are the prompt's last-position logits
        float[] all = model.logits(Arrays.stream(prompt).asLongStream().toArray(), 1, prompt.length, null);
        Float32.assertClose(Arrays.copyOfRange(all, (prompt.length - 1) * V, prompt.length * V),
                cached.stepLogits()[0], Float32.STORIES260K, "first step");
    }

    @Test
    void stopAtEndOfSequence() {
        // greedy from "The cat" ends its story after 210 tokens with BOS, llama2.c's sequence delimiter
        int[] prompt = tok.encodeIds("The cat", true, false);
        int[] out = generator.generateGreedy(prompt, 250, Greedy.CACHED.untilEos());
        assertEquals(prompt.length + 210, out.length);
        assertEquals(LlamaTokenizer.BOS, out[out.length - 1]);
        for (int i = prompt.length; i < out.length - 1; i++) {
            assertTrue(out[i] != LlamaTokenizer.BOS && out[i] != LlamaTokenizer.EOS);
        }
        String text = generator.generate("The cat", 250);  // stops there too, without the delimiter
        assertEquals(tok.decode(Arrays.copyOf(out, out.length - 1)), text);
    }

    @Test
    void batchEqualsRowsOneByOne() {
        Random rnd = new Random(3);
        int[] lens = {5, 9, 2, 9};
        int b = lens.length, len = 9;
        long[] ids = new long[b * len];
        long[] lengths = new long[b];
        for (int r = 0; r < b; r++) {
            lengths[r] = lens[r];
            ids[r * len] = 1;
            for (int i = 1; i < len; i++) {
                ids[r * len + i] = i < lens[r] ? 3 + rnd.nextInt(V - 3) : rnd.nextInt(V);  // padding is ignored
            }
        }
        float[] batch = model.logits(ids, b, len, lengths, null);
        assertEquals(b * len * V, batch.length);
        for (int r = 0; r < b; r++) {
            long[] row = Arrays.copyOfRange(ids, r * len, r * len + lens[r]);
            float[] single = model.logits(row, 1, lens[r], null);
            float[] inBatch = Arrays.copyOfRange(batch, r * len * V, (r * len + lens[r]) * V);
            // OpenBLAS picks different GEMM kernels for different row counts (here M = 5 alone, 36 in the batch), so
            // the last bits differ and grow through the layers (worst seen over random batches: 3.9e-5 on logits
            // of size ~20)
            Float32.assertClose(single, inBatch, Float32.STORIES260K, "row " + r);
        }
    }

    @Test
    void tensorVariantMatchesArrays() {
        long[] ids = {1, 403, 407, 261, 378, 1, 403, 0, 0, 0};
        long[] lengths = {5, 2};
        float[] expected = model.logits(ids, 2, 5, lengths);
        float[] got;
        try (PointerScope scope = new PointerScope()) {
            Tensor t = model.logits(Tensors.fromLongs(ids, 2, 5), Tensors.fromLongs(lengths, 2), null);
            assertArrayEquals(new long[] {2, 5, V}, t.sizes().vec().get());
            got = Tensors.toFloats(t);
        }
        for (int r = 0; r < 2; r++) {
            int n = (int) lengths[r] * V;
            // one computation behind both entry points: bit for bit
            assertArrayEquals(Arrays.copyOfRange(expected, r * 5 * V, r * 5 * V + n),
                    Arrays.copyOfRange(got, r * 5 * V, r * 5 * V + n));
        }
        try (PointerScope scope = new PointerScope()) {
            assertRefused(IllegalArgumentException.class, () -> model.logits(
                    Tensors.fromLongs(new long[] {1, 600}, 1, 2), null, null), "[0, 512), got [1, 600]");
            assertRefused(IllegalArgumentException.class, () -> model.logits(
                    Tensors.fromFloats(new float[] {1, 2}, 1, 2), null, null), "int64 tensor", "got Float");
        }
    }

    @Test
    void continuationLogProbEqualsStepwiseLogSoftmax() {
        long[][] prefixes = {{1, 403, 407, 261, 378}, {1, 403}, {1, 261, 378, 407, 403, 300, 301}};
        int[] cont = {11, 300, 280, 400};
        int b = prefixes.length, plen = 7;
        long[] ids = new long[b * plen];
        long[] lengths = new long[b];
        for (int r = 0; r < b; r++) {
            System.arraycopy(prefixes[r], 0, ids, r * plen, prefixes[r].length);
            lengths[r] = prefixes[r].length;
        }
        double[] sum = scorer.logProb(ids, b, plen, lengths, cont, false);
        double[] mean = scorer.logProb(ids, b, plen, lengths, cont, true);
        // the tensor entry (the masked value functions' path) ignores whatever lies past a row's length
        long[] junkPadded = ids.clone();
        int[] intLengths = new int[b];
        for (int r = 0; r < b; r++) {
            intLengths[r] = (int) lengths[r];
            for (int i = prefixes[r].length; i < plen; i++) {
                junkPadded[r * plen + i] = 77;
            }
        }
        double[] fromTensor;
        try (PointerScope scope = new PointerScope()) {
            fromTensor = scorer.logProb(Tensors.fromLongs(junkPadded, b, plen), intLengths, cont, false);
            assertRefused(IllegalArgumentException.class, () -> scorer.logProb(
                    Tensors.fromLongs(junkPadded, b, plen), new int[] {1, 2}, cont, false), "need 3 lengths, got 2");
            assertRefused(IllegalArgumentException.class, () -> scorer.logProb(
                    Tensors.fromLongs(junkPadded, b, plen), new int[] {1, 8, 1}, cont, false),
                    "prefix length 8 of row 1 must lie in [1, 7]");
            long[] outOfVocab = ids.clone();
            outOfVocab[1] = V;
            assertRefused(IllegalArgumentException.class, () -> scorer.logProb(
                    Tensors.fromLongs(outOfVocab, b, plen), intLengths, cont, false), "[0, 512), got [0, 512]");
        }
        assertArrayEquals(sum, fromTensor, "padding never reaches a real position: bit for bit");
        for (int r = 0; r < b; r++) {
            long[] seq = new long[prefixes[r].length + cont.length];
            System.arraycopy(prefixes[r], 0, seq, 0, prefixes[r].length);
            for (int j = 0; j < cont.length; j++) {
                seq[prefixes[r].length + j] = cont[j];
            }
            float[] logits = model.logits(seq, 1, seq.length, null);
            double expected = 0;
            for (int j = 0; j < cont.length; j++) {
                int pos = prefixes[r].length - 1 + j;
                expected += logSoftmax(logits, pos * V, cont[j]);
            }
            // a log-softmax moves by at most twice its logits' error, once per continuation token
            double scale = 2 * cont.length * Float32.maxAbs(logits);
            Float32.assertClose(expected, sum[r], scale, Float32.STORIES260K, "row " + r);
            Float32.assertClose(expected / cont.length, mean[r], scale / cont.length, Float32.STORIES260K,
                    "mean, row " + r);
        }
    }

    static double logSoftmax(float[] logits, int offset, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < V; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double z = 0;
        for (int i = 0; i < V; i++) {
            z += Math.exp(logits[offset + i] - max);
        }
        return logits[offset + target] - max - Math.log(z);
    }

    @Test
    void hooksPatchWithOwnValueChangesNothingAndLogitLens() {
        long[] ids = {1, 403, 407, 261, 378, 1, 403, 407, 0, 0};
        long[] lengths = {5, 3};
        int len = 5, layers = model.config().layers();
        Hooks capture = new Hooks().capture(HookName.embed()).capture(HookName.lnFinal());
        for (int l = 0; l < layers; l++) {
            capture.capture(HookName.residPost(l));
        }
        float[] base = model.logits(ids, 2, len, lengths, capture);
        assertNotNull(capture.captured(HookName.embed()));
        assertArrayEquals(new long[] {2, len, 64}, capture.captured(HookName.residPost(2)).shape());

        // patch every hook point at position 2 with its own captured value (same in both rows: identical prefix)
        Hooks patch = new Hooks();
        patch.patch(HookName.embed(), 2, capture.captured(HookName.embed()).at(0, 2));
        for (int l = 0; l < layers; l++) {
            patch.patch(HookName.residPost(l), 2, capture.captured(HookName.residPost(l)).at(0, 2));
        }
        patch.patch(HookName.lnFinal(), 2, capture.captured(HookName.lnFinal()).at(0, 2));
        float[] patched = model.logits(ids, 2, len, lengths, patch);
        for (int r = 0; r < 2; r++) {
            int n = (int) lengths[r] * V;
            // a patch with the value that was there already: bit for bit
            assertArrayEquals(Arrays.copyOfRange(base, r * len * V, r * len * V + n),
                    Arrays.copyOfRange(patched, r * len * V, r * len * V + n), "row " + r);
        }

        // logit lens: the head applied to the last block's output gives the logits
        for (int r = 0; r < 2; r++) {
            for (int p = 0; p < lengths[r]; p++) {
                float[] lens = model.lmHead(capture.captured(HookName.residPost(layers - 1)).at(r, p));
                float[] expected = Arrays.copyOfRange(base, (r * len + p) * V, (r * len + p + 1) * V);
                Float32.assertClose(expected, lens, Float32.STORIES260K, "lens, row " + r + ", position " + p);
            }
        }
        // a patch that does change the state changes the output
        float[] zeros = new float[64];
        float[] changed = model.logits(ids, 2, len, lengths, new Hooks().patch(HookName.residPost(0), 1, zeros));
        assertTrue(Float32.maxAbsDiff(Arrays.copyOfRange(base, 2 * V, 3 * V),
                Arrays.copyOfRange(changed, 2 * V, 3 * V)) > 1e-3);
        // causal: the position before the patch computes exactly as before
        assertArrayEquals(Arrays.copyOfRange(base, 0, V), Arrays.copyOfRange(changed, 0, V));
    }

    @Test
    void concurrentCallsFromTwoThreads() throws Exception {
        long[][] inputs = new long[2][];
        float[][] expected = new float[2][];
        Random rnd = new Random(11);
        for (int k = 0; k < 2; k++) {
            inputs[k] = new long[4 * 16];
            for (int i = 0; i < inputs[k].length; i++) {
                inputs[k][i] = i % 16 == 0 ? 1 : rnd.nextInt(V);
            }
            expected[k] = model.logits(inputs[k], 4, 16, null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] futures = new Future<?>[2];
            for (int k = 0; k < 2; k++) {
                final int kk = k;
                futures[k] = pool.submit(() -> {
                    for (int it = 0; it < 15; it++) {
                        float[] got = model.logits(inputs[kk], 4, 16, null);
                        Float32.assertClose(expected[kk], got, Float32.STORIES260K, "thread " + kk);
                        int[] gen = generator.generateGreedy(new int[] {1, 403}, 5, Greedy.CACHED);
                        assertEquals(7, gen.length);
                    }
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badInputIsAClearException() {
        assertRefused(IllegalArgumentException.class, () -> model.logits(new long[] {1, 512}, 1, 2, null), "512");
        assertRefused(IllegalArgumentException.class, () -> model.logits(new long[] {1, -1}, 1, 2, null),
                "ids[0, 1] = -1 is outside the vocabulary");
        assertRefused(IllegalArgumentException.class, () -> model.logits(new long[] {1, 2, 3}, 1, 2, null),
                "batch * length = 2 values, got 3");
        assertRefused(IllegalArgumentException.class, () -> model.logits(new long[] {1, 2}, 1, 2, new long[] {3}),
                "lengths[0] = 3 must lie in [1, 2]");
        assertRefused(IllegalArgumentException.class,
                () -> generator.generateGreedy(new int[] {1, 600}, 3, Greedy.CACHED),
                "prompt token id 600 is outside the vocabulary");
        assertRefused(IllegalArgumentException.class, () -> generator.generateGreedy(new int[0], 3, Greedy.CACHED),
                "the prompt must have at least one token");
        // the policy for over-long input: IllegalArgumentException naming the context limit, no truncation
        assertRefused(IllegalArgumentException.class, () -> model.logits(new long[513], 1, 513, null), "512");
        int[] longPrompt = new int[513];
        longPrompt[0] = 1;
        assertRefused(IllegalArgumentException.class, () -> generator.generateGreedy(longPrompt, 1, Greedy.CACHED),
                "512");
        assertRefused(IllegalArgumentException.class,
                () -> generator.generateGreedy(new int[] {1}, 512, Greedy.CACHED), "512");
        assertRefused(IllegalArgumentException.class, () -> scorer.logProb(new long[510], 1, 510,
                null, new int[] {5, 6, 7}, false), "512");
        assertRefused(IllegalArgumentException.class, () -> scorer.logProb(new long[] {1}, 1, 1, null,
                new int[] {999}, false), "continuation token id 999 is outside the vocabulary");
        assertRefused(IllegalArgumentException.class, () -> scorer.logProb(new long[] {1}, 1, 1, null,
                new int[0], false), "the continuation must have at least one token");
        assertRefused(IllegalArgumentException.class, () -> model.lmHead(new float[63]),
                "positive multiple of dim 64 floats, got 63");
    }

    @Test
    void closedModelRefusesCalls() {
        LlamaModel m = LlamaModel.stories260k();
        m.close();
        m.close();  // idempotent
        assertRefused(IllegalStateException.class, () -> m.logits(new long[] {1}, 1, 1, null), "the model is closed");
        // the tasks built on the network refuse too, with the model's message
        for (Executable call : List.<Executable>of(
                () -> m.lmHead(new float[64]),
                () -> new LlamaGenerator(m).generateGreedy(new int[] {1}, 2, Greedy.CACHED),
                () -> new LlamaGenerator(m).generate("Once", 2),
                () -> new SpeculativeDecoder(m).generateGreedy(new int[] {1}, 2, false, new int[0], new int[0]),
                () -> new ContinuationScorer(m).logProb(new long[] {1}, 1, 1, null, new int[] {5}, false))) {
            assertEquals("the model is closed", assertThrows(IllegalStateException.class, call).getMessage());
        }
    }
}

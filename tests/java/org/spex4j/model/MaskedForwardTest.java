package org.spex4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.runtime.Precision;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.ValueFunction;

/**
 * Passes side by side: the plan covers every row once within the limits and in a multiple of the thread count, the
 * values do not depend on which thread runs a pass (and differ only by float32 rounding on a real model, where the
 * thread count changes the padding), a failing pass fails the call, and the pass threads run LibTorch on one
 * thread without changing the caller's setting.
 */
class MaskedForwardTest {
    static final String TEXT = "An odd, patient film: the first hour drags, yet the ending lands with real force and "
            + "the two leads are superb throughout.";
    static TextModel minilm;

    @BeforeAll
    static void load() {
        minilm = Models.load("minilm", Kernels.Device.CPU);
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    @Test
    void thePlanCoversEveryRowOnceWithinTheLimitsInAMultipleOfTheThreads() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int rows = 1 + rng.nextInt(300);
            int[] lengths = new int[rows];
            Integer[] order = new Integer[rows];
            for (int r = 0; r < rows; r++) {
                lengths[r] = 1 + rng.nextInt(60);
                order[r] = r;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a]));
            int batch = 1 + rng.nextInt(256);
            long tokens = 60 + rng.nextInt(5000);
            int threads = 1 + rng.nextInt(4);
            List<int[]> greedy = MaskedForward.plan(lengths, order, batch, tokens, 1);
            List<int[]> plan = MaskedForward.plan(lengths, order, batch, tokens, threads);
            int next = 0;
            for (int[] p : plan) {
                assertEquals(next, p[0], "passes are contiguous slices of the sorted rows");
                assertTrue(p[1] >= 1 && p[1] <= batch, "rows per pass within the batch size");
                assertTrue(p[1] == 1 || (long) p[1] * lengths[order[p[0]]] <= tokens, "tokens within the budget");
                next += p[1];
            }
            assertEquals(rows, next, "every row once");
            assertTrue(plan.size() % threads == 0 || plan == greedy || plan.size() < threads
                    || plan.size() <= greedy.size(), "a multiple of the threads where the rows allow it");
        }
    }

    @Test
    void valuesDoNotDependOnTheThreadCountAndPassesRunOnSingleThreadedPassThreads() {
        MaskedInput in = input();
        MaskBatch masks = MaskBatch.uniform(in.n(), 97, new SplittableRandom(7));
        int callerThreads = torch.get_num_threads();
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        Set<Integer> torchThreads = ConcurrentHashMap.newKeySet();
        double[][] byThreads = new double[3][];
        for (int k = 0; k < 3; k++) {
            int threads = k + 1;
            // a value that depends on the row alone: the sum of its ids over its own length
            byThreads[k] = MaskedForward.evaluate(TorchDevice.CPU, in, masks,
                    new TextModel.ValueOptions(16, 300, false, 1).withThreads(threads), 512,
                    (ids, attention, positions, lengths) -> {
                        if (threads > 1) {
                            threadNames.add(Thread.currentThread().getName());
                            torchThreads.add(torch.get_num_threads());
                            sleep();  // long enough that no thread drains the queue alone
                        }
                        long[] id = Tensors.toLongs(ids);
                        int len = (int) ids.size(1);
                        double[] v = new double[lengths.length];
                        for (int r = 0; r < lengths.length; r++) {
                            for (int p = 0; p < lengths[r]; p++) {
                                v[r] += id[r * len + p] * (p + 1);
                            }
                        }
                        return v;
                    });
        }
        assertArrayEquals(byThreads[0], byThreads[1]);
        assertArrayEquals(byThreads[0], byThreads[2]);
        assertTrue(threadNames.size() >= 2 && threadNames.stream().allMatch(n -> n.startsWith("spex4j-pass-")),
                "passes ran on pass threads: " + threadNames);
        assertEquals(Set.of(1), torchThreads, "one LibTorch thread per pass");
        assertEquals(callerThreads, torch.get_num_threads(), "the caller's LibTorch setting is kept");
    }

    @Test
    void aFailingPassFailsTheCall() {
        MaskedInput in = input();
        MaskBatch masks = MaskBatch.uniform(in.n(), 64, new SplittableRandom(1));
        AtomicInteger passes = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("pass 3 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> MaskedForward.evaluate(
                TorchDevice.CPU, in, masks, new TextModel.ValueOptions(4, 1 << 20, false, 1).withThreads(2), 512,
                (ids, attention, positions, lengths) -> {
                    if (passes.incrementAndGet() == 3) {
                        throw boom;
                    }
                    return new double[lengths.length];
                }));
        assertSame(boom, thrown);
        assertTrue(passes.get() < 16, "the other passes stop taking work: " + passes.get() + " of 16 ran");
    }

    @Test
    void minilmValuesAgreeAcrossThreadCountsAndBf16StaysClose() {
        MaskedInput in = input();
        MaskBatch masks = MaskBatch.uniform(in.n(), 40, new SplittableRandom(11));
        TextModel.ValueOptions base = TextModel.ValueOptions.defaults();
        double[] one = minilm.valueFunction(Task.SENTIMENT, in, base.withThreads(1)).evaluate(masks);
        double[] two = minilm.valueFunction(Task.SENTIMENT, in, base.withThreads(2)).evaluate(masks);
        for (int r = 0; r < one.length; r++) {
            Float32.assertClose(one[r], two[r], Float32.MINILM_SENTIMENT_SCALE, Float32.MINILM, "row " + r);
        }
        ValueFunction bf16 = minilm.valueFunction(Task.SENTIMENT, in, base.withPrecision(Precision.BF16));
        double[] low = bf16.evaluate(masks);
        if (minilm.runsIn(Precision.BF16) == Precision.FP32) {
            assertArrayEquals(two, low, "without bfloat16 instructions the passes run in float32");
            return;
        }
        // bfloat16 keeps 8 significant bits: each product is off by about 2^-9 relative, and the log-odds
        // (a difference of cosines over 0.05) by a few hundredths at most
        double worst = 0, mean = 0;
        for (int r = 0; r < one.length; r++) {
            worst = Math.max(worst, Math.abs(one[r] - low[r]));
            mean += one[r] / one.length;
        }
        double spread = 0;
        for (double v : one) {
            spread = Math.max(spread, Math.abs(v - mean));
        }
        assertTrue(worst < 0.05, "bf16 within 0.05 of fp32 in log-odds, got " + worst);
        assertTrue(worst < 0.1 * spread, "bf16 error " + worst + " small beside the values' spread " + spread);
        assertTrue(worst > 0, "bf16 really ran (the values differ from fp32)");
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #TEXT}'s words on MiniLM, a masked word becoming [UNK]. */
    private static MaskedInput input() {
        org.spex4j.text.Tokenized t = minilm.tokenize(TEXT);
        return MaskedInput.of(org.spex4j.text.Segmenter.words(TEXT), t.ids(), t.charStart(), t.charEnd(),
                MaskMode.REPLACE, minilm.replaceId(), minilm.padId());
    }
}

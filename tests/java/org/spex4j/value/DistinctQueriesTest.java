package org.spex4j.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;

class DistinctQueriesTest {
    @Test
    void numbersDistinctQueriesInFirstAskedOrderAcrossCalls() {
        DistinctQueries<String> q = new DistinctQueries<>();
        assertArrayEquals(new int[] {0, 1, 0, 2}, q.number(List.of("b", "a", "b", "c")));
        assertEquals(4, q.asked());
        assertEquals(3, q.distinct());
        // a later call: known queries keep their numbers, new ones continue from 3
        assertArrayEquals(new int[] {2, 3, 3, 0}, q.number(List.of("c", "d", "d", "b")));
        assertEquals(8, q.asked());
        assertEquals(4, q.distinct());
    }

    @Test
    void sequencesAreEvaluatedOnceEachInBatchesInFirstAskedOrder() {
        List<IntBuffer> sequences = new ArrayList<>();
        for (int[] s : new int[][] {{1, 2}, {3}, {1, 2}, {4, 4}, {3}, {5}}) {
            sequences.add(IntBuffer.wrap(s));
        }
        List<List<Integer>> calls = new ArrayList<>();
        BatchEvaluator evaluator = new BatchEvaluator(2, Progress.NONE, () -> false);
        BatchEvaluator.Result r = evaluator.evaluate(sequences, batch -> {
            calls.add(batch.stream().map(b -> b.get(0)).toList());
            return batch.stream().mapToDouble(b -> 10 * b.get(0) + b.limit()).toArray();
        });
        assertEquals(List.of(List.of(1, 3), List.of(4, 5)), calls, "4 distinct sequences, 2 per call");
        assertEquals(4, r.distinct());
        assertArrayEquals(new double[] {12, 31, 12, 42, 31, 51}, r.values(), 0.0);
        assertThrows(IllegalStateException.class, () -> evaluator.evaluate(sequences, batch -> new double[] {1,
                Double.NaN}));
    }

    @Test
    void masksGroupedByTheKernelsAgreeWithTheJavaNumbering() {
        int n = 3;
        MaskBatch masks = MaskBatch.zeros(n, 5);
        long[] rows = {5, 1, 5, 0, 1};
        System.arraycopy(rows, 0, masks.words(), 0, rows.length);
        BatchEvaluator evaluator = new BatchEvaluator(512, Progress.NONE, () -> false);
        BatchEvaluator.Result byKernel = evaluator.evaluate(b -> {
            double[] out = new double[b.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = b.words()[r];
            }
            return out;
        }, n, masks.words(), masks.rows(), Kernels.cpu());
        assertArrayEquals(new double[] {5, 1, 5, 0, 1}, byKernel.values(), 0.0);
        DistinctQueries<Long> q = new DistinctQueries<>();
        q.number(List.of(5L, 1L, 5L, 0L, 1L));
        assertEquals(q.distinct(), byKernel.distinct());
    }
}

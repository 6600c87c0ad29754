package org.spex4j.value;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;

/**
 * Evaluates queries with repeats: each distinct query once, in batches, with progress, cancellation between
 * batches, and a clear error for a non-finite value. Packed masks are grouped by the kernels (native, for the large
 * designs); queries of any other kind (SLALOM's token sequences) by {@link DistinctQueries}; both number the
 * distinct queries in the order first asked, and the same loop evaluates them.
 */
public final class BatchEvaluator {
    private final int batchSize;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    /** The values of every row, and how many distinct rows were evaluated. */
    public record Result(double[] values, int distinct, long millis) {}

    /** Values of the distinct queries {@code from..to-1} (numbered in the order first asked), in one call. */
    private interface Batch {
        double[] values(int from, int to);
    }

    public BatchEvaluator(int batchSize, Progress progress, BooleanSupplier cancelled) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /** Evaluates {@code rows} masks over n features stored in {@code words}. */
    public Result evaluate(ValueFunction f, int n, long[] words, int rows, Kernels kernels) {
        long start = System.nanoTime();
        int w = MaskBatch.wordsFor(n);
        Kernels.UniqueRows unique = kernels.uniqueRows(words, rows, w);
        IntFunction<MaskBatch> mask = u -> {
            long[] row = new long[w];
            System.arraycopy(words, unique.first()[u] * w, row, 0, w);
            return new MaskBatch(n, 1, row);
        };
        Batch batch = (from, to) -> {
            long[] batchWords = new long[(to - from) * w];
            for (int u = from; u < to; u++) {
                System.arraycopy(words, unique.first()[u] * w, batchWords, (u - from) * w, w);
            }
            return f.evaluate(new MaskBatch(n, to - from, batchWords));
        };
        return evaluate(unique.inverse(), unique.count(), batch,
                u -> "the mask " + describe(mask.apply(u), 0), start);
    }

    /**
     * Evaluates queries of any kind through {@code f}, which takes a list of distinct queries and returns one value
     * per query, in order. Queries compare by {@code equals}.
     */
    public <Q> Result evaluate(List<Q> queries, Function<List<Q>, double[]> f) {
        long start = System.nanoTime();
        int[] numbers = new DistinctQueries<Q>().number(queries);
        List<Q> distinct = new ArrayList<>();
        for (int q = 0; q < numbers.length; q++) {
            if (numbers[q] == distinct.size()) {
                distinct.add(queries.get(q));
            }
        }
        return evaluate(numbers, distinct.size(), (from, to) -> f.apply(distinct.subList(from, to)),
                u -> "distinct query " + (u + 1) + " of " + distinct.size(), start);
    }

    /** The one loop: the distinct queries in batches, then every query's value by its number. */
    private Result evaluate(int[] numbers, int distinct, Batch batch, IntFunction<String> describe, long start) {
        double[] distinctValues = new double[distinct];
        for (int from = 0; from < distinct; from += batchSize) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled after " + from + " of " + distinct + " model queries");
            }
            int to = Math.min(distinct, from + batchSize);
            double[] out = batch.values(from, to);
            if (out == null || out.length != to - from) {
                throw new IllegalStateException("the value function returned " + (out == null ? "null" : out.length
                        + " values") + " for a batch of " + (to - from) + " queries");
            }
            for (int q = 0; q < out.length; q++) {
                if (!Double.isFinite(out[q])) {
                    throw new IllegalStateException("the value function returned " + out[q] + " for "
                            + describe.apply(from + q) + ": every value must be finite");
                }
            }
            System.arraycopy(out, 0, distinctValues, from, out.length);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            long eta = to == 0 ? -1 : elapsed * (distinct - to) / to;
            progress.update(to, distinct, eta);
        }
        double[] values = new double[numbers.length];
        for (int r = 0; r < values.length; r++) {
            values[r] = distinctValues[numbers[r]];
        }
        return new Result(values, distinct, (System.nanoTime() - start) / 1_000_000);
    }

    /** A mask as 0/1 bits (short masks) or as the list of masked features. */
    static String describe(MaskBatch batch, int row) {
        if (batch.n() <= 128) {
            return batch.rowString(row) + " (1 = kept)";
        }
        StringBuilder sb = new StringBuilder("with features masked: [");
        int shown = 0;
        for (int i = 0; i < batch.n() && shown < 40; i++) {
            if (!batch.get(row, i)) {
                sb.append(shown++ == 0 ? "" : ", ").append(i);
            }
        }
        return sb.append(shown == 40 ? ", ...]" : "]").toString();
    }
}

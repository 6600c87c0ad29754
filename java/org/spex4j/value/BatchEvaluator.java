package org.spex4j.value;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;

/**
 * Evaluates a packed mask matrix through a {@link ValueFunction}: each distinct mask once, in batches, with
 * progress, cancellation between batches, and a clear error for a non-finite value.
 */
public final class BatchEvaluator {
    private final int batchSize;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    /** The values of every row, and how many distinct rows were evaluated. */
    public record Result(double[] values, int distinct, long millis) {}

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
        int distinct = unique.count();
        double[] distinctValues = new double[distinct];
        for (int from = 0; from < distinct; from += batchSize) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled after " + from + " of " + distinct + " model queries");
            }
            int to = Math.min(distinct, from + batchSize);
            long[] batchWords = new long[(to - from) * w];
            for (int u = from; u < to; u++) {
                System.arraycopy(words, unique.first()[u] * w, batchWords, (u - from) * w, w);
            }
            MaskBatch batch = new MaskBatch(n, to - from, batchWords);
            double[] out = f.evaluate(batch);
            if (out == null || out.length != to - from) {
                throw new IllegalStateException("the value function returned " + (out == null ? "null" : out.length
                        + " values") + " for a batch of " + (to - from) + " masks");
            }
            for (int q = 0; q < out.length; q++) {
                if (!Double.isFinite(out[q])) {
                    throw new IllegalStateException("the value function returned " + out[q] + " for the mask "
                            + describe(batch, q) + ": every value must be finite");
                }
            }
            System.arraycopy(out, 0, distinctValues, from, out.length);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            long eta = to == 0 ? -1 : elapsed * (distinct - to) / to;
            progress.update(to, distinct, eta);
        }
        double[] values = new double[rows];
        int[] inverse = unique.inverse();
        for (int r = 0; r < rows; r++) {
            values[r] = distinctValues[inverse[r]];
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

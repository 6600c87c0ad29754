package org.spex4j.model;

import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.MaskBatch;

/**
 * Runs a model over the masked forms of one input: rows are sorted by masked length and cut into passes of at most
 * {@code batchSize} rows and {@code maxBatchTokens} tokens (rows × padded length), each pass's int64 inputs are
 * written by the native expansion kernel straight into fresh tensors, and every pass runs in its own PointerScope
 * so native memory stays flat over long runs.
 */
public final class MaskedForward {
    /** One forward pass over a right-padded batch: returns {@code width} values per row, row-major. */
    @FunctionalInterface
    public interface Pass {
        double[] run(Tensor ids, Tensor attention, Tensor positions, int[] lengths);
    }

    private MaskedForward() {}

    /** One value per row (width 1). */
    public static double[] evaluate(MaskedInput input, MaskBatch masks, int batchSize, long maxBatchTokens,
            int maxLength, Pass pass) {
        return evaluate(input, masks, batchSize, maxBatchTokens, maxLength, 1, pass);
    }

    /** {@code width} values per row (an embedding, say), row-major in mask order. */
    public static double[] evaluate(MaskedInput input, MaskBatch masks, int batchSize, long maxBatchTokens,
            int maxLength, int width, Pass pass) {
        int rows = masks.rows();
        int[] lengths = MaskExpansion.lengths(input, masks);
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
            if (lengths[r] > maxLength) {
                throw new IllegalArgumentException("a masked input has " + lengths[r] + " tokens, more than the "
                        + "model's limit of " + maxLength);
            }
        }
        Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a]));  // longest first: pads least
        double[] out = new double[rows * width];
        int at = 0;
        while (at < rows) {
            int len = Math.max(1, lengths[order[at]]);
            int fit = (int) Math.max(1, Math.min(batchSize, maxBatchTokens / len));
            int count = Math.min(fit, rows - at);
            int[] rowIndex = new int[count];
            int[] rowLengths = new int[count];
            for (int q = 0; q < count; q++) {
                rowIndex[q] = order[at + q];
                rowLengths[q] = lengths[rowIndex[q]];
            }
            double[] values;
            try (PointerScope scope = new PointerScope()) {
                TensorOptions longs = new TensorOptions(ScalarType.Long);
                Tensor ids = torch.empty(new long[] {count, len}, longs, new MemoryFormatOptional());
                Tensor attention = torch.empty(new long[] {count, len}, longs, new MemoryFormatOptional());
                Tensor positions = torch.empty(new long[] {count, len}, longs, new MemoryFormatOptional());
                MaskExpansion.expand(input, masks, rowIndex, len, ids.data_ptr_long(), attention.data_ptr_long(),
                        positions.data_ptr_long());
                values = pass.run(ids, attention, positions, rowLengths);
            }
            if (values.length != count * width) {
                throw new IllegalStateException("a forward pass returned " + values.length + " values for " + count
                        + " rows of width " + width);
            }
            for (int q = 0; q < count; q++) {
                System.arraycopy(values, q * width, out, rowIndex[q] * width, width);
            }
            at += count;
        }
        return out;
    }
}

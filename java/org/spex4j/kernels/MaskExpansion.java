package org.spex4j.kernels;

import java.util.Arrays;
import org.bytedeco.javacpp.LongPointer;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.MaskBatch;

/**
 * The mask-expansion kernel: turns feature masks into model inputs (token ids, attention mask, positions) written
 * straight into the caller's int64 buffers, typically the memory of LibTorch tensors ({@code data_ptr_long()}),
 * with no per-row Java loop. This is the one public class of the package that takes Pointers: it is the bridge
 * to tensors.
 */
public final class MaskExpansion {
    private MaskExpansion() {}

    /** The token count of the masked input of every row of {@code masks}. */
    public static int[] lengths(MaskedInput input, MaskBatch masks) {
        check(input, masks);
        int[] out = new int[masks.rows()];
        CpuNative.spex_mask_lengths(masks.words(), masks.rows(), masks.wordsPerRow(), input.ids(), input.tokens(),
                input.featureStart(), input.featureEnd(), input.n(), input.replaceId(), input.mode().ordinal(), out);
        return out;
    }

    /**
     * Writes the masked inputs of {@code rows} (row indices into {@code masks}) into [rows.length x outLength]
     * buffers, right-padded with the input's pad id; each buffer must hold rows.length * outLength longs.
     */
    public static void expand(MaskedInput input, MaskBatch masks, int[] rows, int outLength, LongPointer ids,
            LongPointer attention, LongPointer positions) {
        check(input, masks);
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("no rows to expand");
        }
        for (int r : rows) {
            if (r < 0 || r >= masks.rows()) {
                throw new IllegalArgumentException("row " + r + " is not in 0.." + (masks.rows() - 1));
            }
        }
        long need = (long) rows.length * outLength;
        for (LongPointer p : new LongPointer[] {ids, attention, positions}) {
            if (p == null || p.isNull()) {
                throw new IllegalArgumentException("the output buffers must not be null");
            }
            if (p.capacity() > 0 && p.capacity() - p.position() < need) {  // capacity 0: unknown (a tensor's memory)
                throw new IllegalArgumentException("every output buffer must hold " + need + " longs, got "
                        + (p.capacity() - p.position()));
            }
        }
        int status = CpuNative.spex_expand_masks(masks.words(), masks.wordsPerRow(), rows, rows.length, input.ids(),
                input.tokens(), input.featureStart(), input.featureEnd(), input.n(), input.replaceId(),
                input.mode().ordinal(), input.padId(), outLength, ids, attention, positions, 0);
        if (status != 0) {
            throw new IllegalArgumentException("a masked row is longer than outLength = " + outLength
                    + " (lengths " + Arrays.toString(lengths(input, masks)) + ")");
        }
    }

    private static void check(MaskedInput input, MaskBatch masks) {
        if (input == null || masks == null) {
            throw new IllegalArgumentException("input and masks must not be null");
        }
        if (masks.n() != input.n()) {
            throw new IllegalArgumentException("masks over " + masks.n() + " features for an input of "
                    + input.n() + " features");
        }
    }
}

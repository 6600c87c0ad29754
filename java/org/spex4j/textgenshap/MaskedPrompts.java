package org.spex4j.textgenshap;

import org.bytedeco.javacpp.LongPointer;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.text.MaskedInput;
import org.spex4j.math.MaskBatch;

/**
 * The masked prompt of a coalition, built by the same mask-expansion kernel (and so the same replace/delete masker)
 * that builds the decoder's masked prefixes for its value functions.
 */
final class MaskedPrompts {
    private final MaskedInput input;

    MaskedPrompts(MaskedInput input) {
        this.input = input;
    }

    /** Token ids of the input with every feature whose {@code keep} entry is false masked. */
    int[] prompt(boolean[] keep) {
        if (keep.length != input.n()) {
            throw new IllegalArgumentException("a coalition over " + keep.length + " features for an input of "
                    + input.n());
        }
        MaskBatch one = MaskBatch.of(keep);
        int len = MaskExpansion.lengths(input, one)[0];
        if (len < 1) {
            throw new IllegalArgumentException("a masked prompt is empty; keep a BOS token outside the features");
        }
        try (LongPointer ids = new LongPointer(len); LongPointer attention = new LongPointer(len);
             LongPointer positions = new LongPointer(len)) {
            MaskExpansion.expand(input, one, new int[] {0}, len, ids, attention, positions);
            int[] out = new int[len];
            for (int i = 0; i < len; i++) {
                out[i] = (int) ids.get(i);
            }
            return out;
        }
    }
}

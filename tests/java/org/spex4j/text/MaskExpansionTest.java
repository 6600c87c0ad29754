package org.spex4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.junit.jupiter.api.Test;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.math.MaskBatch;

/** Segmentation, the feature-to-token map, and the native expansion of masks into model inputs. */
class MaskExpansionTest {
    // "the movie, sadly was great": [CLS] the movie , sad ##ly was great [SEP]
    static final String TEXT = "the movie, sadly was great";
    static final long[] IDS = {101, 1996, 3185, 1010, 7082, 2135, 2001, 2307, 102};
    static final int[] START = {-1, 0, 4, 9, 11, 14, 17, 21, -1};
    static final int[] END = {-1, 3, 9, 10, 14, 16, 20, 26, -1};

    @Test
    void wordsAndSentences() {
        List<Segment> w = Segmenter.words("  a bb\tc \n");
        assertEquals(List.of(new Segment("a", 2, 3), new Segment("bb", 4, 6), new Segment("c", 7, 8)), w);
        List<Segment> s = Segmenter.sentences("It rained. \"Really?\" Yes!\nNo end");
        assertEquals(List.of("It rained.", "\"Really?\"", "Yes!", "No end"), s.stream().map(Segment::text).toList());
    }

    @Test
    void featuresOwnContiguousTokenRanges() {
        MaskedInput in = MaskedInput.of(Segmenter.words(TEXT), IDS, START, END, MaskMode.REPLACE, 100, 0);
        assertEquals(5, in.n());
        assertArrayEquals(new int[] {1, 2, 4, 6, 7}, in.featureStart());
        assertArrayEquals(new int[] {2, 4, 6, 7, 8}, in.featureEnd());
    }

    /** SentencePiece spans: "▁upon" covers the space before its word, and a lone "▁" ends where its word starts. */
    @Test
    void tokensStartingInTheSpaceBeforeAWordBelongToThatWord() {
        // "Once upon 1135": <s> Once ▁upon ▁ 1 1 3 5
        String text = "Once upon 1135";
        long[] ids = {1, 10, 11, 12, 13, 13, 14, 15};
        int[] start = {-1, 0, 4, 9, 10, 11, 12, 13};
        int[] end = {-1, 4, 9, 10, 11, 12, 13, 14};
        MaskedInput in = MaskedInput.of(Segmenter.words(text), ids, start, end, MaskMode.REPLACE, 0, 0);
        assertArrayEquals(new int[] {1, 2, 3}, in.featureStart());
        assertArrayEquals(new int[] {2, 3, 8}, in.featureEnd());
    }

    static long[][] expand(MaskedInput in, MaskBatch masks, int len) {
        int rows = masks.rows();
        int[] idx = new int[rows];
        for (int r = 0; r < rows; r++) {
            idx[r] = r;
        }
        try (LongPointer ids = new LongPointer(rows * len); LongPointer att = new LongPointer(rows * len);
                LongPointer pos = new LongPointer(rows * len)) {
            MaskExpansion.expand(in, masks, idx, len, ids, att, pos);
            long[][] out = new long[3][rows * len];
            ids.get(out[0]);
            att.get(out[1]);
            pos.get(out[2]);
            return out;
        }
    }

    @Test
    void replaceAndDelete() {
        MaskBatch masks = MaskBatch.of(new boolean[] {true, true, true, true, true},
                new boolean[] {true, false, true, false, true}, new boolean[] {false, false, false, false, false});
        MaskedInput replace = MaskedInput.of(Segmenter.words(TEXT), IDS, START, END, MaskMode.REPLACE, 100, 0);
        assertArrayEquals(new int[] {9, 8, 7}, MaskExpansion.lengths(replace, masks));
        long[][] r = expand(replace, masks, 9);
        assertArrayEquals(IDS, java.util.Arrays.copyOfRange(r[0], 0, 9));  // all kept = the unmasked input
        assertArrayEquals(new long[] {101, 1996, 100, 7082, 2135, 100, 2307, 102, 0},
                java.util.Arrays.copyOfRange(r[0], 9, 18));
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 0}, java.util.Arrays.copyOfRange(r[1], 9, 18));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 0}, java.util.Arrays.copyOfRange(r[2], 9, 18));
        assertArrayEquals(new long[] {101, 100, 100, 100, 100, 100, 102, 0, 0},
                java.util.Arrays.copyOfRange(r[0], 18, 27));

        MaskedInput delete = MaskedInput.of(Segmenter.words(TEXT), IDS, START, END, MaskMode.DELETE, 100, 0);
        assertArrayEquals(new int[] {9, 6, 2}, MaskExpansion.lengths(delete, masks));
        long[][] d = expand(delete, masks, 9);
        assertArrayEquals(new long[] {101, 1996, 7082, 2135, 2307, 102, 0, 0, 0},
                java.util.Arrays.copyOfRange(d[0], 9, 18));
        assertArrayEquals(new long[] {101, 102, 0, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(d[0], 18, 27));
    }

    @Test
    void badArguments() {
        MaskedInput in = MaskedInput.of(Segmenter.words(TEXT), IDS, START, END, MaskMode.DELETE, 100, 0);
        assertRefused(IllegalArgumentException.class, () -> MaskExpansion.lengths(in, MaskBatch.zeros(4, 1)),
                "masks over 4 features for an input of 5 features");
        MaskBatch one = MaskBatch.allKept(5);
        assertRefused(IllegalArgumentException.class, () -> expand(in, one, 8),
                "a masked row is longer than outLength = 8");  // longer than the buffer rows
        assertRefused(IllegalArgumentException.class,
                () -> MaskedInput.of(List.of(), IDS, START, END, MaskMode.DELETE, 100, 0), "the input has no features");
    }
}

package org.spex4j.text;

import java.util.List;

/**
 * A tokenized input and the token range of each feature: feature f owns tokens [start[f], end[f]) of
 * {@code ids}; tokens outside every feature (special tokens, text between features) are always kept. This is
 * what the mask-expansion kernel turns into model inputs for a batch of feature masks.
 */
public final class MaskedInput {
    private final List<Segment> features;
    private final long[] ids;
    private final int[] start;
    private final int[] end;
    private final MaskMode mode;
    private final long replaceId;
    private final long padId;

    private MaskedInput(List<Segment> features, long[] ids, int[] start, int[] end, MaskMode mode, long replaceId,
            long padId) {
        this.features = List.copyOf(features);
        this.ids = ids;
        this.start = start;
        this.end = end;
        this.mode = mode;
        this.replaceId = replaceId;
        this.padId = padId;
    }

    /**
     * Maps features to tokens by character spans: a token belongs to the feature whose span contains the token's
     * first character, or, when that character lies between features (a leading space), to the feature the token
     * reaches into; tokens with a negative span (special tokens) belong to none.
     *
     * @param tokenStart first character of each token, -1 for special tokens
     * @param tokenEnd   end character (exclusive) of each token, -1 for special tokens
     */
    public static MaskedInput of(List<Segment> features, long[] ids, int[] tokenStart, int[] tokenEnd, MaskMode mode,
            long replaceId, long padId) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("the input has no features (empty text?)");
        }
        if (ids.length != tokenStart.length || ids.length != tokenEnd.length) {
            throw new IllegalArgumentException("ids and token spans differ in length");
        }
        int n = features.size();
        int[] owner = new int[ids.length];
        for (int tok = 0, f = 0; tok < ids.length; tok++) {
            owner[tok] = -1;
            if (tokenStart[tok] < 0) {
                continue;
            }
            while (f < n && tokenStart[tok] >= features.get(f).end()) {
                f++;
            }
            // f is the first feature ending after the token's start; the token belongs to it when it reaches f's
            // start: it starts inside f, or in the gap before f (a SentencePiece "▁upon" spans the space before its
            // word, and a lone "▁" piece ends right where its word starts)
            if (f < n && (tokenStart[tok] >= features.get(f).start() || tokenEnd[tok] >= features.get(f).start())) {
                owner[tok] = f;
            }
        }
        int[] start = new int[n], end = new int[n];
        int prevEnd = 0, tok = 0;
        for (int f = 0; f < n; f++) {
            while (tok < ids.length && owner[tok] != f && (owner[tok] < 0 || owner[tok] < f)) {
                tok++;
            }
            if (tok < ids.length && owner[tok] == f) {
                start[f] = tok;
                while (tok < ids.length && owner[tok] == f) {
                    tok++;
                }
                end[f] = tok;
                prevEnd = tok;
            } else {
                start[f] = end[f] = prevEnd;  // no token (cut off): an empty range keeps the ranges sorted
                tok = prevEnd;
            }
        }
        for (int t = 0; t < ids.length; t++) {
            if (owner[t] >= 0 && (t < start[owner[t]] || t >= end[owner[t]])) {
                throw new IllegalArgumentException("the tokens of feature " + owner[t] + " are not contiguous");
            }
        }
        return new MaskedInput(features, ids.clone(), start, end, mode, replaceId, padId);
    }

    public List<Segment> features() {
        return features;
    }

    public int n() {
        return features.size();
    }

    public long[] ids() {
        return ids.clone();
    }

    public int tokens() {
        return ids.length;
    }

    /** The first token of each feature (a copy). */
    public int[] featureStart() {
        return start.clone();
    }

    /** One past the last token of each feature (a copy). */
    public int[] featureEnd() {
        return end.clone();
    }

    public MaskMode mode() {
        return mode;
    }

    public long replaceId() {
        return replaceId;
    }

    public long padId() {
        return padId;
    }

    /**
     * The features masking cannot change, in order: those that own no token (cut off, or dropped by the tokenizer)
     * and, when masking replaces, those whose every token already is the replacement (an emoji or a rare script
     * that the tokenizer reads as [UNK]). Their values are exactly 0 in any explanation.
     */
    public int[] unmaskable() {
        return java.util.stream.IntStream.range(0, start.length).filter(f -> {
            for (int t = start[f]; t < end[f]; t++) {
                if (mode != MaskMode.REPLACE || ids[t] != replaceId) {
                    return false;
                }
            }
            return true;
        }).toArray();
    }

    /** Features that own no token (cut off by truncation, say): masking them changes nothing. */
    public int emptyFeatures() {
        int c = 0;
        for (int f = 0; f < start.length; f++) {
            c += end[f] == start[f] ? 1 : 0;
        }
        return c;
    }
}

package org.spex4j.text;

/**
 * A tokenized text: token ids (special tokens included) and each token's character span [start, end) in the text,
 * -1 for special tokens.
 */
public record Tokenized(long[] ids, int[] charStart, int[] charEnd) {
    public Tokenized {
        if (ids.length != charStart.length || ids.length != charEnd.length) {
            throw new IllegalArgumentException("ids and spans differ in length");
        }
    }

    public int length() {
        return ids.length;
    }
}

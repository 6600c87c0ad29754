package org.spex4j.text;

/**
 * A tokenized text as every text model hands it to the explainers: token ids (special tokens included) and each
 * token's character span [start, end) in the text (UTF-16 indices), -1 for special tokens. It is all that segmenting
 * and masking need; a tokenizer's own, richer encoding (token strings, word indices) reduces to it.
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

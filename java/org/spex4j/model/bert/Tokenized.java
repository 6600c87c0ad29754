package org.spex4j.model.bert;

/**
 * One text as the encoder's tokenizer splits it, with the special tokens ([CLS] first, [SEP] last), untruncated
 * and unpadded.
 *
 * @param ids        token ids
 * @param tokens     token strings (e.g. {@code "[CLS]"}, {@code "great"}, {@code "##ly"})
 * @param charStarts start of each token in the text, as a Java {@code String} index (UTF-16); -1 for special tokens
 * @param charEnds   end (exclusive) of each token in the text; -1 for special tokens
 * @param wordIds    index of the word each token belongs to (the tokenizer's pre-tokenization: words and
 *                   punctuation marks); -1 for special tokens
 */
public record Tokenized(long[] ids, String[] tokens, int[] charStarts, int[] charEnds, long[] wordIds) {

    /** The number of tokens, special tokens included. */
    public int length() {
        return ids.length;
    }

    /** The ids and character spans, as every text model hands them out. */
    public org.spex4j.text.Tokenized spans() {
        return new org.spex4j.text.Tokenized(ids, charStarts, charEnds);
    }

    /** True when token {@code i} was added around the text ([CLS], [SEP]) and so has no span in it. */
    public boolean isSpecial(int i) {
        return charStarts[i] < 0;
    }
}

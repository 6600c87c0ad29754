package org.spex4j.model.llama;

import java.util.Arrays;

/**
 * The tokenizer of a decoder model: text to token ids with character spans, and ids back to text. Implementations
 * are immutable after construction and safe to share between threads (unless they say otherwise).
 */
public interface TextTokenizer extends AutoCloseable {

    /**
     * An encoded text: token ids and, per token, the span {@code [start, end)} of UTF-16 char indices into the input
     * text that the token covers. Special tokens (BOS, EOS) have {@code start = end = -1}. Several tokens may share a
     * span (byte-fallback tokens of one character), and a token that starts with the dummy-prefix space covers only
     * the text it really comes from.
     */
    record Encoding(int[] ids, int[] starts, int[] ends) {
        public Encoding {
            if (ids.length != starts.length || ids.length != ends.length) {
                throw new IllegalArgumentException("ids, starts and ends must have the same length");
            }
        }

        public int size() {
            return ids.length;
        }

        /** The ids as int64 values (for tensors). */
        public long[] longIds() {
            return Arrays.stream(ids).asLongStream().toArray();
        }

        /** True when token {@code i} is a special token with no span. */
        public boolean isSpecial(int i) {
            return starts[i] < 0;
        }

        @Override
        public String toString() {
            return "Encoding" + Arrays.toString(ids);
        }
    }

    /** Encodes {@code text}, with a leading BOS and/or a trailing EOS token when asked. */
    Encoding encode(String text, boolean bos, boolean eos);

    /** The ids of {@link #encode} without spans. */
    default int[] encodeIds(String text, boolean bos, boolean eos) {
        return encode(text, bos, eos).ids();
    }

    /** The text of {@code ids}; BOS and EOS render as nothing. */
    String decode(int[] ids);

    int vocabSize();

    /** The beginning-of-sequence id. */
    int bosId();

    /** The end-of-sequence id. */
    int eosId();

    @Override
    default void close() {}
}

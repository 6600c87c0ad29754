package org.spex4j.textgenshap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.spex4j.math.MaskBatch;

/** Outcomes of the coalitions already played, keyed by their packed mask words: each coalition is evaluated once. */
final class CoalitionCache {
    private record Key(long[] words) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(words, k.words);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(words);
        }
    }

    private final Map<Key, Outcome> known = new HashMap<>();

    Outcome get(MaskBatch batch, int row) {
        return known.get(key(batch, row));
    }

    void put(MaskBatch batch, int row, Outcome outcome) {
        known.put(key(batch, row), outcome);
    }

    private static Key key(MaskBatch batch, int row) {
        int w = batch.wordsPerRow();
        return new Key(Arrays.copyOfRange(batch.words(), row * w, row * w + w));
    }
}

package org.spex4j.value;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries asked so far, each distinct one numbered once in the order first asked, and how many were asked
 * (repeats included): the de-duplication behind every explanation's {@code queries} and {@code distinct_queries}.
 * It remembers earlier calls, so a caller that keeps the answers by number evaluates each distinct query once over
 * a whole run. Keys compare by {@code equals} (wrap arrays, e.g. {@link java.nio.IntBuffer#wrap}).
 *
 * @param <K> what a query is (a packed mask row, a token sequence)
 */
public final class DistinctQueries<K> {
    private final Map<K, Integer> numbers = new HashMap<>();
    private long asked;

    /**
     * The number of every query, in order; a query not asked before gets the next number, so the new ones of this
     * call are numbered {@code distinct()} (before the call) upwards in the order first asked.
     */
    public int[] number(List<K> queries) {
        int[] out = new int[queries.size()];
        for (int q = 0; q < out.length; q++) {
            out[q] = numbers.computeIfAbsent(queries.get(q), key -> numbers.size());
        }
        asked += out.length;
        return out;
    }

    /** Queries asked so far, repeats included. */
    public long asked() {
        return asked;
    }

    /** Distinct queries asked so far. */
    public int distinct() {
        return numbers.size();
    }
}

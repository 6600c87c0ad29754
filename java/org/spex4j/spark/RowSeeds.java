package org.spex4j.spark;

import java.nio.charset.StandardCharsets;

/**
 * The seed of one row, from the run's seed and the row's id alone: where the row lands (partition, retry, executor,
 * rerun) cannot change it. {@code ./spex explain --seed <it>} reproduces the row.
 */
public final class RowSeeds {
    private RowSeeds() {}

    /** A non-negative seed (so that it reads as a plain {@code --seed} value) mixed from {@code seed} and the id's text. */
    public static long of(long seed, Object id) {
        long h = 0xcbf29ce484222325L;  // FNV-1a over the id's UTF-8 text, then SplitMix64's finaliser
        for (byte x : String.valueOf(id).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        return mix(h ^ mix(seed)) & Long.MAX_VALUE;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

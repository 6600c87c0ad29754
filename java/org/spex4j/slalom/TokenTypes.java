package org.spex4j.slalom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spex4j.text.MaskedInput;

/**
 * SLALOM's vocabulary for one input: its features grouped into token types. Two features are one type when they
 * own the same token ids (a word that occurs twice is one type that occurs twice), which is what a model that sees
 * only tokens can distinguish. Types are numbered in order of first occurrence; features that own no token (cut
 * off, say) have no type (−1) and are never part of a sequence.
 */
public final class TokenTypes {
    private final int[] typeOf;
    private final int[] representative;

    /**
     * Types given directly: {@code typeOf[f]} is feature f's type (−1 for none); types must be numbered 0..K−1 in
     * order of first occurrence.
     */
    public TokenTypes(int[] typeOf) {
        if (typeOf.length == 0) {
            throw new IllegalArgumentException("no features");
        }
        int next = 0;
        List<Integer> rep = new ArrayList<>();
        for (int f = 0; f < typeOf.length; f++) {
            int k = typeOf[f];
            if (k < -1 || k > next) {
                throw new IllegalArgumentException("feature " + f + " has type " + k + "; types must be numbered "
                        + "0, 1, ... in order of first occurrence (or −1 for none)");
            }
            if (k == next) {
                rep.add(f);
                next++;
            }
        }
        if (next == 0) {
            throw new IllegalArgumentException("no feature owns a token: SLALOM has nothing to explain");
        }
        this.typeOf = typeOf.clone();
        this.representative = rep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Groups the features of {@code input} by the token ids they own. */
    public static TokenTypes of(MaskedInput input) {
        long[] ids = input.ids();
        int[] start = input.featureStart(), end = input.featureEnd();
        Map<List<Long>, Integer> seen = new HashMap<>();
        int[] typeOf = new int[input.n()];
        for (int f = 0; f < typeOf.length; f++) {
            if (end[f] == start[f]) {
                typeOf[f] = -1;
                continue;
            }
            List<Long> key = Arrays.stream(Arrays.copyOfRange(ids, start[f], end[f])).boxed().toList();
            typeOf[f] = seen.computeIfAbsent(key, k -> seen.size());
        }
        return new TokenTypes(typeOf);
    }

    /** Number of features (with or without a type). */
    public int n() {
        return typeOf.length;
    }

    /** Number of types, K. */
    public int types() {
        return representative.length;
    }

    /** The type of feature f, −1 when it owns no token. */
    public int typeOf(int f) {
        return typeOf[f];
    }

    /** The first feature of type k: its tokens stand for the type in a sequence. */
    public int representative(int k) {
        return representative[k];
    }

    /** The types of the input's features in order, skipping features without a type: the full input as a sequence. */
    public int[] fullSequence() {
        return Arrays.stream(typeOf).filter(k -> k >= 0).toArray();
    }

    /** The types of the features kept by {@code keep} (bit per feature), in order. */
    public int[] sequence(boolean[] keep) {
        if (keep.length != typeOf.length) {
            throw new IllegalArgumentException(keep.length + " keep flags for " + typeOf.length + " features");
        }
        int count = 0;
        for (int f = 0; f < keep.length; f++) {
            count += keep[f] && typeOf[f] >= 0 ? 1 : 0;
        }
        int[] out = new int[count];
        for (int f = 0, at = 0; f < keep.length; f++) {
            if (keep[f] && typeOf[f] >= 0) {
                out[at++] = typeOf[f];
            }
        }
        return out;
    }
}

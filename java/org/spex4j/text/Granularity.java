package org.spex4j.text;

import org.spex4j.util.Enums;

/**
 * What a feature is: a word (whitespace-separated as in the paper; dictionary words where a script has no spaces),
 * a sentence, or a model token ({@link Segmenter}).
 */
public enum Granularity {
    WORDS, SENTENCES, TOKENS;

    public static Granularity parse(String s) {
        return Enums.parse(Granularity.class, s, "features");
    }
}

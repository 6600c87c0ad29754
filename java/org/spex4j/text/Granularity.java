package org.spex4j.text;

import org.spex4j.util.Enums;

/** What a feature is: a whitespace-separated word (the paper's choice), a sentence, or a model token. */
public enum Granularity {
    WORDS, SENTENCES, TOKENS;

    public static Granularity parse(String s) {
        return Enums.parse(Granularity.class, s, "features");
    }
}

package org.spex4j.text;

/** What a feature is: a whitespace-separated word (the paper's choice), a sentence, or a model token. */
public enum Granularity {
    WORDS, SENTENCES, TOKENS;

    public static Granularity parse(String s) {
        for (Granularity g : values()) {
            if (g.name().equalsIgnoreCase(s)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown features '" + s + "': use words, sentences or tokens");
    }
}

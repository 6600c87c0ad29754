package org.spex4j.spex;

/** How a bin's parity word is decoded (spec §6.2–6.3): Chase soft decoding (the reference default) or hard. */
public enum Decoder {
    SOFT, HARD;

    public static Decoder parse(String s) {
        for (Decoder d : values()) {
            if (d.name().equalsIgnoreCase(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decoder '" + s + "': use soft or hard");
    }
}

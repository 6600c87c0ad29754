package org.spex4j.spex;

import org.spex4j.util.Enums;

/** How a bin's parity word is decoded (spec §6.2–6.3): Chase soft decoding (the reference default) or hard. */
public enum Decoder {
    SOFT, HARD;

    public static Decoder parse(String s) {
        return Enums.parse(Decoder.class, s, "decoder");
    }
}

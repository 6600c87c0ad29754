package org.spex4j.text;

import org.spex4j.util.Enums;

/**
 * How a masked feature is hidden from the model: REPLACE turns it into one unknown/mask token (as the paper's
 * "[UNK]" string does), DELETE removes its tokens (shorter input).
 */
public enum MaskMode {
    REPLACE, DELETE;

    public static MaskMode parse(String s) {
        return Enums.parse(MaskMode.class, s, "mask");
    }
}

package org.spex4j.text;

/**
 * How a masked feature is hidden from the model: REPLACE turns it into one unknown/mask token (as the paper's
 * "[UNK]" string does), DELETE removes its tokens (shorter input).
 */
public enum MaskMode {
    REPLACE, DELETE;

    public static MaskMode parse(String s) {
        for (MaskMode m : values()) {
            if (m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mask '" + s + "': use replace or delete");
    }
}

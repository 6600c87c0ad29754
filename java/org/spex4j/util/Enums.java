package org.spex4j.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants as the command line spells them: lower case, any case accepted on input. */
public final class Enums {
    private Enums() {
    }

    /**
     * The constant of {@code type} named {@code s} (any case).
     *
     * @param what what the constant is, for the message ("mask", "decoder", ...)
     * @throws IllegalArgumentException naming the valid spellings, for null or an unknown name
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String s, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + s + "': use " + spellings(type));
    }

    /** "a, b or c": the valid spellings of {@code type}. */
    public static <E extends Enum<E>> String spellings(Class<E> type) {
        String[] names = Arrays.stream(type.getEnumConstants()).map(Enums::spelling).toArray(String[]::new);
        if (names.length == 1) {
            return names[0];
        }
        return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
                + names[names.length - 1];
    }

    /** The constant as the command line spells it. */
    public static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}

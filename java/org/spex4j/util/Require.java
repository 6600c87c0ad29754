package org.spex4j.util;

/**
 * The argument checks of the configuration builders, one wording for each kind of check, so that SPEX's and
 * ProxySPEX's settings (and any other) reject a bad value with the same message.
 */
public final class Require {
    private Require() {
    }

    /**
     * {@code value}, when it lies in {@code min..max}.
     *
     * @throws IllegalArgumentException "NAME must be in MIN..MAX, got VALUE"
     */
    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * {@code value}, when it is at least {@code min}.
     *
     * @throws IllegalArgumentException "NAME must be >= MIN, got VALUE"
     */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /**
     * {@code value}, when it is a fraction in (0, 1].
     *
     * @throws IllegalArgumentException "NAME must be in (0, 1], got VALUE" (also for NaN)
     */
    public static double fraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
        return value;
    }
}

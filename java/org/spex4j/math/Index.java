package org.spex4j.math;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The explanation indices spex4j can report (SPEX.md §3.3 and §3.4): the raw Fourier and Möbius coefficients, the
 * Shapley and Banzhaf values, and the interaction indices SII, BII, STII, FSII, FBII and k-SII.
 */
public enum Index {
    /** Walsh–Hadamard (Fourier) coefficients, §3.1. */
    FOURIER,
    /** Möbius coefficients (Harsanyi dividends), §3.2. */
    MOBIUS,
    /** Shapley value: SII restricted to singletons, §3.3. */
    SV,
    /** Banzhaf value: BII restricted to singletons, §3.3. */
    BV,
    /** Shapley interaction index (Grabisch 2000), §3.3. */
    SII,
    /** Banzhaf interaction index, §3.3. */
    BII,
    /** Shapley–Taylor interaction index of order ℓ (Sundararajan 2020), §3.3. */
    STII,
    /** Faithful Shapley interaction index of order ℓ (Tsai 2023), §3.3. */
    FSII,
    /** Faithful Banzhaf interaction index of order ℓ (Tsai 2023), §3.3. */
    FBII,
    /**
     * k-Shapley values of order ℓ = k (Bordt &amp; von Luxburg 2023; shapiq's default index): SII aggregated with
     * Bernoulli numbers so that the values of every non-empty set up to order k sum to f(N) − f(∅).
     */
    KSII;

    /**
     * The index named {@code name}, ignoring case and surrounding blanks; "moebius" and "möbius" are accepted for
     * {@link #MOBIUS}, and "k-sii" for {@link #KSII}.
     *
     * @throws IllegalArgumentException for a null or unknown name; the message lists the valid names
     */
    public static Index parse(String name) {
        if (name != null) {
            String key = name.trim().toUpperCase(Locale.ROOT);
            if (key.equals("MOEBIUS") || key.equals("MÖBIUS")) {
                return MOBIUS;
            }
            if (key.equals("K-SII")) {
                return KSII;
            }
            for (Index index : values()) {
                if (index.name().equals(key)) {
                    return index;
                }
            }
        }
        throw new IllegalArgumentException((name == null ? "no index given" : "unknown index '" + name + "'")
                + ": use one of " + Arrays.stream(values()).map(i -> i.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}

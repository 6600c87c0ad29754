package org.spex4j.spex;

/**
 * The regression refit after peeling (spec §7.3): none (the current reference libraries), ordinary least squares,
 * ridge, or cross-validated lasso (the pipeline behind the paper's figures, and the default here).
 */
public enum Refit {
    NONE, OLS, RIDGE, LASSO;

    public static Refit parse(String s) {
        for (Refit r : values()) {
            if (r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown refit '" + s + "': use none, ols, ridge or lasso");
    }
}

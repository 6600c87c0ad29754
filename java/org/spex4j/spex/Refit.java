package org.spex4j.spex;

import org.spex4j.util.Enums;

/**
 * The regression refit after peeling (spec §7.3): none (the current reference libraries), ordinary least squares,
 * ridge, or cross-validated lasso (the pipeline behind the paper's figures, and the default here).
 */
public enum Refit {
    NONE, OLS, RIDGE, LASSO;

    public static Refit parse(String s) {
        return Enums.parse(Refit.class, s, "refit");
    }
}

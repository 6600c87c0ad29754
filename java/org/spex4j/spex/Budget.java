package org.spex4j.spex;

import org.spex4j.kernels.BchCode;

/** Query counts of the SPEX design, and the budget → b rule of the reference (spec §4.3). */
public final class Budget {
    private Budget() {}

    /** N(b) = C · P · 2^b model queries for n features at radius t. */
    public static long queries(int n, int t, int b) {
        return (long) SpexConfig.GROUPS * BchCode.params(n, t).delays() << b;
    }

    /**
     * The least b (in 3..12) whose 2^b bins per group hold at most 4 features each. Every word has a term of its
     * own and peeling reads about one term per bin, so below it most features' terms collide: they come out as 0 or
     * as pieces of one shared term, an explanation that looks plausible and means little.
     */
    public static int recommendedB(int n) {
        int b = SpexConfig.MIN_BUDGET_B;
        while (b < SpexConfig.MAX_BUDGET_B && 4L << b < n) {
            b++;
        }
        return b;
    }

    /** The largest b in 3..12 with N(b) <= budget; below N(3) a clear error names the minimum. */
    public static int bForBudget(int n, int t, long budget) {
        long minimum = queries(n, t, SpexConfig.MIN_BUDGET_B);
        if (budget < minimum) {
            throw new IllegalArgumentException("a budget of " + budget + " queries is below the minimum of " + minimum
                    + " for n = " + n + " features at max order " + t + " (b = 3, the least b a budget selects; "
                    + "an explicit b, --b or SpexConfig.optB, may be smaller); at least "
                    + queries(n, t, 4) + " (b = 4) is "
                    + "recommended");
        }
        int b = SpexConfig.MIN_BUDGET_B;
        while (b < SpexConfig.MAX_BUDGET_B && queries(n, t, b + 1) <= budget) {
            b++;
        }
        return b;
    }
}

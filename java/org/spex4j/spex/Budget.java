package org.spex4j.spex;

import org.spex4j.kernels.BchCode;

/** Query counts of the SPEX design, and the budget → b rule of the reference (spec §4.3). */
public final class Budget {
    private Budget() {}

    /** N(b) = C · P · 2^b model queries for n features at radius t. */
    public static long queries(int n, int t, int b) {
        return (long) SpexConfig.GROUPS * BchCode.params(n, t).delays() << b;
    }

    /** The largest b in 3..12 with N(b) <= budget; below N(3) a clear error names the minimum. */
    public static int bForBudget(int n, int t, long budget) {
        long minimum = queries(n, t, SpexConfig.MIN_BUDGET_B);
        if (budget < minimum) {
            throw new IllegalArgumentException("a budget of " + budget + " queries is below the minimum of " + minimum
                    + " for n = " + n + " features at max order " + t + " (b = 3, the least b a budget selects; "
                    + "an explicit b, --b or setB, may be smaller); at least " + queries(n, t, 4) + " (b = 4) is "
                    + "recommended");
        }
        int b = SpexConfig.MIN_BUDGET_B;
        while (b < SpexConfig.MAX_BUDGET_B && queries(n, t, b + 1) <= budget) {
            b++;
        }
        return b;
    }
}

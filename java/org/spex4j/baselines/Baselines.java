package org.spex4j.baselines;

import java.util.List;
import java.util.Locale;
import org.spex4j.api.Explainer;
import org.spex4j.math.FeatureSet;

/**
 * The classic attribution baselines by name, and the rules that decide whether one can run (SPEX.md §8.5–§8.6).
 *
 * <pre>{@code
 * Explanation kernelShap = Baselines.byName("kernelshap").explain(Subject.of(f, n), 10_000, 0);
 * Explanation faithShap2 = Baselines.byName("faith-shap", 2).explain(Subject.of(f, n), 10_000, 0);
 * }</pre>
 *
 * <table>
 *   <caption>Names</caption>
 *   <tr><th>name</th><th>class</th><th>order</th></tr>
 *   <tr><td>loo</td><td>{@link LeaveOneOutExplainer}</td><td>1</td></tr>
 *   <tr><td>lime</td><td>{@link LimeExplainer}</td><td>1</td></tr>
 *   <tr><td>kernelshap</td><td>{@link KernelShapExplainer}</td><td>1</td></tr>
 *   <tr><td>banzhaf</td><td>{@link BanzhafExplainer}</td><td>1</td></tr>
 *   <tr><td>faith-banzhaf</td><td>{@link FaithBanzhafExplainer}</td><td>ℓ</td></tr>
 *   <tr><td>faith-shap</td><td>{@link FaithShapExplainer}</td><td>ℓ</td></tr>
 *   <tr><td>shapley-taylor</td><td>{@link ShapleyTaylorExplainer}</td><td>ℓ</td></tr>
 * </table>
 */
public final class Baselines {
    /** The valid names, in the order of the table above. */
    public static final List<String> NAMES = List.of("loo", "lime", "kernelshap", "banzhaf", "faith-banzhaf",
            "faith-shap", "shapley-taylor");
    /** The order of the interaction methods when none is given. */
    public static final int DEFAULT_ORDER = 2;

    private Baselines() {
    }

    /**
     * The baseline called {@code name} (case-insensitive); the interaction methods (faith-banzhaf, faith-shap,
     * shapley-taylor) get order {@value #DEFAULT_ORDER}.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the valid ones)
     */
    public static Explainer byName(String name) {
        return byName(name, DEFAULT_ORDER);
    }

    /**
     * The baseline called {@code name} with order ℓ. The order applies to faith-banzhaf, faith-shap and
     * shapley-taylor; the first-order methods (loo, lime, kernelshap, banzhaf) ignore it.
     *
     * @throws IllegalArgumentException for an unknown name or an order below 1
     */
    public static Explainer byName(String name, int order) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "loo":
                return new LeaveOneOutExplainer();
            case "lime":
                return new LimeExplainer();
            case "kernelshap":
                return new KernelShapExplainer();
            case "banzhaf":
                return new BanzhafExplainer();
            case "faith-banzhaf":
                return new FaithBanzhafExplainer(order);
            case "faith-shap":
                return new FaithShapExplainer(order);
            case "shapley-taylor":
                return new ShapleyTaylorExplainer(order);
            default:
                throw new IllegalArgumentException("unknown baseline '" + name + "'; valid names: "
                        + String.join(", ", NAMES));
        }
    }

    /**
     * The baseline feasibility rule of SPEX.md §8.5: an interaction method of order ℓ is not run when ℓ &gt;= 2 and
     * n &gt;= 64, ℓ &gt;= 3 and n &gt;= 32, or ℓ &gt;= 4 and n &gt;= 16 (its terms would outnumber any practical budget).
     *
     * @throws IllegalArgumentException naming the rule and its limits when {@code method} of {@code order} may not
     *                                  run on {@code n} features
     */
    public static void requireFeasible(String method, int order, int n) {
        int limit = maxFeatures(order);
        if (n > limit) {
            throw new IllegalArgumentException(method + " of order " + order + " is infeasible for n = " + n
                    + " features: the baseline feasibility rule (spec §8.5) allows order >= 2 only for n < 64, "
                    + "order >= 3 only for n < 32 and order >= 4 only for n < 16; use order <= "
                    + maxOrder(n) + " for n = " + n + ", or SPEX");
        }
    }

    /** The most features an order-ℓ method may explain under the feasibility rule (unbounded for ℓ = 1). */
    public static int maxFeatures(int order) {
        if (order >= 4) {
            return 15;
        }
        if (order == 3) {
            return 31;
        }
        if (order == 2) {
            return 63;
        }
        return Integer.MAX_VALUE;
    }

    /** The highest order the feasibility rule allows on n features (at least 1). */
    public static int maxOrder(int n) {
        if (n >= 64) {
            return 1;
        }
        if (n >= 32) {
            return 2;
        }
        if (n >= 16) {
            return 3;
        }
        return Math.max(1, n);
    }

    /**
     * The terms of an order-ℓ regression on n features (every subset of at most ℓ features, ∅ included), refusing a
     * fit with more terms than the budget has queries.
     *
     * @throws IllegalArgumentException saying how many terms the fit has and what budget it needs
     */
    static List<FeatureSet> regressionTerms(String method, int order, int n, long budget) {
        List<FeatureSet> terms = SetRegression.termsUpTo(n, order);
        if (terms.size() > budget) {
            throw new IllegalArgumentException(method + " of order " + order + " over n = " + n + " features fits "
                    + terms.size() + " terms, more than the budget of " + budget + " queries; raise the budget to at "
                    + "least " + terms.size() + " or lower the order");
        }
        return terms;
    }
}

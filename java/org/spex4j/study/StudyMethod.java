package org.spex4j.study;

import java.util.Locale;
import org.spex4j.ExplainOptions;
import org.spex4j.Method;
import org.spex4j.Methods;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.baselines.Baselines;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.SpexConfig;
import org.spex4j.value.ValueFunction;

/**
 * A method of the study by its command-line spelling: "spex", "spex-hard", a first-order baseline ("lime",
 * "banzhaf", "kernelshap", "loo"), or an interaction baseline with its order ("faith-banzhaf-2", "faith-shap-3",
 * "shapley-taylor-2"), or ProxySPEX: "proxyspex" at SPEX's query count, "proxyspex/K" at that count divided by K.
 */
record StudyMethod(String spelling, String base, int order, int divisor) {
    /** Masks per call of the value function, as the study always ran (the explainers' default). */
    static final int STUDY_MASKS_PER_CALL = 512;

    StudyMethod(String spelling, String base, int order) {
        this(spelling, base, order, 1);
    }

    static StudyMethod parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT);
        if (key.equals("proxyspex") || key.matches("proxyspex/[1-9]\\d{0,5}")) {
            int divisor = key.equals("proxyspex") ? 1 : Integer.parseInt(key.substring("proxyspex/".length()));
            return new StudyMethod(key, "proxyspex", SpexConfig.DEFAULT_MAX_ORDER, divisor);
        }
        if (key.equals("spex") || key.equals("spex-hard")) {
            return new StudyMethod(key, key, SpexConfig.DEFAULT_MAX_ORDER);
        }
        int dash = key.lastIndexOf('-');
        if (dash > 0 && key.substring(dash + 1).matches("\\d")) {
            String base = key.substring(0, dash);
            int order = Integer.parseInt(key.substring(dash + 1));
            if (!onValues(base).takesOrder()) {
                throw new IllegalArgumentException(base + " takes no order; use '" + base + "'");
            }
            return new StudyMethod(key, base, order);
        }
        onValues(key);
        return new StudyMethod(key, key, 1);
    }

    /** The registered method called {@code name}, which must run on a value function (the study has no model). */
    private static Method onValues(String name) {
        Method m = Methods.byName(name);
        if (m.needsModel()) {
            throw new IllegalArgumentException(name + " needs the model itself; the study compares methods on value"
                    + " functions");
        }
        return m;
    }

    /** Null when the method may run on n features, else why not (the feasibility rule of spec §8.5). */
    String infeasible(int n) {
        if (base.startsWith("spex") || base.equals("proxyspex") || order < 2) {
            return null;
        }
        try {
            Baselines.requireFeasible(base, order, n);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Explains f over n features at SPEX's b (SPEX) or at the given budget (the others), from the registry. */
    Explanation explain(ValueFunction f, int n, int b, long budget, long seed) {
        ExplainOptions.Builder o = ExplainOptions.builder().optSeed(seed).optOrder(order);
        if (base.equals("proxyspex")) {  // one fit at a time: the study already runs reviews in parallel
            o.optMethod(base).optBudget(budget / divisor).optThreads(1);
        } else if (base.startsWith("spex")) {
            o.optMethod(Methods.SPEX).optB(b).optDecoder(base.equals("spex") ? Decoder.SOFT : Decoder.HARD);
        } else {
            o.optMethod(base).optBudget(budget);
        }
        ExplainOptions options = o.build();
        Subject subject = Subject.builder(f, n).optMasksPerCall(STUDY_MASKS_PER_CALL).build();
        return Methods.byName(options.method()).explainer(options).explain(subject, options.budget(n),
                options.seed());
    }
}

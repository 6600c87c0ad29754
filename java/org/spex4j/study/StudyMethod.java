package org.spex4j.study;

import java.util.Locale;
import org.spex4j.ExplainOptions;
import org.spex4j.Method;
import org.spex4j.MethodRun;
import org.spex4j.Methods;
import org.spex4j.api.Explainer;
import org.spex4j.baselines.Baselines;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.SpexConfig;
import org.spex4j.value.Progress;

/**
 * A method of the study by its command-line spelling: "spex", "spex-hard", a first-order baseline ("lime",
 * "banzhaf", "kernelshap", "loo"), or an interaction baseline with its order ("faith-banzhaf-2", "faith-shap-3",
 * "shapley-taylor-2").
 */
record StudyMethod(String spelling, String base, int order) {
    /** Masks per call of the value function, as the study always ran (the explainers' default). */
    static final int STUDY_MASKS_PER_CALL = 512;

    static StudyMethod parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT);
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
        if (base.startsWith("spex") || order < 2) {
            return null;
        }
        try {
            Baselines.requireFeasible(base, order, n);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The explainer at SPEX's b (SPEX) or at the given budget (the others), from the registry. */
    Explainer explainer(int b, long budget, long seed) {
        ExplainOptions.Builder o = ExplainOptions.builder().optSeed(seed).optOrder(order);
        if (base.startsWith("spex")) {
            o.optMethod(Methods.SPEX).optB(b).optDecoder(base.equals("spex") ? Decoder.SOFT : Decoder.HARD);
        } else {
            o.optMethod(base).optBudget(budget);
        }
        ExplainOptions options = o.build();
        return Methods.byName(options.method()).explainer(new MethodRun(options, budget, STUDY_MASKS_PER_CALL,
                Progress.NONE, () -> false));
    }
}

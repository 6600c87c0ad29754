package org.spex4j.study;

import java.util.Locale;
import org.spex4j.api.Explainer;
import org.spex4j.baselines.Baselines;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;

/**
 * A method of the study by its command-line spelling: "spex", "spex-hard", a first-order baseline ("lime",
 * "banzhaf", "kernelshap", "loo"), or an interaction baseline with its order ("faith-banzhaf-2", "faith-shap-3",
 * "shapley-taylor-2").
 */
record StudyMethod(String spelling, String base, int order) {
    static StudyMethod parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT);
        if (key.equals("spex") || key.equals("spex-hard")) {
            return new StudyMethod(key, key, 5);
        }
        int dash = key.lastIndexOf('-');
        if (dash > 0 && key.substring(dash + 1).matches("\\d")) {
            String base = key.substring(0, dash);
            int order = Integer.parseInt(key.substring(dash + 1));
            Baselines.byName(base, 1, 0, order);  // validates the name
            return new StudyMethod(key, base, order);
        }
        Baselines.byName(key, 1, 0);
        return new StudyMethod(key, key, 1);
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

    Explainer explainer(int b, long budget, long seed) {
        if (base.startsWith("spex")) {
            return new SpexExplainer(SpexConfig.builder().setB(b).optSeed(seed)
                    .optDecoder(base.equals("spex") ? org.spex4j.spex.Decoder.SOFT : org.spex4j.spex.Decoder.HARD)
                    .build());
        }
        return Baselines.byName(base, budget, seed, order);
    }
}

package org.spex4j.study;

import java.util.Locale;
import org.spex4j.Explainer;
import org.spex4j.baselines.Baselines;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;

/**
 * A method of the study by its command-line spelling: "spex", "spex-hard", a first-order baseline ("lime",
 * "banzhaf", "kernelshap", "loo"), or an interaction baseline with its order ("faith-banzhaf-2", "faith-shap-3",
 * "shapley-taylor-2"), or ProxySPEX: "proxyspex" at SPEX's query count, "proxyspex/K" at that count divided by K.
 */
record StudyMethod(String spelling, String base, int order, int divisor) {
    StudyMethod(String spelling, String base, int order) {
        this(spelling, base, order, 1);
    }

    static StudyMethod parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT);
        if (key.equals("proxyspex") || key.matches("proxyspex/[1-9]\\d{0,5}")) {
            int divisor = key.equals("proxyspex") ? 1 : Integer.parseInt(key.substring("proxyspex/".length()));
            return new StudyMethod(key, "proxyspex", 5, divisor);
        }
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

    Explainer explainer(int b, long budget, long seed) {
        if (base.equals("proxyspex")) {  // one fit at a time: the study already runs reviews in parallel
            return new org.spex4j.proxyspex.ProxySpexExplainer(org.spex4j.proxyspex.ProxySpexConfig.builder()
                    .setBudget(budget / divisor).optSeed(seed).optThreads(1).build());
        }
        if (base.startsWith("spex")) {
            return new SpexExplainer(SpexConfig.builder().setB(b).optSeed(seed)
                    .optDecoder(base.equals("spex") ? org.spex4j.spex.Decoder.SOFT : org.spex4j.spex.Decoder.HARD)
                    .build());
        }
        return Baselines.byName(base, budget, seed, order);
    }
}

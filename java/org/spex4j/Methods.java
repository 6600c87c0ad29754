package org.spex4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spex4j.baselines.Baselines;
import org.spex4j.normxlogit.NormXLogitExplainer;
import org.spex4j.proxyspex.ProxySpexConfig;
import org.spex4j.proxyspex.ProxySpexExplainer;
import org.spex4j.slalom.SlalomExplainer;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.textgenshap.TextGenShapExplainer;

/**
 * The one list of methods: the facade, the command line (names, help, validation) and the studies all read it.
 * A new method is added here, once.
 */
public final class Methods {
    /** The default method. */
    public static final String SPEX = "spex";

    private static final Map<String, Method> ALL = new LinkedHashMap<>();

    static {
        add(Method.onValues(SPEX, "sparse interactions by BCH-coded subsampling and peeling (the default)", false,
                o -> new SpexExplainer(spexConfig(o))).withInteractions());
        add(Method.onValues("proxyspex", "ProxySPEX: boosted trees fitted to --budget random masks, read as Fourier"
                + " terms (fewer queries, a lower R² ceiling)", false, o -> new ProxySpexExplainer(proxyConfig(o)))
                .withInteractions());
        baseline("lime", "LIME: a weighted linear fit on random masks", false);
        baseline("kernelshap", "KernelSHAP: Shapley values by the Shapley-kernel regression", false);
        baseline("banzhaf", "Banzhaf values by maximum-sample-reuse sampling", false);
        baseline("faith-banzhaf", "Faith-Banzhaf interactions up to --order", true);
        baseline("faith-shap", "Faith-Shap interactions up to --order", true);
        baseline("shapley-taylor", "Shapley-Taylor interactions up to --order", true);
        baseline("loo", "leave-one-out: n + 1 queries", false);
        add(Method.onModel("normxlogit", "NormXLogit: one forward pass; needs the model's hidden states",
                NormXLogitExplainer::new).withoutBudget());
        add(Method.onModel("slalom", "SLALOM-eff: a softmax-linked additive model fitted by SGD (500 queries)",
                SlalomExplainer::efficient));
        add(Method.onModel("slalom-fidel", "SLALOM-fidel: the same model from deletions of up to 5 words",
                SlalomExplainer::fidelity));
        add(Method.onModel("textgenshap", "TextGenSHAP: Shapley/Banzhaf values of the generated output (decoders)",
                TextGenShapExplainer::new));
    }

    private Methods() {
    }

    private static void add(Method m) {
        if (ALL.put(m.name(), m) != null) {
            throw new IllegalStateException("method " + m.name() + " is registered twice");
        }
    }

    private static void baseline(String name, String summary, boolean takesOrder) {
        add(Method.onValues(name, summary, takesOrder, o -> Baselines.byName(name, o.order())));
    }

    /** Every method, the default first. */
    public static List<Method> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /** Every method's name, the default first. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * The method called {@code name} (any case).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Method byName(String name) {
        Method m = name == null ? null : ALL.get(name.trim().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new IllegalArgumentException("unknown method '" + name + "'; valid: " + String.join(", ",
                    ALL.keySet()));
        }
        return m;
    }

    /** One line per method, for the command line's help. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        for (Method m : ALL.values()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(m.name()).append(": ").append(m.summary());
        }
        return sb.toString();
    }

    private static SpexConfig spexConfig(ExplainOptions o) {
        SpexConfig.Builder sc = SpexConfig.builder()
                .optMaxOrder(o.maxOrder())
                .optDecoder(o.decoder())
                .optRefit(o.refit())
                .optDevice(o.device())
                .optThreads(o.threads());
        return (o.b() != null ? sc.optB(o.b()) : sc).build();
    }

    private static ProxySpexConfig proxyConfig(ExplainOptions o) {
        return ProxySpexConfig.builder()
                .optMaxOrder(o.maxOrder())
                .optThreads(o.threads())
                .build();
    }
}

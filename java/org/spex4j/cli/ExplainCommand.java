package org.spex4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spex4j.ExplainOptions;
import org.spex4j.Methods;
import org.spex4j.Spex;
import org.spex4j.api.Explanation;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.Task;
import org.spex4j.report.HtmlReport;
import org.spex4j.report.JsonReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spex explain}: explain one input on a real model. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a model's output on one input: which features drive it, and which interact.",
            "Example: ./spex explain --text \"A gripping film, but the ending is weak.\""})
final class ExplainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Input:%n")
    InputText input;

    @Mixin
    ExplainOptionsArgs opts = new ExplainOptionsArgs();

    @Option(names = "--json", description = "print only JSON on stdout")
    boolean json;

    @Option(names = "--html", paramLabel = "PATH", description = "write a self-contained HTML report")
    Path html;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** Whether the user gave {@code option} (not only its default). */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** One line on stderr, so that --json's stdout stays JSON. */
    static void warn(String message) {
        System.err.println("spex: warning: " + message);
    }

    @Override
    public Integer call() {
        String text = input.read();
        if (text.isBlank()) {
            throw new UsageException("the input text is empty");
        }
        Index idx = opts.index();
        OutputFile.requireWritable(html, "--html");
        ExplainOptions options = opts.toOptions(this::given);  // every setting checked before the model loads
        notApplicable(Methods.byName(options.method()));
        int shownOrder = options.order();
        opts.run.applyModelThreads();
        long start = System.nanoTime();
        try (ProgressBars bar = new ProgressBars(quiet || json)) {
            try (Spex spex = Spex.builder().optOptions(options).optProgress(bar).build()) {
                if (spex.task() != Task.LOGPROB) {
                    for (String opt : new String[] {"--continuation", "--mean-logprob"}) {
                        if (given(opt)) {
                            warn(opt + " applies to the logprob task only; ignored for " + spex.task().label());
                        }
                    }
                }
                Explanation e = spex.explain(text);
                e.warnings().forEach(ExplainCommand::warn);
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("model", spex.model().name());
                meta.put("task", spex.task().label());
                meta.put("device", spex.model().device().toString());
                meta.put("features", opts.features);
                meta.put("mask", opts.mask);
                meta.put("precision", spex.model().runsIn(options.valueOptions().precision()).toString());
                meta.put("method", opts.method);
                if (opts.size.b == null || e.b() == null) {  // a SPEX run with --b: the report's own "b" row says it
                    meta.put("budget", opts.size.b != null ? "b = " + opts.size.b
                            : String.valueOf(options.budget()));
                }
                meta.put("seed", String.valueOf(opts.seed));
                if (html != null) {
                    writeHtml(e, idx, shownOrder, meta);
                }
                if (json) {
                    System.out.println(JsonReport.write(JsonReport.toJson(e, idx, shownOrder, opts.top)));
                } else {
                    print(e, idx, shownOrder, meta, seconds);
                }
            }
        }
        return 0;
    }

    /** One warning line for each option given that the method does not use (they would be silently ignored). */
    private void notApplicable(org.spex4j.Method m) {
        if (!m.name().equals(Methods.SPEX)) {
            for (String opt : new String[] {"--max-order", "--decoder", "--refit"}) {
                if (given(opt)) {
                    warn(opt + " applies to --method spex only; ignored for " + m.name());
                }
            }
        }
        if (!m.usesBudget()) {
            for (String opt : new String[] {"--budget", "--b"}) {
                if (given(opt)) {
                    warn(opt + " does not apply to " + m.name() + ", which makes its own queries; ignored");
                }
            }
        }
        if (!m.findsInteractions() && given("--order")) {
            warn("--order applies to spex and the interaction methods (" + String.join(", ", Methods.all().stream()
                    .filter(org.spex4j.Method::takesOrder).map(org.spex4j.Method::name).toList()) + "); "
                    + m.name() + " scores features one at a time, so it is ignored");
        }
    }

    private void writeHtml(Explanation e, Index idx, int order, Map<String, String> meta) {
        // the same per-feature values as the console's list: Shapley values (Banzhaf values with --index bv)
        Index perFeature = idx == Index.BV ? Index.BV : Index.SV;
        String page = HtmlReport.render(e, perFeature, idx, order, opts.top, meta);
        OutputFile.write(html, page, "--html");
    }

    private void print(Explanation e, Index idx, int order, Map<String, String> meta, double seconds) {
        List<String> words = e.features();
        System.out.printf("%s on %s (%s), %s, %s%n", e.method().toUpperCase(Locale.ROOT), meta.get("model"),
                meta.get("task"), count(e.n(), "feature"), meta.get("features"));
        if (e.target() != null) {
            System.out.println("f = " + e.target());
        }
        System.out.printf("f(all kept) = %.4f   f(all masked) = %.4f%n", e.full(), e.baseline());
        // the per-feature list: the method's own score, else the surrogate's Shapley (Banzhaf with --index bv) values
        boolean banzhaf = e.scores().isEmpty() && idx == Index.BV;
        double[] sv = banzhaf ? e.banzhafValues() : e.ranking();
        Integer[] order1 = new Integer[e.n()];
        for (int i = 0; i < e.n(); i++) {
            order1[i] = i;
        }
        java.util.Arrays.sort(order1, e.rankedBySign() ? (a, c) -> Double.compare(sv[c], sv[a])
                : (a, c) -> Double.compare(Math.abs(sv[c]), Math.abs(sv[a])));
        System.out.printf("%nTop features (%s):%n", featureHeading(e, banzhaf));
        for (int q = 0; q < Math.min(opts.top, e.n()); q++) {
            int i = order1[q];
            System.out.printf("  %+9.4f  %s  [%d]%n", sv[i], words.get(i), i);
        }
        if (idx == Index.SV || idx == Index.BV) {  // the interaction list would repeat the list above
            printCost(e, seconds);
            return;
        }
        SparseCoefficients inter = e.interactions(idx, order);
        List<String> lines = new java.util.ArrayList<>();
        for (Map.Entry<FeatureSet, Double> t : inter.entries()) {
            if (t.getKey().size() < 2) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            for (int k = 0; k < t.getKey().size(); k++) {
                joined.append(k == 0 ? "" : " × ").append(words.get(t.getKey().get(k)));
            }
            lines.add(String.format("  %+9.4f  %s  %s", t.getValue(), joined, t.getKey()));
            if (lines.size() == opts.top) {
                break;
            }
        }
        if (!lines.isEmpty() || e.maxOrder() >= 2) {  // a first-order method has no interactions to list
            System.out.printf("%nTop interactions (%s, order <= %d):%n", idx.name().toLowerCase(Locale.ROOT), order);
            lines.forEach(System.out::println);
            if (lines.isEmpty()) {
                System.out.println("  (none of order 2 or more)");
            }
        }
        printCost(e, seconds);
    }

    /** The queries, b, the wall time (model loading included) and the explanation's own phases. */
    private void printCost(Explanation e, double seconds) {
        if (e.b() != null) {
            System.out.printf("%n%s (%d distinct), b = %d, t = %d, %d peeling iterations; %.1f s in all, with loading"
                    + " the model%n", queries(e), e.distinctQueries(), e.b(), e.maxOrder(), e.iterations(), seconds);
        } else {
            System.out.printf("%n%s (%d distinct); %.1f s in all, with loading the model%n", queries(e),
                    e.distinctQueries(), seconds);
        }
        StringBuilder t = new StringBuilder("explanation time (ms):");
        e.timingMillis().forEach((k, v) -> t.append(String.format(Locale.ROOT, " %s %.1f", k, v)));
        System.out.println(t);
        if (e.faithfulness() != null) {
            System.out.printf("faithfulness R² = %.4f on %d uniform random masks%n", e.faithfulness().r2(),
                    e.faithfulness().masks());
        }
        if (html != null) {
            System.out.println("HTML report: " + html);
        }
    }

    private static String queries(Explanation e) {
        return e.queries() == 1 ? "1 query" : e.queries() + " queries";
    }

    /** "1 feature", "31 features". */
    static String count(long k, String noun) {
        return k + " " + noun + (k == 1 ? "" : "s");
    }

    /** What the per-feature list holds, named by the index and the method that produced it. */
    static String featureHeading(Explanation e, boolean banzhaf) {
        if (!e.rankingName().equals("shapley") || !e.scores().isEmpty()) {
            return e.rankingName() + ", " + e.method();
        }
        String value = banzhaf ? "Banzhaf value" : "Shapley value";
        return e.method().equals(Methods.SPEX) ? value + " of the SPEX surrogate"
                : value + " of the " + e.method() + " fit";
    }
}

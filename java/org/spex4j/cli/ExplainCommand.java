package org.spex4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spex4j.ExplainOptions;
import org.spex4j.Spex;
import org.spex4j.api.Explanation;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.report.HtmlReport;
import org.spex4j.report.JsonReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() {
        String text = input.read();
        if (text.isBlank()) {
            throw new UsageException("the input text is empty");
        }
        Index idx = opts.index();
        OutputFile.requireWritable(html, "--html");
        ExplainOptions options = opts.toOptions();  // every setting checked before the model loads
        opts.run.applyModelThreads();
        long start = System.nanoTime();
        try (ProgressBars bar = new ProgressBars(quiet || json)) {
            try (Spex spex = Spex.builder().optOptions(options).optProgress(bar).build()) {
                Explanation e = spex.explain(text);
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("model", spex.model().name());
                meta.put("task", spex.task().label());
                meta.put("device", spex.model().device().toString());
                meta.put("features", opts.features);
                meta.put("mask", opts.mask);
                meta.put("method", opts.method);
                if (opts.size.b == null || e.b() == null) {  // a SPEX run with --b: the report's own "b" row says it
                    meta.put("budget", opts.size.b != null ? "b = " + opts.size.b
                            : String.valueOf(options.budget()));
                }
                meta.put("seed", String.valueOf(opts.seed));
                if (html != null) {
                    writeHtml(e, idx, meta);
                }
                if (json) {
                    System.out.println(JsonReport.write(JsonReport.toJson(e, idx, opts.order, opts.top)));
                } else {
                    print(e, idx, meta, seconds);
                }
            }
        }
        return 0;
    }

    private void writeHtml(Explanation e, Index idx, Map<String, String> meta) {
        // the same per-feature values as the console's list: Shapley values (Banzhaf values with --index bv)
        Index perFeature = idx == Index.BV ? Index.BV : Index.SV;
        String page = HtmlReport.render(e, perFeature, idx, opts.order, opts.top, meta);
        OutputFile.write(html, page, "--html");
    }

    private void print(Explanation e, Index idx, Map<String, String> meta, double seconds) {
        List<String> words = e.features();
        System.out.printf("%s on %s (%s), %d features, %s%n", e.method().toUpperCase(Locale.ROOT), meta.get("model"),
                meta.get("task"), e.n(), meta.get("features"));
        if (e.target() != null) {
            System.out.println("f = " + e.target());
        }
        System.out.printf("f(all kept) = %.4f   f(all masked) = %.4f%n", e.full(), e.baseline());
        double[] sv = e.ranking();
        Integer[] order1 = new Integer[e.n()];
        for (int i = 0; i < e.n(); i++) {
            order1[i] = i;
        }
        java.util.Arrays.sort(order1, e.rankedBySign() ? (a, c) -> Double.compare(sv[c], sv[a])
                : (a, c) -> Double.compare(Math.abs(sv[c]), Math.abs(sv[a])));
        System.out.printf("%nTop features (%s):%n", e.rankingName().equals("shapley") ? "Shapley value"
                : e.rankingName());
        for (int q = 0; q < Math.min(opts.top, e.n()); q++) {
            int i = order1[q];
            System.out.printf("  %+9.4f  %s  [%d]%n", sv[i], words.get(i), i);
        }
        SparseCoefficients inter = e.interactions(idx, opts.order);
        List<String> lines = new java.util.ArrayList<>();
        for (Map.Entry<FeatureSet, Double> t : inter.entries()) {
            if (t.getKey().size() < 2 && idx != Index.SV && idx != Index.BV) {
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
            System.out.printf("%nTop interactions (%s, order <= %d):%n", idx.name().toLowerCase(Locale.ROOT), opts.order);
            lines.forEach(System.out::println);
            if (lines.isEmpty()) {
                System.out.println("  (none of order 2 or more)");
            }
        }
        if (e.b() != null) {
            System.out.printf("%n%d %s (%d distinct), b = %d, t = %d, %d peeling iterations; %.1f s in all%n",
                    e.queries(), e.queries() == 1 ? "query" : "queries", e.distinctQueries(), e.b(), e.maxOrder(),
                    e.iterations(), seconds);
        } else {
            System.out.printf("%n%d %s (%d distinct); %.1f s in all%n", e.queries(),
                    e.queries() == 1 ? "query" : "queries", e.distinctQueries(), seconds);
        }
        StringBuilder t = new StringBuilder("time (ms):");
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
}

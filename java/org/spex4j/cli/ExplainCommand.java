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
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.spex.SpexConfig;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spex explain}: explain one input on a real model. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a model's output on one input: which features drive it, and which interact.",
            "Example: ./spex explain --text \"A gripping film, but the ending is weak.\""})
final class ExplainCommand implements Callable<Integer> {
    /** The method names for the help text, from the registry. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Methods.names().iterator();
        }
    }

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Input:%n")
    InputText input;

    @Option(names = "--model", defaultValue = "minilm", paramLabel = "NAME|PATH",
            description = "minilm (default), stories260k, or a Hugging Face directory, an ONNX file, a llama2.c "
                    + "checkpoint or a TorchScript .pt (see 'spex models')")
    String model;

    @Option(names = "--task", paramLabel = "sentiment|similarity|logprob|output|class",
            description = "default: the model's first task (class: log-odds of one class of a classifier, see --class)")
    String task;

    @Option(names = "--features", defaultValue = "words", paramLabel = "words|sentences|tokens",
            description = "what one feature is (default words)")
    String features;

    @Option(names = "--mask", defaultValue = "replace", paramLabel = "replace|delete",
            description = "a masked feature becomes the model's unknown token, or is removed (default replace)")
    String mask;

    @Option(names = "--method", defaultValue = Methods.SPEX, paramLabel = "METHOD",
            description = "the method (default spex): ${COMPLETION-CANDIDATES}. Methods other than SPEX get SPEX's"
                    + " query count; the interaction baselines use --order. 'spex methods' describes each.",
            completionCandidates = MethodNames.class)
    String method;

    @ArgGroup(exclusive = true)
    Size size = new Size();

    static final class Size {
        @Option(names = "--budget", paramLabel = "N", description = "query budget (default " + Spex.DEFAULT_BUDGET + ")")
        Long budget;

        @Option(names = "--b", paramLabel = "B", description = "sparsity parameter b instead of a budget")
        Integer b;
    }

    @Option(names = "--max-order", defaultValue = "" + SpexConfig.DEFAULT_MAX_ORDER, paramLabel = "T",
            description = "SPEX: the highest interaction order decoded, t (default " + SpexConfig.DEFAULT_MAX_ORDER
                    + ")")
    int maxOrder;

    @Option(names = "--decoder", defaultValue = "soft", paramLabel = "soft|hard",
            description = "SPEX: BCH decoding, soft (Chase) or hard (default soft)")
    String decoder;

    @Option(names = "--refit", defaultValue = "lasso", paramLabel = "none|ols|ridge|lasso",
            description = "SPEX: regression on the decoded terms (default lasso, cross-validated)")
    String refit;

    @Option(names = "--index", defaultValue = "fsii", paramLabel = "INDEX",
            description = "interactions shown: fourier|mobius|sv|bv|sii|bii|stii|fsii|fbii|ksii (default fsii)")
    String index;

    @Option(names = "--order", defaultValue = "2", paramLabel = "L", description = "interaction order (default 2)")
    int order;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K",
            description = "features and interactions listed (default 10)")
    int top;

    @Option(names = "--faithfulness", defaultValue = "0", paramLabel = "N",
            description = "R² on N uniform random masks, on the real model")
    int faithfulness;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "random seed: the same seed gives the same explanation (default 0)")
    long seed;

    @Mixin
    DeviceOptions run = new DeviceOptions();

    @Option(names = "--json", description = "print only JSON on stdout")
    boolean json;

    @Option(names = "--html", paramLabel = "PATH", description = "write a self-contained HTML report")
    Path html;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Mixin
    ValueOptionsArgs value = new ValueOptionsArgs();

    @Override
    public Integer call() {
        String text = input.read();
        if (text.isBlank()) {
            throw new UsageException("the input text is empty");
        }
        Index idx = Index.parse(index);
        OutputFile.requireWritable(html, "--html");
        if (order < 1 || order > maxOrder) {
            throw new UsageException("--order must be in 1.." + maxOrder + " (the max order), got " + order);
        }
        if (top < 1) {
            throw new UsageException("--top must be >= 1, got " + top);
        }
        ExplainOptions.Builder o = ExplainOptions.builder()
                .optModel(model)
                .optFeatures(Granularity.parse(features))
                .optMask(MaskMode.parse(mask))
                .optMaxOrder(maxOrder)
                .optDecoder(Decoder.parse(decoder))
                .optRefit(Refit.parse(refit))
                .optSeed(seed)
                .optDevice(run.device())
                .optThreads(run.threads())
                .optFaithfulness(faithfulness)
                .optValueOptions(value.toOptions())
                .optMethod(method)
                .optOrder(order);
        if (task != null) {
            o.optTask(Task.parse(task));
        }
        if (size.b != null) {
            o.optB(size.b);
        } else if (size.budget != null) {
            o.optBudget(size.budget);
        }
        ExplainOptions options = o.build();  // every setting checked before the model loads
        run.applyModelThreads();
        long start = System.nanoTime();
        try (ProgressBars bar = new ProgressBars(quiet || json)) {
            try (Spex spex = Spex.builder().optOptions(options).optProgress(bar).build()) {
                Explanation e = spex.explain(text);
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("model", spex.model().name());
                meta.put("task", spex.task().label());
                meta.put("device", spex.model().device().toString());
                meta.put("features", features);
                meta.put("mask", mask);
                meta.put("method", method);
                if (size.b == null || e.b() == null) {  // a SPEX run with --b: the report's own "b" row says it
                    meta.put("budget", size.b != null ? "b = " + size.b
                            : String.valueOf(options.budget()));
                }
                meta.put("seed", String.valueOf(seed));
                if (html != null) {
                    writeHtml(e, idx, meta);
                }
                if (json) {
                    System.out.println(JsonReport.write(JsonReport.toJson(e, idx, order, top)));
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
        String page = HtmlReport.render(e, perFeature, idx, order, top, meta);
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
        for (int q = 0; q < Math.min(top, e.n()); q++) {
            int i = order1[q];
            System.out.printf("  %+9.4f  %s  [%d]%n", sv[i], words.get(i), i);
        }
        SparseCoefficients inter = e.interactions(idx, order);
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
            if (lines.size() == top) {
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

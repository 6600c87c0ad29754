package org.spex4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spex4j.Explanation;
import org.spex4j.Spex;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.Task;
import org.spex4j.report.HtmlReport;
import org.spex4j.report.JsonReport;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
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

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Input:%n")
    InputText input;

    @Option(names = "--model", defaultValue = "minilm", paramLabel = "NAME|PATH",
            description = "minilm (default), stories260k, or a model directory, llama2.c checkpoint or TorchScript .pt (see 'spex models')")
    String model;

    @Option(names = "--task", paramLabel = "sentiment|similarity|logprob|output", description = "default: the model's first task")
    String task;

    @Option(names = "--features", defaultValue = "words", paramLabel = "words|sentences|tokens")
    String features;

    @Option(names = "--mask", defaultValue = "replace", paramLabel = "replace|delete")
    String mask;

    @Option(names = "--method", defaultValue = "spex", paramLabel = "METHOD",
            description = "spex (default), lime, kernelshap, banzhaf, faith-banzhaf, faith-shap, shapley-taylor, loo,"
                    + " normxlogit (one forward pass; needs the model's hidden states),"
                    + " slalom (SLALOM-eff, 500 queries), slalom-fidel (SLALOM-fidel),"
                    + " textgenshap (Shapley/Banzhaf of the generated output; decoders)"
                    + " (baselines get SPEX's query count; interaction baselines use --order)")
    String method;

    @ArgGroup(exclusive = true)
    Size size = new Size();

    static final class Size {
        @Option(names = "--budget", paramLabel = "N", description = "query budget (default " + Spex.DEFAULT_BUDGET + ")")
        Long budget;

        @Option(names = "--b", paramLabel = "B", description = "sparsity parameter b instead of a budget")
        Integer b;
    }

    @Option(names = "--max-order", defaultValue = "5", paramLabel = "T")
    int maxOrder;

    @Option(names = "--decoder", defaultValue = "soft", paramLabel = "soft|hard")
    String decoder;

    @Option(names = "--refit", defaultValue = "lasso", paramLabel = "none|ols|ridge|lasso")
    String refit;

    @Option(names = "--index", defaultValue = "fsii", paramLabel = "INDEX",
            description = "interactions shown: fourier|mobius|sv|bv|sii|bii|stii|fsii|fbii (default fsii)")
    String index;

    @Option(names = "--order", defaultValue = "2", paramLabel = "L", description = "interaction order (default 2)")
    int order;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K")
    int top;

    @Option(names = "--faithfulness", defaultValue = "0", paramLabel = "N",
            description = "R² on N uniform random masks, on the real model")
    int faithfulness;

    @Option(names = "--seed", defaultValue = "0")
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
        if (order < 1 || order > maxOrder) {
            throw new UsageException("--order must be in 1.." + maxOrder + " (the max order), got " + order);
        }
        if (top < 1) {
            throw new UsageException("--top must be >= 1, got " + top);
        }
        Spex.Builder b = Spex.builder()
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
                .optMethod(method, order);
        if (task != null) {
            b.optTask(Task.parse(task));
        }
        if (size.b != null) {
            b.optB(size.b);
        } else if (size.budget != null) {
            b.optBudget(size.budget);
        }
        long start = System.nanoTime();
        try (ProgressBars bar = new ProgressBars(quiet || json)) {
            b.optProgress(bar);
            try (Spex spex = b.build()) {
                Explanation e = spex.explain(text);
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("model", spex.model().name());
                meta.put("task", spex.task().label());
                meta.put("device", spex.model().device().toString());
                meta.put("features", features);
                meta.put("mask", mask);
                meta.put("method", method);
                meta.put("budget", size.b != null ? "b = " + size.b
                        : String.valueOf(size.budget != null ? size.budget : Spex.DEFAULT_BUDGET));
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
        Index perFeature = idx == Index.FOURIER || idx == Index.MOBIUS ? Index.SV : idx;
        String page = HtmlReport.render(e, perFeature, idx, order, top, meta);
        try {
            Files.writeString(html, page, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UsageException("cannot write " + html + ": " + ex.getMessage());
        }
    }

    private void print(Explanation e, Index idx, Map<String, String> meta, double seconds) {
        List<String> words = e.features();
        System.out.printf("%s on %s (%s), %d features, %s%n", e.method().toUpperCase(Locale.ROOT), meta.get("model"),
                meta.get("task"), e.n(), meta.get("features"));
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
        System.out.printf("%nTop interactions (%s, order <= %d):%n", idx.name().toLowerCase(Locale.ROOT), order);
        int shown = 0;
        for (Map.Entry<FeatureSet, Double> t : inter.entries()) {
            if (t.getKey().size() < 2 && idx != Index.SV && idx != Index.BV) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            for (int k = 0; k < t.getKey().size(); k++) {
                joined.append(k == 0 ? "" : " × ").append(words.get(t.getKey().get(k)));
            }
            System.out.printf("  %+9.4f  %s  %s%n", t.getValue(), joined, t.getKey());
            if (++shown == top) {
                break;
            }
        }
        if (shown == 0) {
            System.out.println("  (none of order 2 or more)");
        }
        if (e.b() != null) {
            System.out.printf("%n%d queries (%d distinct), b = %d, t = %d, %d peeling iterations; %.1f s in all%n",
                    e.queries(), e.distinctQueries(), e.b(), e.maxOrder(), e.iterations(), seconds);
        } else {
            System.out.printf("%n%d queries (%d distinct); %.1f s in all%n", e.queries(), e.distinctQueries(), seconds);
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

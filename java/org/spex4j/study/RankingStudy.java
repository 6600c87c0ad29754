package org.spex4j.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.spex4j.api.Explanation;
import org.spex4j.api.ModelInput;
import org.spex4j.api.Subject;
import org.spex4j.baselines.Baselines;
import org.spex4j.eval.RankingFaithfulness.Confidence;
import org.spex4j.eval.RankingFaithfulness.Curves;
import org.spex4j.eval.RankingFaithfulness;
import org.spex4j.kernels.Kernels;
import org.spex4j.model.Models;
import org.spex4j.model.PositionLogits;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.model.runtime.NativeThreads;
import org.spex4j.normxlogit.NormXLogit;
import org.spex4j.normxlogit.NormXLogitExplainer;
import org.spex4j.spex.Budget;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.value.Progress;
import org.spex4j.value.ValueFunction;

/**
 * The erasure study of the NormXLogit paper on the SPEX paper's sentiment reviews: per-word rankings from
 * NormXLogit (and its two factors, and a contrastive variant), SPEX's first-order (Shapley) values at sparsity b,
 * LIME at SPEX's query count, leave-one-out and random rankings, scored by {@link RankingFaithfulness}
 * (comprehensiveness and sufficiency AOPC over k = 0.1..0.9) on the minilm zero-shot sentiment task, words masked
 * to [UNK]. The confidence is the predicted label's probability σ(±log-odds).
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java -cp target/classes:$(cat target/classpath.txt) \
 *     org.spex4j.study.RankingStudy --reviews 15 --min-words 10 --max-words 15 --b 4 --threads 1 \
 *     --out docs/results/normxlogit
 * </pre>
 * Writes {@code runs.csv} (one row per review and method) and {@code results.md} (means) under {@code --out}.
 * Not part of the build's tests.
 */
public final class RankingStudy {
    private RankingStudy() {}

    static final String[] METHODS = {"normxlogit", "normxlogit-margin", "embedding-norm", "logit", "spex", "lime",
        "loo", "random"};

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        String[] defaults = {"--reviews", "12", "--min-words", "10", "--max-words", "15", "--b", "4", "--random", "10",
            "--seed", "0", "--threads", "1", "--out", "docs/results/normxlogit"};
        for (int i = 0; i < defaults.length; i += 2) {
            opt.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i < args.length; i += 2) {
            if (!opt.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: RankingStudy " + opt.keySet().stream()
                        .map(k -> "[" + k + " V]").reduce((a, b) -> a + " " + b).orElse(""));
            }
            opt.put(args[i], args[i + 1]);
        }
        int reviews = Integer.parseInt(opt.get("--reviews")), lo = Integer.parseInt(opt.get("--min-words"));
        int hi = Integer.parseInt(opt.get("--max-words")), b = Integer.parseInt(opt.get("--b"));
        int randomRankings = Integer.parseInt(opt.get("--random"));
        long seed = Long.parseLong(opt.get("--seed"));
        int threads = Integer.parseInt(opt.get("--threads"));
        Path out = Path.of(opt.get("--out"));
        NativeThreads.setTorchThreads(threads);
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder(
                "review,n,gold,method,queries,explain_ms,comp_aopc,suff_aopc,comp_acc,suff_acc");
        for (int s = 1; s <= RankingFaithfulness.STEPS; s++) {
            csv.append(",comp").append(s);
        }
        for (int s = 1; s <= RankingFaithfulness.STEPS; s++) {
            csv.append(",suff").append(s);
        }
        csv.append('\n');
        Map<String, List<Curves>> byMethod = new LinkedHashMap<>();
        Map<String, double[]> cost = new LinkedHashMap<>();  // method -> {queries sum, ms sum}
        Map<String, List<double[]>> accuracy = new LinkedHashMap<>();  // method -> per review {comp, suff}
        int[] correct = {0};
        long started = System.nanoTime();
        try (TextModel model = Models.load("minilm", Kernels.Device.CPU)) {
            List<CSVRecord> chosen = reviews(lo, hi, reviews);
            for (CSVRecord review : chosen) {
                String id = String.valueOf(review.getRecordNumber() - 1);
                String text = review.get("review");
                MaskedInput input = model.input(text, Granularity.WORDS, MaskMode.REPLACE);
                ValueFunction f = model.valueFunction(Task.SENTIMENT, input, TextModel.ValueOptions.defaults());
                int n = input.n();
                long budget = Budget.queries(n, SpexConfig.DEFAULT_MAX_ORDER, b);
                boolean gold = review.get("sentiment").equals("positive");
                for (String m : METHODS) {
                    long t0 = System.nanoTime();
                    List<double[]> rankings = new ArrayList<>();
                    long queries = rank(m, model, input, f, n, b, budget, seed, randomRankings, id, rankings);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    List<Curves> curves = new ArrayList<>();
                    for (double[] r : rankings) {
                        curves.add(RankingFaithfulness.evaluate(f, r, Confidence.LOG_ODDS));
                    }
                    Curves c = RankingFaithfulness.mean(curves);
                    byMethod.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
                    double[] acc = new double[2];  // accuracy against the gold label, over k and rankings
                    for (Curves one : curves) {
                        for (int s = 0; s < RankingFaithfulness.STEPS; s++) {
                            double w = 1.0 / RankingFaithfulness.STEPS / curves.size();
                            acc[0] += (one.comprehensivenessValues()[s] >= 0) == gold ? w : 0;
                            acc[1] += (one.sufficiencyValues()[s] >= 0) == gold ? w : 0;
                        }
                    }
                    accuracy.computeIfAbsent(m, k -> new ArrayList<>()).add(acc);
                    if (m.equals(METHODS[0]) && (c.full() >= 0) == gold) {
                        correct[0]++;
                    }
                    cost.merge(m, new double[] {queries, ms}, (x, y) -> new double[] {x[0] + y[0], x[1] + y[1]});
                    csv.append(id).append(',').append(n).append(',').append(gold ? "positive" : "negative")
                            .append(',').append(m).append(',').append(queries)
                            .append(',').append(fmt(ms)).append(',').append(fmt(c.aopcComprehensiveness()))
                            .append(',').append(fmt(c.aopcSufficiency())).append(',').append(fmt(acc[0]))
                            .append(',').append(fmt(acc[1]));
                    for (double v : c.comprehensiveness()) {
                        csv.append(',').append(fmt(v));
                    }
                    for (double v : c.sufficiency()) {
                        csv.append(',').append(fmt(v));
                    }
                    csv.append('\n');
                    System.err.printf(Locale.ROOT, "review %s (n=%d) %-18s comp %.3f suff %.3f (%.0f ms)%n", id, n,
                            m, c.aopcComprehensiveness(), c.aopcSufficiency(), ms);
                }
                Files.writeString(out.resolve("runs.csv"), csv.toString());
            }
            double minutes = (System.nanoTime() - started) / 6e10;
            List<String> ids = chosen.stream().map(r -> String.valueOf(r.getRecordNumber() - 1)).toList();
            Files.writeString(out.resolve("results.md"), report(byMethod, cost, accuracy, correct[0], ids, opt,
                    minutes));
        }
    }

    /** Fills {@code rankings} with the method's per-word scores (several for random); returns queries used. */
    private static long rank(String method, TextModel model, MaskedInput input, ValueFunction f, int n, int b,
            long budget, long seed, int randomRankings, String id, List<double[]> rankings) {
        switch (method) {
            case "normxlogit", "embedding-norm", "logit" -> {
                Subject subject = Subject.builder(f, n).optMasksPerCall(256)
                        .optCapability(ModelInput.class, new ModelInput(model, Task.SENTIMENT, input, 256)).build();
                Explanation e = new NormXLogitExplainer().explain(subject, budget, seed);
                rankings.add(e.scores().get(method.equals("embedding-norm") ? "embedding_norm" : method));
                return e.queries();  // one forward pass, plus f(full) that anchors the surrogate
            }
            case "normxlogit-margin" -> {
                PositionLogits.Readout r = model.capability(PositionLogits.class).orElseThrow()
                        .positionLogits(Task.SENTIMENT, input.ids());
                NormXLogit.TokenScores t = NormXLogit.tokenScores(r.embeddings(),
                        NormXLogit.margins(r.logits(), NormXLogit.predicted(r)), 0);
                rankings.add(NormXLogit.toFeatures(t.score(), input));
                return 0;
            }
            case "spex" -> {
                Explanation e = new SpexExplainer(SpexConfig.builder().optB(b).optThreads(1).build())
                        .explain(Subject.of(f, n), Budget.queries(n, SpexConfig.DEFAULT_MAX_ORDER, b), seed);
                rankings.add(Confidence.LOG_ODDS.towardPrediction(e.shapleyValues(), fullValue(f, n)));
                return e.queries();
            }
            case "lime", "loo" -> {
                Explanation e = Baselines.byName(method).explain(Subject.of(f, n), method.equals("loo") ? n + 1L
                        : budget, seed);
                rankings.add(Confidence.LOG_ODDS.towardPrediction(e.ranking(), fullValue(f, n)));
                return e.queries();
            }
            case "random" -> {
                for (int r = 0; r < randomRankings; r++) {
                    rankings.add(RankingFaithfulness.randomScores(n, 12 + 1000L * r + Long.parseLong(id)));
                }
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown method " + method);
        }
    }

    /** f(full): the sign of the log-odds is the predicted label (not counted as a query of the method). */
    private static double fullValue(ValueFunction f, int n) {
        return f.evaluate(org.spex4j.math.MaskBatch.allKept(n))[0];
    }

    private static String report(Map<String, List<Curves>> byMethod, Map<String, double[]> cost,
            Map<String, List<double[]>> accuracy, int correct, List<String> ids, Map<String, String> opt,
            double minutes) {
        int reviews = ids.size();
        StringBuilder md = new StringBuilder();
        md.append("# Erasure faithfulness of word rankings (NormXLogit protocol), minilm zero-shot sentiment\n\n")
                .append(reviews).append(" reviews of ").append(opt.get("--min-words")).append("–")
                .append(opt.get("--max-words")).append(" words from data/sentiment.csv (the first in file order),")
                .append(" words masked to [UNK]. Confidence = σ(±log-odds), the probability of the label predicted")
                .append(" on the full review. AOPC = mean confidence drop over k = 0.1..0.9 (⌊k·n⌋ top words")
                .append(" erased for comprehensiveness, all but them for sufficiency). Mean ± standard error over")
                .append(" reviews. Random: mean of ").append(opt.get("--random")).append(" seeded permutations per")
                .append(" review. SPEX: Shapley values of its surrogate at b = ").append(opt.get("--b"))
                .append("; LIME gets SPEX's query count. SPEX, LIME and LOO attribute the log-odds of")
                .append(" \"positive\", so their scores are negated where the prediction is negative (ranked by")
                .append(" support for the predicted label, as NormXLogit's are). ").append(String.format(Locale.ROOT, "%.1f", minutes))
                .append(" min on a 2-core Xeon, no GPU, --threads ").append(opt.get("--threads"))
                .append(". Reviews (0-based rows of the CSV): ").append(String.join(", ", ids)).append(".\n\n")
                .append("Methods: `normxlogit` = ‖h⁰_i‖·LogAt_i summed over a word's tokens, with LogAt the")
                .append(" predicted label's zero-shot logit cos(h^L_i, label prompt)/0.05 (the head-on-top extension")
                .append(" for this bi-encoder); `embedding-norm` and `logit` are its two factors alone (the paper's")
                .append(" ‖h⁰‖-only and LogAt-only rows); `normxlogit-margin` (not in the paper) uses the position's")
                .append(" log-odds of the predicted label (its logit minus the other label's) instead of LogAt;")
                .append(" `loo` = leave-one-out (n + 1 queries). Queries count value-function calls; NormXLogit's one")
                .append(" is f(full), which only anchors its additive surrogate. Accuracy columns: the share of")
                .append(" erased inputs (over k) whose zero-shot label (log-odds ≥ 0 ⇒ positive) matches the gold")
                .append(" label; on the full reviews minilm gets ").append(correct).append(" of ").append(reviews)
                .append(" right.\n\n")
                .append("| method | queries / review | explain ms / review | comprehensiveness AOPC ↑ |")
                .append(" sufficiency AOPC ↓ | comp − suff ↑ | comp. accuracy ↓ | suff. accuracy ↑ |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Curves>> e : byMethod.entrySet()) {
            List<Curves> cs = e.getValue();
            double[] comp = cs.stream().mapToDouble(Curves::aopcComprehensiveness).toArray();
            double[] suff = cs.stream().mapToDouble(Curves::aopcSufficiency).toArray();
            double[] diff = new double[comp.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = comp[i] - suff[i];
            }
            double[] c = cost.get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", c[0] / cs.size())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", c[1] / cs.size())).append(" | ")
                    .append(meanSe(comp)).append(" | ").append(meanSe(suff)).append(" | ")
                    .append(meanSe(diff)).append(" | ")
                    .append(meanSe(accuracy.get(e.getKey()).stream().mapToDouble(a -> a[0]).toArray())).append(" | ")
                    .append(meanSe(accuracy.get(e.getKey()).stream().mapToDouble(a -> a[1]).toArray())).append(" |\n");
        }
        md.append("\nMean drop at each k (comprehensiveness / sufficiency):\n\n| method |");
        for (int s = 1; s <= RankingFaithfulness.STEPS; s++) {
            md.append(" k=0.").append(s).append(" |");
        }
        md.append("\n|---|");
        for (int s = 1; s <= RankingFaithfulness.STEPS; s++) {
            md.append("---|");
        }
        md.append('\n');
        for (Map.Entry<String, List<Curves>> e : byMethod.entrySet()) {
            Curves m = RankingFaithfulness.mean(e.getValue());
            md.append("| ").append(e.getKey()).append(" |");
            for (int s = 0; s < RankingFaithfulness.STEPS; s++) {
                md.append(String.format(Locale.ROOT, " %.3f / %.3f |", m.comprehensiveness()[s],
                        m.sufficiency()[s]));
            }
            md.append('\n');
        }
        md.append("\nReproduce (from the repository root, after `mvn -o -q compile`):\n\n```\n")
                .append("OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java -cp target/classes:$(cat ")
                .append("target/classpath.txt) org.spex4j.study.RankingStudy");
        opt.forEach((k, v) -> md.append(' ').append(k).append(' ').append(v));
        md.append("\n```\n");
        return md.toString();
    }

    private static String meanSe(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double se = v.length > 1 ? Math.sqrt(ss / (v.length - 1) / v.length) : 0;
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, se);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static List<CSVRecord> reviews(int lo, int hi, int count) throws IOException {
        List<CSVRecord> out = new ArrayList<>();
        for (CSVRecord rec : Reviews.bundled()) {
            int n = Segmenter.words(rec.get("review")).size();
            if (n >= lo && n <= hi && out.size() < count) {
                out.add(rec);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no review has " + lo + "–" + hi + " words");
        }
        return out;
    }
}

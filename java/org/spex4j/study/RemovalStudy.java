package org.spex4j.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVRecord;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.baselines.Baselines;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.model.runtime.NativeThreads;
import org.spex4j.slalom.ExactFit;
import org.spex4j.slalom.ModelSequences;
import org.spex4j.slalom.SequenceValue;
import org.spex4j.slalom.SlalomExplainer;
import org.spex4j.slalom.SlalomModel;
import org.spex4j.slalom.SlalomOptions;
import org.spex4j.slalom.TokenTypes;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.Progress;
import org.spex4j.value.ValueFunction;

/**
 * The removal-prediction study (the paper's multi-removal protocol): on MiniLM's zero-shot sentiment log-odds, delete
 * k = 1..5 random words of a review ({@code sets} seeded sets per k), and compare each method's predicted change of
 * the output, f(x) − f(x without S), with the actual one. Every method gets the same number of model queries.
 *
 * <p>Deletion is the masker throughout: the baselines are fitted on the deletion value function, SLALOM on token
 * sequences (which a kept subset is). Predictions: SLALOM re-softmaxes over the remaining words (F(t) − F(t∖S));
 * "additive" sums the removal scores of S; the exact fit is {@link ExactFit} from 2K − 1 sequence queries (K word
 * types, far fewer than the others get); LIME and KernelSHAP evaluate their linear surrogate. Not part of the
 * test suite; run it with
 * <pre>
 *   java -cp "target/classes:$(cat target/classpath.txt)" org.spex4j.study.RemovalStudy \
 *       --reviews 10 --queries 500 --sets 20 --threads 1 --out docs/results/slalom/words-8-15
 *   java -cp "target/classes:$(cat target/classpath.txt)" org.spex4j.study.RemovalStudy \
 *       --reviews 10 --queries 500 --sets 20 --threads 1 --min-words 16 --max-words 31 \
 *       --out docs/results/slalom/words-16-31
 * </pre>
 * (after {@code ./spex} or {@code mvn -o package -DskipTests} has built target/classes and target/classpath.txt).
 */
public final class RemovalStudy {
    private RemovalStudy() {}

    /** One method's predictions of f(x) − f(x∖S) for every removal set of a review. */
    private interface Predictor {
        double[] predict(int[][] sets);
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--reviews", "10", "--queries", "500", "--sets", "20",
                "--threads", "1", "--min-words", "8", "--max-words", "15", "--seed", "0",
                "--out", "docs/results/slalom"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opt.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; valid: " + opt.keySet());
            }
            opt.put(args[i], args[i + 1]);
        }
        int reviews = Integer.parseInt(opt.get("--reviews")), queries = Integer.parseInt(opt.get("--queries"));
        int sets = Integer.parseInt(opt.get("--sets")), minWords = Integer.parseInt(opt.get("--min-words"));
        int maxWords = Integer.parseInt(opt.get("--max-words"));
        long seed = Long.parseLong(opt.get("--seed"));
        Path out = Path.of(opt.get("--out"));
        NativeThreads.setTorchThreads(Integer.parseInt(opt.get("--threads")));
        Files.createDirectories(out);

        List<String> texts = new ArrayList<>();
        for (CSVRecord rec : Reviews.bundled()) {
            int n = Integer.parseInt(rec.get("n"));
            if (n >= minWords && n <= maxWords && texts.size() < reviews) {
                texts.add(rec.get("review"));
            }
        }
        List<String> methods = List.of("SLALOM-eff", "SLALOM-eff additive", "SLALOM-eff 600 epochs",
                "SLALOM-fidel", "SLALOM-fidel additive", "SLALOM-fidel ALS iterated", "SLALOM exact fit (2K-1 queries)",
                "LIME", "KernelSHAP", "no change (0)");
        double[][] sq = new double[methods.size()][6];  // squared error sums per method and k
        long[] count = new long[6];
        double[] actualSq = new double[6];
        StringBuilder csv = new StringBuilder("review,words,k,set,actual");
        for (String m : methods) {
            csv.append(',').append(m);
        }
        csv.append('\n');
        long started = System.nanoTime();
        int undetermined = 0, typeCount = 0;
        try (TextModel model = Models.load("minilm", Kernels.Device.CPU)) {
            for (int rv = 0; rv < texts.size(); rv++) {
                String text = texts.get(rv);
                MaskedInput input = model.input(text, Granularity.WORDS, MaskMode.DELETE);
                int n = input.n();
                TextModel.ValueOptions vo = TextModel.ValueOptions.defaults();
                ValueFunction f = model.valueFunction(Task.SENTIMENT, input, vo);
                TokenTypes types = TokenTypes.of(input);
                SequenceValue seqs = new ModelSequences(model, Task.SENTIMENT, input, types, vo);
                long s = seed + 1000L * rv;

                // removal sets and their actual effects
                SplittableRandom random = new SplittableRandom(s);
                List<int[]> drops = new ArrayList<>();
                for (int k = 1; k <= 5 && k < n; k++) {
                    for (int q = 0; q < sets; q++) {
                        drops.add(random.ints(0, n).distinct().limit(k).toArray());
                    }
                }
                int[][] all = drops.toArray(new int[0][]);
                MaskBatch masks = MaskBatch.zeros(n, all.length + 1);
                for (int r = 0; r <= all.length; r++) {
                    for (int i = 0; i < n; i++) {
                        masks.set(r, i, true);
                    }
                    if (r > 0) {
                        for (int i : all[r - 1]) {
                            masks.set(r, i, false);
                        }
                    }
                }
                double[] y = f.evaluate(masks);
                double[] actual = new double[all.length];
                for (int r = 0; r < all.length; r++) {
                    actual[r] = y[0] - y[r + 1];
                }

                List<Predictor> predictors = new ArrayList<>();
                for (SlalomOptions o : List.of(SlalomOptions.efficient().withSamples(queries),
                        SlalomOptions.efficient().withSamples(queries).withEpochs(600),
                        SlalomOptions.fidelity().withSamples(queries),
                        SlalomOptions.fidelity().withSamples(queries).withAlsRounds(5000))) {
                    SlalomModel fitted = new SlalomExplainer("slalom", o).fit(seqs, types, s,
                            new BatchEvaluator(256, Progress.NONE, () -> false)).model();
                    Predictor resoftmax = sets2 -> slalomPredictions(fitted, types, sets2);
                    predictors.add(resoftmax);
                    if (o.epochs() == 60 && o.alsRounds() == 1) {
                        double[] removal = SlalomExplainer.explanation("slalom", fitted, types).build().scores()
                                .get("removal");
                        predictors.add(sets2 -> additive(removal, sets2));
                    }
                }
                ExactFit.Result exact = ExactFit.fit(seqs, types.types());
                undetermined += exact.undetermined();
                typeCount += types.types();
                predictors.add(sets2 -> slalomPredictions(exact.model(), types, sets2));
                for (String b : List.of("lime", "kernelshap")) {
                    Explanation e = Baselines.byName(b, 1).explain(Subject.builder(f, n).optMasksPerCall(256).build(),
                            queries, s);
                    predictors.add(sets2 -> surrogate(e.fourier(), n, sets2));
                }
                predictors.add(sets2 -> new double[sets2.length]);
                // order as the method list: eff, eff additive, eff 600, fidel, fidel additive, fidel iterated, ...
                double[][] pred = new double[predictors.size()][];
                for (int m = 0; m < pred.length; m++) {
                    pred[m] = predictors.get(m).predict(all);
                }
                for (int r = 0; r < all.length; r++) {
                    int k = all[r].length;
                    count[k]++;
                    actualSq[k] += actual[r] * actual[r];
                    csv.append(rv).append(',').append(n).append(',').append(k).append(',').append(r).append(',')
                            .append(fmt(actual[r]));
                    for (int m = 0; m < pred.length; m++) {
                        double e = pred[m][r] - actual[r];
                        sq[m][k] += e * e;
                        csv.append(',').append(fmt(pred[m][r]));
                    }
                    csv.append('\n');
                }
                System.err.printf(Locale.ROOT, "review %d/%d (%d words) done, %.0f s%n", rv + 1, texts.size(), n,
                        (System.nanoTime() - started) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.writeString(out.resolve("removal_runs.csv"), csv.toString());
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Removal-prediction MSE on MiniLM zero-shot sentiment log-odds: %d reviews"
                + " of %d-%d words from data/sentiment.csv (the first in file order), %d random deletion sets per k,"
                + " %d model queries per method, seed %d; %.0f s in all.%n%n", texts.size(), minWords, maxWords, sets,
                queries, seed, seconds));
        md.append("| method |");
        for (int k = 1; k <= 5; k++) {
            md.append(" k = ").append(k).append(" |");
        }
        md.append(" mean |\n|---|---|---|---|---|---|---|\n");
        for (int m = 0; m < methods.size(); m++) {
            md.append("| ").append(methods.get(m)).append(" |");
            double mean = 0;
            int ks = 0;
            for (int k = 1; k <= 5; k++) {
                double v = count[k] == 0 ? Double.NaN : sq[m][k] / count[k];
                md.append(String.format(Locale.ROOT, " %.3f |", v));
                if (count[k] > 0) {
                    mean += v;
                    ks++;
                }
            }
            md.append(String.format(Locale.ROOT, " %.3f |%n", mean / ks));
        }
        md.append("\nMean squared actual change per k (the \"no change\" row): ");
        for (int k = 1; k <= 5; k++) {
            md.append(String.format(Locale.ROOT, "%s%.3f", k == 1 ? "" : ", ", actualSq[k] / Math.max(1, count[k])));
        }
        md.append(String.format(Locale.ROOT, ".%nThe exact fit left %d of %d importances undetermined (a pair whose "
                + "ratio was not positive: MiniLM is not a SLALOM model).%n", undetermined, typeCount));
        Files.writeString(out.resolve("removal_table.md"), md.toString());
        System.out.print(md);
    }

    /** SLALOM's F(t) − F(t∖S) for each set S of features. */
    static double[] slalomPredictions(SlalomModel m, TokenTypes types, int[][] sets) {
        double full = m.predict(types.fullSequence());
        double[] out = new double[sets.length];
        for (int r = 0; r < sets.length; r++) {
            boolean[] keep = new boolean[types.n()];
            Arrays.fill(keep, true);
            for (int i : sets[r]) {
                keep[i] = false;
            }
            out[r] = full - m.predict(types.sequence(keep));
        }
        return out;
    }

    private static double[] additive(double[] scores, int[][] sets) {
        double[] out = new double[sets.length];
        for (int r = 0; r < sets.length; r++) {
            for (int i : sets[r]) {
                out[r] += scores[i];
            }
        }
        return out;
    }

    /** g(all kept) − g(S deleted) for a surrogate g. */
    private static double[] surrogate(SparseCoefficients g, int n, int[][] sets) {
        MaskBatch masks = MaskBatch.zeros(n, sets.length + 1);
        for (int r = 0; r <= sets.length; r++) {
            for (int i = 0; i < n; i++) {
                masks.set(r, i, true);
            }
            if (r > 0) {
                for (int i : sets[r - 1]) {
                    masks.set(r, i, false);
                }
            }
        }
        double[] v = g.evaluate(masks);
        double[] out = new double[sets.length];
        for (int r = 0; r < sets.length; r++) {
            out[r] = v[0] - v[r + 1];
        }
        return out;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }
}

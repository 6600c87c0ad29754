package org.spex4j.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.InteractionIndices;
import org.spex4j.math.SparseCoefficients;

/**
 * The HTML summary of a data set's explanations ({@code explain-dataset --html}), one self-contained page: global
 * importance per word type (mean |Shapley value| and count, with every occurrence as a dot, like SHAP's bar and
 * beeswarm summaries), the pairs of word types that most often appear among a row's strongest interactions, and
 * the rows that could not be explained.
 */
public final class DatasetReport {
    /** Word types and pairs listed. */
    public static final int TOP = 30;
    /** Pairwise terms per row that count as its strong interactions. */
    public static final int PAIRS_PER_ROW = 3;

    private DatasetReport() {}

    /** One record: its id, its features' text and its Fourier terms, or its error (then features and fourier null). */
    public record Row(String id, List<String> features, SparseCoefficients fourier, String error) {}

    /** What the page shows for one word type. */
    record TypeStats(String type, List<Double> values) {
        double meanAbs() {
            return values.stream().mapToDouble(Math::abs).average().orElse(0);
        }

        double mean() {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }

    /** A pair of word types among rows' strongest interactions. */
    record PairStats(String pair, List<Double> values) {}

    /** A word as a type: lower case, without the punctuation around it ("Offers → offers, education." → education). */
    static String type(String word) {
        String t = word.toLowerCase(Locale.ROOT).replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
        return t.isEmpty() ? word.strip() : t;
    }

    /** Word types by mean |Shapley value|, those seen at least {@code minCount} times. */
    static List<TypeStats> types(List<Row> rows, int minCount) {
        Map<String, List<Double>> byType = new HashMap<>();
        for (Row r : rows) {
            if (r.fourier() == null) {
                continue;
            }
            double[] sv = InteractionIndices.shapleyFromFourier(r.fourier());
            for (int i = 0; i < sv.length && i < r.features().size(); i++) {
                byType.computeIfAbsent(type(r.features().get(i)), k -> new ArrayList<>()).add(sv[i]);
            }
        }
        List<TypeStats> out = new ArrayList<>();
        byType.forEach((t, v) -> {
            if (v.size() >= minCount) {
                out.add(new TypeStats(t, v));
            }
        });
        out.sort(Comparator.comparingDouble(TypeStats::meanAbs).reversed().thenComparing(TypeStats::type));
        return out;
    }

    /** Pairs of word types among each row's {@link #PAIRS_PER_ROW} largest |FSII| pairs, most frequent first. */
    static List<PairStats> pairs(List<Row> rows) {
        Map<String, List<Double>> byPair = new HashMap<>();
        for (Row r : rows) {
            if (r.fourier() == null || r.features().size() < 2) {
                continue;
            }
            SparseCoefficients fsii = InteractionIndices.compute(r.fourier(), Index.FSII, 2).order(2);
            int taken = 0;
            for (Map.Entry<FeatureSet, Double> t : fsii.topK(fsii.size())) {
                if (t.getKey().size() != 2 || taken == PAIRS_PER_ROW) {
                    continue;
                }
                String a = type(r.features().get(t.getKey().get(0)));
                String b = type(r.features().get(t.getKey().get(1)));
                String pair = a.compareTo(b) <= 0 ? a + " × " + b : b + " × " + a;
                byPair.computeIfAbsent(pair, k -> new ArrayList<>()).add(t.getValue());
                taken++;
            }
        }
        List<PairStats> out = new ArrayList<>();
        byPair.forEach((p, v) -> out.add(new PairStats(p, v)));
        out.sort(Comparator.comparingInt((PairStats p) -> p.values().size()).reversed()
                .thenComparing(Comparator.comparingDouble((PairStats p) -> p.values().stream()
                        .mapToDouble(Math::abs).sum()).reversed())
                .thenComparing(PairStats::pair));
        return out;
    }

    /** The page; {@code meta} (model, options, ...) is listed at its foot. */
    public static String render(List<Row> rows, Map<String, String> meta) {
        long errors = rows.stream().filter(r -> r.error() != null).count();
        int minCount = rows.size() - errors >= 20 ? 3 : 1;  // a rare word's one large value is not global importance
        List<TypeStats> types = types(rows, minCount);
        List<TypeStats> shown = types.subList(0, Math.min(TOP, types.size()));
        double scale = 1e-12;
        for (TypeStats t : shown) {
            for (double v : t.values()) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double maxMean = shown.isEmpty() ? 1 : Math.max(1e-12, shown.get(0).meanAbs());
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spex4j data set report"
                + "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:"
                + "collapse}td,th{padding:2px 8px;text-align:left}td.num{text-align:right;font-variant-numeric:"
                + "tabular-nums}.bar{background:#5b8def;height:10px;display:inline-block}</style></head><body>\n");
        h.append(String.format(Locale.ROOT, "<h1>Explanations of %d rows</h1>\n<p>%d explained, %d errors.</p>\n",
                rows.size(), rows.size() - errors, errors));
        h.append("<h2 id=\"types\">Word types by mean |Shapley value|</h2>\n<p>Each dot is one occurrence (left: "
                + "lowers the output, right: raises it)").append(minCount > 1 ? "; types seen at least " + minCount
                + " times" : "").append(".</p>\n<table><tr><th>word type</th><th>mean |SV|</th><th></th>"
                + "<th>mean SV</th><th>count</th><th>occurrences</th></tr>\n");
        for (TypeStats t : shown) {
            h.append("<tr><td>").append(HtmlReport.escape(t.type())).append(String.format(Locale.ROOT,
                    "</td><td class=\"num\">%.4f</td><td><span class=\"bar\" style=\"width:%.0fpx\"></span></td>"
                            + "<td class=\"num\">%+.4f</td><td class=\"num\">%d</td><td>", t.meanAbs(),
                    120 * t.meanAbs() / maxMean, t.mean(), t.values().size()));
            h.append("<svg width=\"240\" height=\"14\"><line x1=\"120\" y1=\"0\" x2=\"120\" y2=\"14\" "
                    + "stroke=\"#999\"/>");
            for (double v : t.values()) {
                h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"7\" r=\"3\" fill=\"%s\" "
                        + "fill-opacity=\"0.5\"/>", 120 + 115 * v / scale, v >= 0 ? "#d62728" : "#1f77b4"));
            }
            h.append("</svg></td></tr>\n");
        }
        h.append("</table>\n");
        List<PairStats> pairs = pairs(rows);
        h.append("<h2 id=\"pairs\">Frequent strong interactions</h2>\n<p>Pairs of word types among each row's ")
                .append(PAIRS_PER_ROW).append(" largest pairwise FSII terms.</p>\n<table><tr><th>pair</th>"
                        + "<th>rows</th><th>mean FSII</th></tr>\n");
        for (PairStats p : pairs.subList(0, Math.min(TOP, pairs.size()))) {
            h.append("<tr><td>").append(HtmlReport.escape(p.pair())).append(String.format(Locale.ROOT,
                    "</td><td class=\"num\">%d</td><td class=\"num\">%+.4f</td></tr>\n", p.values().size(),
                    p.values().stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        }
        h.append("</table>\n<h2 id=\"errors\">Rows not explained</h2>\n");
        if (errors == 0) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>id</th><th>error</th></tr>\n");
            rows.stream().filter(r -> r.error() != null).limit(200).forEach(r -> h.append("<tr><td>")
                    .append(HtmlReport.escape(r.id())).append("</td><td>").append(HtmlReport.escape(r.error()))
                    .append("</td></tr>\n"));
            h.append("</table>\n");
            if (errors > 200) {
                h.append("<p>(the first 200 of ").append(errors).append(")</p>\n");
            }
        }
        h.append("<h2>Run</h2>\n<table>\n");
        meta.forEach((k, v) -> h.append("<tr><th>").append(HtmlReport.escape(k)).append("</th><td>")
                .append(HtmlReport.escape(v)).append("</td></tr>\n"));
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }
}

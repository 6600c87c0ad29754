package org.spex4j.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.spex4j.api.Explanation;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;

/**
 * A self-contained HTML report of an explanation: the text as a diverging heatmap of per-feature values, the top
 * interactions as arcs between the features they join (inline SVG), a table of the top-k terms, and the run's
 * metadata. No script and no network: everything is in the one file and readable without JavaScript.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /**
     * @param perFeature the index whose first-order values colour the text (e.g. SV, BV, FSII)
     * @param interactions the index listed and drawn as arcs, at {@code order}
     * @param metadata   shown as a table (model, task, method, ...), in insertion order
     */
    public static String render(Explanation e, Index perFeature, Index interactions, int order, int top,
            Map<String, String> metadata) {
        List<String> words = e.features() != null ? e.features() : defaultNames(e.n());
        // a method with its own per-feature scores (SLALOM, NormXLogit, ...) is coloured by them
        boolean own = !e.scores().isEmpty();
        double[] values = own ? e.ranking() : firstOrder(e, perFeature, order);
        String valuesLabel = own ? e.rankingName() : label(perFeature);
        SparseCoefficients inter = e.interactions(interactions, order);
        List<Map.Entry<FeatureSet, Double>> topTerms = new ArrayList<>();   // the table: any order >= 1
        List<Map.Entry<FeatureSet, Double>> topJoint = new ArrayList<>();   // the arcs: order >= 2
        for (Map.Entry<FeatureSet, Double> t : inter.entries()) {
            if (!t.getKey().isEmpty() && topTerms.size() < top) {
                topTerms.add(t);
            }
            if (t.getKey().size() >= 2 && topJoint.size() < top) {
                topJoint.add(t);
            }
        }
        double scale = 1e-12;
        for (double v : values) {
            scale = Math.max(scale, Math.abs(v));
        }

        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>spex4j explanation</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}")
                .append(".text{line-height:2.1em;font-size:1.05em}")
                .append(".f{padding:.15em .2em;border-radius:.25em;margin:0 .05em}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;")
                .append("text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".legend span{display:inline-block;width:2.2em;height:1em}")
                .append(".warning{background:#fff4ce;border-left:.3em solid #c90;padding:.4em .8em}")
                .append("</style></head><body>\n");
        h.append("<h1>What drives the output</h1>\n");
        for (String w : e.warnings()) {
            h.append("<p class=\"warning\">Warning: ").append(escape(w)).append("</p>\n");
        }
        h.append("<h2>Features, coloured by ").append(escape(valuesLabel)).append("</h2>\n");
        // SHAP's convention, which users already read: red raises the output, blue lowers it
        h.append("<p class=\"legend\">lowers f <span style=\"background:").append(color(-1)).append("\"></span>")
                .append("<span style=\"background:").append(color(0)).append("\"></span>")
                .append("<span style=\"background:").append(color(1)).append("\"></span> raises f")
                .append(String.format(Locale.ROOT, " (full scale ±%.4g)", scale)).append("</p>\n");
        h.append("<p class=\"text\" id=\"heatmap\">");
        for (int i = 0; i < words.size(); i++) {
            h.append("<span class=\"f\" data-feature=\"").append(i).append("\" data-value=\"")
                    .append(String.format(Locale.ROOT, "%.6g", values[i])).append("\" title=\"")
                    .append(escape(words.get(i) + ": " + valuesLabel)).append(String.format(Locale.ROOT, " %.4g", values[i]))
                    .append("\" style=\"background:").append(color(values[i] / scale)).append("\">")
                    .append(escape(words.get(i))).append("</span> ");
        }
        h.append("</p>\n");

        if (!own) {
            h.append(waterfall(e, words, values, valuesLabel, top));
        }
        if (e.maxOrder() >= 2) {  // a per-feature method has no interactions: no empty section
            h.append("<h2>Top interactions (").append(label(interactions)).append(", order ≤ ").append(order)
                    .append(")</h2>\n");
            if (!label(interactions).equals(valuesLabel)) {  // say why the table's order-1 values differ
                h.append("<p class=\"note\">The words above are coloured by ").append(escape(valuesLabel))
                        .append("; this table lists ").append(label(interactions)).append(" up to order ")
                        .append(order).append(", whose values for single features differ from them.</p>\n");
            }
            h.append(arcs(words, topJoint, label(interactions)));
            h.append("<table id=\"top\"><thead><tr><th>#</th><th>features</th><th>words</th><th>")
                    .append(label(interactions)).append("</th></tr></thead><tbody>\n");
            int rank = 1;
            for (Map.Entry<FeatureSet, Double> t : topTerms) {
                h.append("<tr><td class=\"num\">").append(rank++).append("</td><td>").append(t.getKey())
                        .append("</td><td>").append(escape(joinWords(words, t.getKey())))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.6g", t.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }

        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putIfAbsent("method", e.method());
        meta.put("n (features)", String.valueOf(e.n()));
        if (e.b() != null) {
            meta.put("b", String.valueOf(e.b()));
        }
        meta.put("t (max order)", String.valueOf(e.maxOrder()));
        meta.put("queries", e.queries() + " (" + e.distinctQueries() + " distinct)");
        if (e.baseline() != null) {
            meta.put("f(all masked)", String.format(Locale.ROOT, "%.6g", e.baseline()));
        }
        if (e.full() != null) {
            meta.put("f(all kept)", String.format(Locale.ROOT, "%.6g", e.full()));
        }
        if (e.target() != null) {
            meta.put("f", e.target());
        }
        if (e.faithfulness() != null) {
            meta.put("faithfulness R²", String.format(Locale.ROOT, "%.4f on %d random masks", e.faithfulness().r2(),
                    e.faithfulness().masks()));
        }
        List<String> timing = new ArrayList<>();
        e.timingMillis().forEach((k, v) -> timing.add(String.format(Locale.ROOT, "%s %.1f ms", k, v)));
        meta.put("timings", String.join("; ", timing));
        h.append("<h2>Run</h2>\n<table id=\"meta\"><tbody>\n");
        meta.forEach((k, v) -> h.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        h.append("</tbody></table>\n<p><small>spex4j — ").append(escape(e.method().equals("spex")
                ? "SPEX (arXiv 2502.13870)" : e.method())).append("</small></p>\n</body></html>\n");
        return h.toString();
    }

    /**
     * SHAP's waterfall: from the surrogate's f(all masked), each of the {@code top} largest per-feature values in
     * turn, the rest together, to the surrogate's f(all kept). Shapley values add up to that difference exactly
     * (efficiency); other indices need not, and the last row says by how much they miss.
     */
    static String waterfall(Explanation e, List<String> words, double[] values, String valuesLabel, int top) {
        double masked = 0, kept = 0;  // f(m) = Σ F(k)(-1)^<m,k>, bit 1 keeps: all masked is Σ F(k)
        for (Map.Entry<FeatureSet, Double> t : e.fourier().entries()) {
            masked += t.getValue();
            kept += t.getKey().size() % 2 == 0 ? t.getValue() : -t.getValue();
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[b]), Math.abs(values[a])));
        List<String> names = new ArrayList<>();
        List<Double> steps = new ArrayList<>();
        double rest = 0;
        int restCount = 0;
        for (int q = 0; q < order.length; q++) {
            if (q < top) {
                names.add(words.get(order[q]) + " [" + order[q] + "]");
                steps.add(values[order[q]]);
            } else {
                rest += values[order[q]];
                restCount++;
            }
        }
        if (restCount > 0) {
            names.add(restCount + (restCount == 1 ? " other feature" : " other features"));
            steps.add(rest);
        }
        double lo = Math.min(masked, kept), hi = Math.max(masked, kept), at = masked;
        for (double v : steps) {
            at += v;
            lo = Math.min(lo, at);
            hi = Math.max(hi, at);
        }
        double span = Math.max(hi - lo, 1e-12);
        StringBuilder w = new StringBuilder("<h2>From f(all masked) to f(all kept), by ").append(escape(valuesLabel))
                .append("</h2>\n<table id=\"waterfall\"><tbody>\n");
        w.append(row("f(all masked), surrogate", String.format(Locale.ROOT, "%.4g", masked), masked, masked, lo, span,
                "#888"));
        at = masked;
        for (int r = 0; r < steps.size(); r++) {
            double from = at;
            at += steps.get(r);
            w.append(row(names.get(r), String.format(Locale.ROOT, "%+.4g", steps.get(r)), from, at, lo, span,
                    color(steps.get(r) >= 0 ? 1 : -1)));
        }
        w.append(row("f(all kept), surrogate", String.format(Locale.ROOT, "%.4g", kept), kept, kept, lo, span,
                "#888"));
        w.append("</tbody></table>\n");
        if (Math.abs(at - kept) > 1e-9 * Math.max(1, Math.abs(kept))) {
            w.append(String.format(Locale.ROOT, "<p class=\"note\">The %s values add up to %.4g, not to f(all "
                    + "kept) = %.4g: only Shapley values always do.</p>\n", escape(valuesLabel), at, kept));
        }
        return w.toString();
    }

    private static String row(String name, String value, double from, double to, double lo, double span,
            String colour) {
        double left = 100 * (Math.min(from, to) - lo) / span, width = Math.max(0.4, 100 * Math.abs(to - from) / span);
        return String.format(Locale.ROOT, "<tr><th>%s</th><td class=\"num\">%s</td><td style=\"width:30em\">"
                + "<div style=\"margin-left:%.2f%%;width:%.2f%%;height:.9em;background:%s\"></div></td></tr>%n",
                escape(name), value, left, Math.min(width, 100 - left), colour);
    }

    /** Per-feature values of an index: its order-1 terms (SV and BV via their Fourier closed forms). */
    static double[] firstOrder(Explanation e, Index index, int order) {
        switch (index) {
            case SV:
                return e.shapleyValues();
            case BV:
                return e.banzhafValues();
            default:
                double[] out = new double[e.n()];
                SparseCoefficients c = e.interactions(index, Math.max(order, 1));
                for (Map.Entry<FeatureSet, Double> t : c.entries()) {
                    if (t.getKey().size() == 1) {
                        out[t.getKey().get(0)] = t.getValue();
                    }
                }
                return out;
        }
    }

    /** An SVG of the features that appear in the top interactions, in text order, with one arc per pair. */
    static String arcs(List<String> words, List<Map.Entry<FeatureSet, Double>> terms, String valueLabel) {
        TreeSet<Integer> used = new TreeSet<>();
        double max = 1e-12;
        for (Map.Entry<FeatureSet, Double> t : terms) {
            if (t.getKey().size() >= 2) {
                for (int i = 0; i < t.getKey().size(); i++) {
                    used.add(t.getKey().get(i));
                }
                max = Math.max(max, Math.abs(t.getValue()));
            }
        }
        if (used.isEmpty()) {
            return "<p>No interaction of order 2 or more was found.</p>\n";
        }
        Map<Integer, Double> x = new LinkedHashMap<>();
        double at = 10;
        StringBuilder labels = new StringBuilder();
        for (int f : used) {
            String w = words.get(f);
            double width = 8.5 * Math.min(w.length(), 24) + 14;
            x.put(f, at + width / 2);
            labels.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"150\" text-anchor=\"middle\" font-size=\"14\">%s</text>", at + width / 2,
                    escape(w.length() > 24 ? w.substring(0, 23) + "…" : w)));
            at += width;
        }
        // one arc per consecutive pair of a term's members; heights by span rank, so no two arcs coincide
        List<double[]> arcs = new ArrayList<>();   // x1, x2, value, term index
        for (int ti = 0; ti < terms.size(); ti++) {
            FeatureSet k = terms.get(ti).getKey();
            for (int a = 0; k.size() >= 2 && a + 1 < k.size(); a++) {
                arcs.add(new double[] {x.get(k.get(a)), x.get(k.get(a + 1)), terms.get(ti).getValue(), ti});
            }
        }
        List<double[]> bySpan = new ArrayList<>(arcs);
        bySpan.sort((p, q) -> Double.compare(p[1] - p[0], q[1] - q[0]));
        // the page's width decides: the drawing scales down to it instead of scrolling
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"arcs\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f 165\" width=\"100%%\" "
                        + "style=\"max-width:%.0fpx\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" "
                        + "aria-label=\"interaction arcs\">", at + 10, at + 10));
        for (int r = 0; r < bySpan.size(); r++) {
            double[] arc = bySpan.get(r);
            double hgt = 15 + 110.0 * (r + 1) / bySpan.size();
            FeatureSet k = terms.get((int) arc[3]).getKey();
            double w = 1 + 5 * Math.abs(arc[2]) / max;
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"M %.1f 132 Q %.1f %.1f %.1f 132\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\" "
                            + "stroke-opacity=\"0.75\"><title>%s %s: %s %.4g</title></path>",
                    arc[0], (arc[0] + arc[1]) / 2, 132 - 2 * hgt, arc[1], color(arc[2] >= 0 ? 1 : -1), w,
                    escape(joinWords(words, k)), k, escape(valueLabel), arc[2]));
        }
        return svg.append(labels).append("</svg>\n").append("<p class=\"legend\" id=\"arcs-legend\">Arcs join the"
                + " words of one interaction: <span style=\"background:").append(color(1)).append("\"></span> "
                + "raises f, <span style=\"background:").append(color(-1)).append("\"></span> lowers it; width "
                + "grows with |").append(escape(valueLabel)).append("|. Hover an arc for its words and value.</p>\n")
                .toString();
    }

    static String joinWords(List<String> words, FeatureSet k) {
        if (k.isEmpty()) {
            return "(constant)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k.size(); i++) {
            sb.append(i == 0 ? "" : " × ").append(words.get(k.get(i)));
        }
        return sb.toString();
    }

    /** SHAP's colours: red (#ff0051) for positive, blue (#008bfb) for negative, white at zero; v in [-1, 1]. */
    static String color(double v) {
        v = Math.max(-1, Math.min(1, v));
        int[] end = v >= 0 ? new int[] {0xff, 0x00, 0x51} : new int[] {0x00, 0x8b, 0xfb};
        double a = Math.abs(v);
        int r = (int) Math.round(255 - a * (255 - end[0]));
        int g = (int) Math.round(255 - a * (255 - end[1]));
        int b = (int) Math.round(255 - a * (255 - end[2]));
        return String.format("#%02x%02x%02x", r, g, b);
    }

    static String label(Index index) {
        switch (index) {
            case SV: return "Shapley value";
            case BV: return "Banzhaf value";
            case FOURIER: return "Fourier coefficient";
            case MOBIUS: return "Möbius coefficient";
            default: return index.name();
        }
    }

    static List<String> defaultNames(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("x" + i);
        }
        return out;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}

package org.spex4j.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        List<Map.Entry<FeatureSet, Double>> topPairs = new ArrayList<>();   // the network: order 2
        for (Map.Entry<FeatureSet, Double> t : inter.entries()) {
            if (!t.getKey().isEmpty() && topTerms.size() < top) {
                topTerms.add(t);
            }
            if (t.getKey().size() >= 2 && topJoint.size() < top) {
                topJoint.add(t);
            }
            if (t.getKey().size() == 2 && t.getValue() != 0 && topPairs.size() < top) {
                topPairs.add(t);
            }
        }
        double scale = maxAbs(values);

        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>spex4j explanation</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}")
                .append(".text{line-height:2.1em;font-size:1.05em}")
                .append(".f{padding:.15em .2em;border-radius:.25em;margin:0 .05em;-webkit-box-decoration-break:clone;"
                        + "box-decoration-break:clone}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;")
                .append("text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".legend span{display:inline-block;width:2.2em;height:1em}")
                .append(".warning{background:#fff4ce;border-left:.3em solid #c90;padding:.4em .8em}")
                .append(".prediction{font-size:1.15em;border-left:.3em solid #888;padding:.1em .8em}")
                .append("svg text{font-family:system-ui,sans-serif}")
                .append("</style></head><body>\n");
        h.append("<h1>What drives the output</h1>\n");
        for (String w : e.warnings()) {
            h.append("<p class=\"warning\">Warning: ").append(escape(w)).append("</p>\n");
        }
        h.append(prediction(e)).append(outputs(e, words));
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
            h.append(network(words, values, valuesLabel, topPairs, label(interactions)));
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
        String asked = meta.get("method");  // the footer and this row name the method that ran
        meta.put("method", asked == null || asked.equals(e.method()) ? e.method()
                : e.method() + " (asked for " + asked + ")");
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
        h.append("</tbody></table>\n<p id=\"footer\"><small>spex4j")
                .append(e.provenance() != null ? " " + escape(e.provenance().version()) : "").append(" — method run: ")
                .append(escape(e.method().equals("spex") ? "SPEX (arXiv 2502.13870)" : e.method()))
                .append("</small></p>\n</body></html>\n");
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
        Integer[] order = byMagnitude(values);
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
        double width = Math.max(0.4, 100 * Math.abs(to - from) / span);  // a mark at least, the ends included
        double left = Math.min(100 * (Math.min(from, to) - lo) / span, 100 - width);
        return String.format(Locale.ROOT, "<tr><th>%s</th><td class=\"num\">%s</td><td style=\"width:30em\">"
                + "<div style=\"margin-left:%.2f%%;width:%.2f%%;height:.9em;background:%s\"></div></td></tr>%n",
                escape(name), value, left, width, colour);
    }

    /** A classifier's log-odds target: "log-odds of class "LABEL" (index c of k) …" (its predicted class or not). */
    private static final Pattern CLASS = Pattern.compile("^log-odds of class \"(.*?)\" \\(index \\d+ of \\d+\\)");
    /** A zero-shot target: "log-odds of "A" over "B" …"; f ≥ 0 favours A. */
    private static final Pattern OVER = Pattern.compile("^log-odds of \"(.*?)\" over \"(.*?)\"");
    /** A TorchScript classifier's target: "log-odds of output class c against the others". */
    private static final Pattern OUTPUT_CLASS = Pattern.compile("^log-odds of (output class \\d+)");
    /** TextGenSHAP's per-output scores: {@code shapley[y<k>="text"]}, y* marked {@code y<k>*}. */
    private static final Pattern OUTPUT_SCORE = Pattern.compile("^shapley\\[y(\\d+)(\\*?)=\"(.*)\"\\]$",
            Pattern.DOTALL);

    /**
     * The output explained, up front: what f is, its value on the whole input and, for a log-odds target, the class
     * and its probability. A log-odds log p − log(1 − p) inverts to p = σ(f), so p comes from f(all kept).
     */
    static String prediction(Explanation e) {
        if (e.target() == null || e.full() == null) {
            return "";
        }
        StringBuilder p = new StringBuilder("<div class=\"prediction\" id=\"prediction\">");
        double f = e.full(), prob = 1 / (1 + Math.exp(-f));
        Matcher m;
        if ((m = CLASS.matcher(e.target())).find()) {
            boolean predicted = e.target().contains("(its predicted class)");
            p.append(String.format(Locale.ROOT, "<p>%s class: <b>%s</b>, p = <b>%.4f</b></p>",
                    predicted ? "Predicted" : "Explained", escape(m.group(1)), prob));
        } else if ((m = OVER.matcher(e.target())).find()) {
            p.append(String.format(Locale.ROOT, "<p>Predicted: <b>“%s”</b>, p = <b>%.4f</b> against “%s”</p>",
                    escape(m.group(f >= 0 ? 1 : 2)), f >= 0 ? prob : 1 - prob, escape(m.group(f >= 0 ? 2 : 1))));
        } else if ((m = OUTPUT_CLASS.matcher(e.target())).find()) {
            p.append(String.format(Locale.ROOT, "<p>Explained: <b>%s</b>, p = <b>%.4f</b></p>", escape(m.group(1)),
                    prob));
        }
        for (String score : e.scores().names()) {  // TextGenSHAP: the generated output explained
            if ((m = OUTPUT_SCORE.matcher(score)).find() && !m.group(2).isEmpty()) {
                p.append("<p>Output explained: <b>y* = “").append(escape(m.group(3))).append("”</b></p>");
            }
        }
        return p.append(String.format(Locale.ROOT, "<p>f = %s; f(all kept) = %.4g</p></div>\n", escape(e.target()),
                f)).toString();
    }

    /**
     * TextGenSHAP's outputs: y*, the greedy output of the whole input that the colours explain, and the other
     * outputs the masked inputs gave, each with the features that raise it most (its own Shapley values).
     */
    static String outputs(Explanation e, List<String> words) {
        StringBuilder o = new StringBuilder();
        for (Map.Entry<String, double[]> s : e.scores().asMap().entrySet()) {
            Matcher m = OUTPUT_SCORE.matcher(s.getKey());
            if (!m.find()) {
                continue;
            }
            boolean star = !m.group(2).isEmpty();
            double[] v = s.getValue();
            Integer[] order = byMagnitude(v);
            List<String> raising = new ArrayList<>();
            for (int q = 0; q < order.length && raising.size() < 3; q++) {
                if (v[order[q]] > 0) {
                    raising.add(String.format(Locale.ROOT, "%s [%d] %+.3f", words.get(order[q]), order[q],
                            v[order[q]]));
                }
            }
            o.append("<tr").append(star ? " class=\"explained\"" : "").append("><th>y").append(m.group(1))
                    .append(star ? "* (explained)" : "").append("</th><td>“").append(escape(m.group(3)))
                    .append("”</td><td>").append(escape(String.join("; ", raising))).append("</td></tr>\n");
        }
        if (o.length() == 0) {
            return "";
        }
        return "<h2>Outputs</h2>\n<p>The generated outputs, y* (the whole input's, explained by the colours below) "
                + "and the most frequent others among the masked inputs.</p>\n<table id=\"outputs\"><thead><tr>"
                + "<th>output</th><th>text</th><th>raised most by (Shapley value for it)</th></tr></thead><tbody>\n"
                + o + "</tbody></table>\n";
    }

    /** The largest |value|, at least 1e-12 (a scale to divide by). */
    static double maxAbs(double[] values) {
        double max = 1e-12;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** Feature indices, largest |value| first. */
    static Integer[] byMagnitude(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[b]), Math.abs(values[a])));
        return order;
    }

    /**
     * shapiq's network plot as inline SVG: the features of the top order-2 terms as nodes on a circle, in text
     * order clockwise from the top, filled and sized by their per-feature value; an edge per pair, coloured by its
     * sign and as wide as its magnitude. Empty when no pair was found.
     */
    static String network(List<String> words, double[] values, String valuesLabel,
            List<Map.Entry<FeatureSet, Double>> pairs, String pairLabel) {
        if (pairs.isEmpty()) {
            return "";
        }
        TreeSet<Integer> used = new TreeSet<>();
        double maxEdge = 1e-12, maxNode = 1e-12;
        for (Map.Entry<FeatureSet, Double> t : pairs) {
            used.add(t.getKey().get(0));
            used.add(t.getKey().get(1));
            maxEdge = Math.max(maxEdge, Math.abs(t.getValue()));
        }
        for (int f : used) {
            maxNode = Math.max(maxNode, Math.abs(values[f]));
        }
        double scale = maxAbs(values);  // fills on the heatmap's scale
        final double cx = 380, cy = 230, radius = 150;
        Map<Integer, double[]> at = new LinkedHashMap<>();
        int k = 0;
        for (int f : used) {
            double angle = 2 * Math.PI * k++ / used.size() - Math.PI / 2;
            at.put(f, new double[] {cx + radius * Math.cos(angle), cy + radius * Math.sin(angle), angle});
        }
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<h3>Interaction network</h3>\n<svg id=\"network\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" style=\"max-width:"
                + "%.0fpx\" role=\"img\" aria-label=\"interaction network\">", 2 * cx, 2 * cy, 1.5 * cx));
        List<Map.Entry<FeatureSet, Double>> weakFirst = new ArrayList<>(pairs);
        weakFirst.sort((p, q) -> Double.compare(Math.abs(p.getValue()), Math.abs(q.getValue())));
        for (Map.Entry<FeatureSet, Double> t : weakFirst) {
            double[] a = at.get(t.getKey().get(0)), b = at.get(t.getKey().get(1));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"%.2f\" stroke-opacity=\"0.7\"><title>%s %s: %s %.4g</title></line>", a[0], a[1],
                    b[0], b[1], color(t.getValue() >= 0 ? 1 : -1), 1 + 9 * Math.abs(t.getValue()) / maxEdge,
                    escape(joinWords(words, t.getKey())), t.getKey(), escape(pairLabel), t.getValue()));
        }
        for (Map.Entry<Integer, double[]> node : at.entrySet()) {
            int f = node.getKey();
            double x = node.getValue()[0], y = node.getValue()[1], cos = Math.cos(node.getValue()[2]);
            double r = 7 + 11 * Math.abs(values[f]) / maxNode, lx = x + (r + 6) * cos;
            double ly = y + (r + 6) * Math.sin(node.getValue()[2]) + 5;
            String anchor = cos > 0.2 ? "start" : cos < -0.2 ? "end" : "middle";
            String w = words.get(f);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" "
                    + "stroke=\"#555\"><title>%s [%d]: %s %.4g</title></circle><text x=\"%.1f\" y=\"%.1f\" "
                    + "text-anchor=\"%s\" font-size=\"16\">%s</text>", x, y, r, color(values[f] / scale),
                    escape(w), f, escape(valuesLabel), values[f], lx, ly, anchor,
                    escape(w.length() > 24 ? w.substring(0, 23) + "…" : w)));
        }
        return svg.append("</svg>\n<p class=\"legend\" id=\"network-legend\">The network of the top order-2 terms: "
                + "nodes are features, filled by their ").append(escape(valuesLabel)).append(" and sized by its "
                + "magnitude; an edge joins the two features of a term, <span style=\"background:").append(color(1))
                .append("\"></span> raising f, <span style=\"background:").append(color(-1)).append("\"></span> "
                + "lowering it, as wide as its |").append(escape(pairLabel)).append("|.</p>\n").toString();
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

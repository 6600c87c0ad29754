package org.spex4j.patchscopes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.spex4j.patchscopes.TokenIdentity.Expected;

/**
 * The result of a {@link LayerSweep}: mean Precision@1 and mean surprisal (nats) for every (source layer l, target
 * layer l*) in {@code 0..L} x {@code 0..L}, with writers for Markdown, JSON and an HTML heatmap.
 *
 * @param precision    {@code [l][l*]} the fraction of samples whose patched top-1 token is the expected one
 * @param surprisal    {@code [l][l*]} the mean surprisal as {@link TokenIdentity.Expected} defines it
 * @param lensPrecision {@code [l]} Precision@1 of the logit lens (final norm and LM head on h), the baseline
 * @param lensSurprisal {@code [l]} its mean surprisal
 * @param affinePrecision {@code [l]} Precision@1 of the cross-fitted affine map to layer L followed by the lens, or
 *     null when the sweep had too few samples to fit it
 * @param affineSurprisal {@code [l]} its mean surprisal, or null
 * @param topTokens    {@code [l][l*]} the patched top-1 token's text when the sweep had one sample, else null
 * @param millis       wall time of the sweep (source and target forwards)
 */
public record SweepTable(Expected expected, String targetPrompt, int targetPosition, int samples, int sourcePrompts,
        double[][] precision, double[][] surprisal, double[] lensPrecision, double[] lensSurprisal,
        double[] affinePrecision, double[] affineSurprisal, String[][] topTokens, double millis) {

    /** L + 1, the number of layers on each axis. */
    public int layers() {
        return precision.length;
    }

    /** Precision@1 with l* = l, the paper's per-layer token-identity curve. */
    public double[] diagonal() {
        double[] d = new double[layers()];
        for (int l = 0; l < d.length; l++) {
            d[l] = precision[l][l];
        }
        return d;
    }

    /** Per source layer, the best Precision@1 over target layers. */
    public double[] bestOverTargets() {
        double[] d = new double[layers()];
        for (int l = 0; l < d.length; l++) {
            for (double p : precision[l]) {
                d[l] = Math.max(d[l], p);
            }
        }
        return d;
    }

    /** Two Markdown tables (rows: source layer l; columns: target layer l*). */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Expected: %s; target prompt \"%s\" patched at position %d; %d samples "
                + "from %d source prompts; %.0f ms.%n%n", expected.label(), targetPrompt, targetPosition, samples,
                sourcePrompts, millis));
        table(b, "Precision@1", precision, "%.3f");
        b.append('\n');
        table(b, "Mean surprisal (nats)", surprisal, "%.2f");
        if (topTokens != null) {
            b.append('\n').append("Top-1 patched token, l \\ l*");
            header(b);
            for (int l = 0; l < layers(); l++) {
                b.append("| ").append(l).append(" |");
                for (int t = 0; t < layers(); t++) {
                    b.append(" `").append(topTokens[l][t].replace("|", "\\|").replace("`", "'")).append("` |");
                }
                b.append('\n');
            }
        }
        b.append('\n').append("Per source layer l: Precision@1 at l* = l, the best over l*, and the logit lens "
                + "(final norm and LM head on h) scored the same way.\n\n");
        boolean affine = affinePrecision != null;
        b.append("| l | P@1 (l* = l) | best over l* | logit lens P@1 | logit lens surprisal |")
                .append(affine ? " affine + lens P@1 | affine + lens surprisal |\n" : "\n")
                .append(affine ? "|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|\n");
        double[] diag = diagonal(), best = bestOverTargets();
        for (int l = 0; l < layers(); l++) {
            b.append(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.2f |", l, diag[l], best[l],
                    lensPrecision[l], lensSurprisal[l]));
            b.append(affine ? String.format(Locale.ROOT, " %.3f | %.2f |%n", affinePrecision[l], affineSurprisal[l])
                    : "\n");
        }
        if (affine) {
            b.append("\nAffine + lens: least-squares map h^l -> h^L fitted on alternate source prompts and applied "
                    + "to the others (2-fold, every sample scored out of fold), then the final norm and LM head.\n");
        }
        return b.toString();
    }

    private void table(StringBuilder b, String title, double[][] m, String fmt) {
        b.append(title).append(", l \\ l*");
        header(b);
        for (int l = 0; l < layers(); l++) {
            b.append("| ").append(l).append(" |");
            for (int t = 0; t < layers(); t++) {
                b.append(' ').append(String.format(Locale.ROOT, fmt, m[l][t])).append(" |");
            }
            b.append('\n');
        }
    }

    private void header(StringBuilder b) {
        b.append("\n\n| l \\ l* |");
        for (int t = 0; t < layers(); t++) {
            b.append(' ').append(t).append(" |");
        }
        b.append("\n|---|");
        for (int t = 0; t < layers(); t++) {
            b.append("---|");
        }
        b.append('\n');
    }

    /** The table as a JSON object. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode j = mapper.createObjectNode();
        j.put("expected", expected.label());
        j.put("target_prompt", targetPrompt);
        j.put("target_position", targetPosition);
        j.put("samples", samples);
        j.put("source_prompts", sourcePrompts);
        j.put("layers", layers());
        j.put("millis", millis);
        j.set("precision_at_1", matrix(mapper, precision));
        j.set("surprisal", matrix(mapper, surprisal));
        ArrayNode diag = j.putArray("precision_at_1_diagonal");
        for (double d : diagonal()) {
            diag.add(d);
        }
        ArrayNode lp = j.putArray("logit_lens_precision_at_1");
        ArrayNode ls = j.putArray("logit_lens_surprisal");
        for (int l = 0; l < layers(); l++) {
            lp.add(lensPrecision[l]);
            ls.add(lensSurprisal[l]);
        }
        if (affinePrecision != null) {
            ArrayNode ap = j.putArray("affine_lens_precision_at_1");
            ArrayNode as = j.putArray("affine_lens_surprisal");
            for (int l = 0; l < layers(); l++) {
                ap.add(affinePrecision[l]);
                as.add(affineSurprisal[l]);
            }
        }
        if (topTokens != null) {
            ArrayNode rows = j.putArray("top_tokens");
            for (String[] row : topTokens) {
                ArrayNode r = rows.addArray();
                for (String s : row) {
                    r.add(s);
                }
            }
        }
        return j;
    }

    private static ArrayNode matrix(ObjectMapper mapper, double[][] m) {
        ArrayNode rows = mapper.createArrayNode();
        for (double[] row : m) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        return rows;
    }

    /** A self-contained HTML page with both heatmaps (darker = higher Precision@1, lower surprisal). */
    public String toHtml(String title) {
        double maxS = 1e-9;
        for (double[] row : surprisal) {
            for (double v : row) {
                maxS = Math.max(maxS, v);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
                        + "margin:1em 0}td,th{border:1px solid #ccc;padding:.4em .6em;text-align:center;"
                        + "font-variant-numeric:tabular-nums}th{background:#f4f4f4}small{color:#555}</style>"
                        + "</head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n<p>");
        b.append(esc(String.format(Locale.ROOT, "Expected: %s. Target prompt \"%s\", patched at position %d. %d "
                + "samples from %d source prompts, %.0f ms.", expected.label(), targetPrompt, targetPosition,
                samples, sourcePrompts, millis)));
        b.append("<br><small>Rows: source layer l; columns: target layer l*; layer 0 = embedding output, l = output "
                + "of block l.</small></p>\n");
        heat(b, "Precision@1", precision, 1.0, false, "%.2f");
        heat(b, "Mean surprisal (nats)", surprisal, maxS, true, "%.2f");
        boolean affine = affinePrecision != null;
        b.append("<h2>Baselines: logit lens (final norm and LM head on h)").append(affine
                ? " and a cross-fitted affine map to layer L followed by the lens" : "").append("</h2>\n"
                + "<table><tr><th>l</th><th>lens Precision@1</th><th>lens surprisal</th>").append(affine
                ? "<th>affine Precision@1</th><th>affine surprisal</th>" : "").append("</tr>\n");
        for (int l = 0; l < layers(); l++) {
            b.append(String.format(Locale.ROOT, "<tr><th>%d</th><td>%.3f</td><td>%.2f</td>", l,
                    lensPrecision[l], lensSurprisal[l]));
            if (affine) {
                b.append(String.format(Locale.ROOT, "<td>%.3f</td><td>%.2f</td>", affinePrecision[l],
                        affineSurprisal[l]));
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        b.append("</body></html>\n");
        return b.toString();
    }

    private void heat(StringBuilder b, String title, double[][] m, double max, boolean invert, String fmt) {
        b.append("<h2>").append(esc(title)).append("</h2>\n<table><tr><th>l \\ l*</th>");
        for (int t = 0; t < layers(); t++) {
            b.append("<th>").append(t).append("</th>");
        }
        b.append("</tr>\n");
        for (int l = 0; l < layers(); l++) {
            b.append("<tr><th>").append(l).append("</th>");
            for (int t = 0; t < layers(); t++) {
                double x = Math.max(0, Math.min(1, m[l][t] / max));
                double shade = invert ? 1 - x : x;
                int light = (int) Math.round(97 - 55 * shade);
                b.append(String.format(Locale.ROOT, "<td style=\"background:hsl(210,70%%,%d%%);color:%s\">",
                        light, light < 60 ? "#fff" : "#000"));
                b.append(String.format(Locale.ROOT, fmt, m[l][t]));
                if (topTokens != null && !invert) {
                    b.append("<br><small style=\"color:inherit\">").append(esc(topTokens[l][t])).append("</small>");
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

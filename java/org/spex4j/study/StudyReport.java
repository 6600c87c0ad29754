package org.spex4j.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVRecord;

/**
 * Summaries of a study's CSV: a markdown table in the paper's shape (mean R² per length group and method, one
 * block per b, the paper's number beside ours) and an SVG plot of mean R² against the number of queries per group.
 */
final class StudyReport {
    private StudyReport() {}

    record Cell(double sum, int count, double querySum) {
        Cell add(double r2, long queries) {
            return new Cell(sum + r2, count + 1, querySum + queries);
        }

        double mean() {
            return sum / count;
        }
    }

    static void write(Path csv, Path out, List<Integer> bs, List<String> methods, int testMasks) throws IOException {
        // (b, method, group) -> mean R² over the runs that finished
        Map<String, Cell> cells = new TreeMap<>();
        TreeSet<Integer> groups = new TreeSet<>();
        for (CSVRecord r : Study.runs(csv)) {
            if (!r.get("status").equals("ok")) {
                continue;
            }
            int group = Integer.parseInt(r.get("group"));
            groups.add(group);
            String key = r.get("b") + "|" + r.get("method") + "|" + group;
            cells.merge(key, new Cell(0, 0, 0).add(Double.parseDouble(r.get("r2")), Long.parseLong(r.get("queries"))),
                    (a, c) -> new Cell(a.sum() + c.sum(), a.count() + c.count(), a.querySum() + c.querySum()));
        }
        StringBuilder md = new StringBuilder();
        md.append("# Faithfulness on the paper's sentiment reviews (minilm zero-shot sentiment)\n\n")
                .append("Mean test R² on ").append(testMasks).append(" uniform random masks per word-count group; ")
                .append("`ours [reviews] (paper)` — the paper's ")
                .append("number is for its DistilBERT sentiment classifier, so only the shape is comparable. ")
                .append("Cells show the mean over the reviews that finished (count in brackets).\n");
        for (int b : bs) {
            md.append("\n## b = ").append(b).append("\n\n| method |");
            for (int g : groups) {
                md.append(' ').append(g).append('–').append(2 * g - 1).append(" |");
            }
            md.append("\n|---|");
            groups.forEach(g -> md.append("---|"));
            md.append('\n');
            for (String m : methods) {
                md.append("| ").append(m).append(" |");
                for (int g : groups) {
                    Cell c = cells.get(b + "|" + m + "|" + g);
                    double paper = PaperNumbers.r2(m, b, g);
                    String p = Double.isNaN(paper) ? "" : String.format(Locale.ROOT, " (%.3f)", paper);
                    md.append(' ').append(c == null ? "–" : String.format(Locale.ROOT, "%.3f [%d]", c.mean(), c.count()))
                            .append(p).append(" |");
                }
                md.append('\n');
            }
        }
        Files.writeString(out.resolve("results.md"), md.toString());
        Files.writeString(out.resolve("r2_vs_queries.svg"), svg(cells, groups, bs, methods));
    }

    /** One panel per group: mean R² (y) against mean queries (x, log scale), a line per method. */
    static String svg(Map<String, Cell> cells, TreeSet<Integer> groups, List<Integer> bs, List<String> methods) {
        String[] colors = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"};
        int panelW = 260, panelH = 200, pad = 40;
        int width = pad + groups.size() * (panelW + pad), height = panelH + 2 * pad + 20 * methods.size();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"11\"><rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", width, height));
        int gi = 0;
        for (int g : groups) {
            int x0 = pad + gi * (panelW + pad), y0 = pad;
            double qMin = Double.MAX_VALUE, qMax = 0;
            for (Map.Entry<String, Cell> e : cells.entrySet()) {
                if (e.getKey().endsWith("|" + g)) {
                    double q = e.getValue().querySum() / e.getValue().count();
                    qMin = Math.min(qMin, q);
                    qMax = Math.max(qMax, q);
                }
            }
            if (qMax == 0) {
                gi++;
                continue;
            }
            double lo = Math.log10(qMin) - 0.1, hi = Math.log10(qMax) + 0.1;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#999\"/><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%d–%d words</text>", x0, y0,
                    panelW, panelH, x0, y0 - 8, g, 2 * g - 1));
            for (double r = 0; r <= 1.0001; r += 0.25) {  // y axis: R² from 0 to 1
                double y = y0 + panelH * (1 - r);
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", x0, y, x0 + panelW, y, x0 - 3,
                        y + 4, r));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">queries (log)</text>",
                    x0 + panelW / 2, y0 + panelH + 28));
            for (int b : bs) {  // x ticks: every method of a b gets the same budget, so one tick per b
                for (String m : methods) {
                    Cell c = cells.get(b + "|" + m + "|" + g);
                    if (c != null && c.querySum() > 0) {
                        double q = c.querySum() / c.count();
                        double x = x0 + panelW * (Math.log10(q) - lo) / (hi - lo);
                        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                                + "stroke=\"#999\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">b=%d: %,.0f"
                                + "</text>", x, y0 + panelH, x, y0 + panelH + 4, x, y0 + panelH + 14, b, q));
                        break;
                    }
                }
            }
            int mi = 0;
            for (String m : methods) {
                List<double[]> pts = new ArrayList<>();
                for (int b : bs) {
                    Cell c = cells.get(b + "|" + m + "|" + g);
                    if (c != null) {
                        double q = Math.log10(c.querySum() / c.count());
                        double x = x0 + panelW * (q - lo) / (hi - lo);
                        double y = y0 + panelH * (1 - Math.max(0, Math.min(1, c.mean())));
                        pts.add(new double[] {x, y, c.querySum() / c.count()});
                    }
                }
                String color = colors[mi % colors.length];
                StringBuilder path = new StringBuilder();
                for (double[] p : pts) {
                    path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", p[0], p[1]));
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", p[0],
                            p[1], color));
                }
                if (pts.size() > 1) {
                    s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color)
                            .append("\" stroke-width=\"2\"/>");
                }
                if (gi == 0) {
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>", pad, panelH + 2 * pad + 20 * mi, color, pad + 18,
                            panelH + 2 * pad + 20 * mi + 6, m));
                }
                mi++;
            }
            gi++;
        }
        return s.append("</svg>\n").toString();
    }
}

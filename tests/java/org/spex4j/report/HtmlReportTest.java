package org.spex4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.api.Explanation;
import org.spex4j.api.Scores;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;

/** The HTML report's content, and a real render in headless Chromium (skipped where Chromium is missing). */
class HtmlReportTest {
    static Explanation sample() {
        SparseCoefficients f = SparseCoefficients.builder(6, Basis.FOURIER)
                .put(FeatureSet.EMPTY, 0.5).put(FeatureSet.of(1), -1.5).put(FeatureSet.of(4), 0.75)
                .put(FeatureSet.of(1, 4), 1.0).put(FeatureSet.of(0, 2, 5), -0.25).build();
        return Explanation.builder("spex", f).b(4).maxOrder(5).queries(1008, 1000)
                .features(List.of("The", "movie", "was", "<not>", "great", "&fun")).baseline(-2.0).full(3.0)
                .faithfulness(new Explanation.Faithfulness(0.93, 1000)).timing("total", 12.5).build();
    }

    static String render() {
        return HtmlReport.render(sample(), Index.SV, Index.FSII, 2, 10, Map.of("model", "minilm", "task", "sentiment"));
    }

    @Test
    void selfContainedWithHeatmapArcsTableAndMetadata() {
        String html = render();
        assertEquals(6, html.split("class=\"f\" data-feature=").length - 1);
        assertTrue(html.contains("&lt;not&gt;") && html.contains("&amp;fun"), "features are escaped");
        assertTrue(html.contains("<svg id=\"arcs\""), "interaction arcs");
        assertTrue(html.contains("movie × great"), "the top interaction is written as its words");
        assertTrue(html.contains("faithfulness R²") && html.contains("0.9300"));
        assertTrue(!html.contains("<script") && !html.contains("https://"), "no script, no network");
        // every number says which index it is: the colours are Shapley values, the table FSII
        String tip = String.format(java.util.Locale.ROOT, "title=\"movie: Shapley value %.4g\"",
                sample().shapleyValues()[1]);
        assertTrue(html.contains(tip), "the word's tooltip names its index: " + tip);
        assertTrue(html.contains("<th>FSII</th>"), "the table's value column names its index");
        assertTrue(html.contains("coloured by Shapley value; this table lists FSII"), "the difference is said");
        assertTrue(html.contains("method run: SPEX (arXiv 2502.13870)"), "the footer names the method run");
    }

    /** SHAP's waterfall: f(all masked) plus the Shapley values, largest first, reaches f(all kept) (efficiency). */
    @Test
    void waterfallAddsShapleyValuesUpToTheFullInput() {
        String html = render();
        int table = html.indexOf("<table id=\"waterfall\">");
        assertTrue(table > 0, "a waterfall");
        String w = html.substring(table, html.indexOf("</table>", table));
        // the sample's surrogate: all masked Σ F(k) = 0.5 - 1.5 + 0.75 + 1.0 - 0.25 = 0.5; all kept
        // Σ F(k)(-1)^|k| = 0.5 + 1.5 - 0.75 + 1.0 + 0.25 = 2.5
        assertTrue(w.contains("<th>f(all masked), surrogate</th><td class=\"num\">0.5000</td>"), w);
        assertTrue(w.contains("<th>f(all kept), surrogate</th><td class=\"num\">2.500</td>"), w);
        double[] sv = sample().shapleyValues();
        assertEquals(2.0, java.util.Arrays.stream(sv).sum(), 1e-12);
        int movie = w.indexOf("movie [1]"), great = w.indexOf("great [4]");
        assertTrue(movie > 0 && great > 0 && (Math.abs(sv[1]) >= Math.abs(sv[4])) == (movie < great), w);
        assertTrue(!html.contains("only Shapley values always do"), "Shapley values add up");
    }

    /** The arcs fit the page (scaled, not scrolled), each at its own height, with a legend and tooltips. */
    @Test
    void arcsFitThePageAtDistinctHeights() {
        String html = render();
        assertTrue(html.contains("width=\"100%\"") && html.contains("viewBox=\"0 0 "), "scales to the page width");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<path d=\"M [0-9.]+ 132 Q [0-9.]+ (-?[0-9.]+) ")
                .matcher(html);
        List<String> peaks = new ArrayList<>();
        while (m.find()) {
            peaks.add(m.group(1));
        }
        assertEquals(4, peaks.size(), "{1, 4}, and the three pairs FSII gives the order-3 term {0, 2, 5}");
        assertEquals(4, new java.util.HashSet<>(peaks).size(), "distinct heights: " + peaks);
        assertTrue(html.contains("id=\"arcs-legend\""), "a legend");
        assertTrue(html.contains("<title>movie × great [1, 4]: FSII 4.000</title>"), "a tooltip: words, index, value");
    }

    /** SHAP's colours (red raises the output, blue lowers it); warnings shown; no empty interaction section. */
    @Test
    void shapColoursWarningsAndFirstOrderMethods() {
        int[] red = rgb(HtmlReport.color(1)), blue = rgb(HtmlReport.color(-1)), white = rgb(HtmlReport.color(0));
        assertTrue(red[0] > 200 && red[2] < 120, java.util.Arrays.toString(red));
        assertTrue(blue[2] > 200 && blue[0] < 60, java.util.Arrays.toString(blue));
        assertEquals(List.of(255, 255, 255), java.util.Arrays.stream(white).boxed().toList());
        Explanation lime = Explanation.builder("lime", SparseCoefficients.builder(2, Basis.FOURIER)
                .put(FeatureSet.of(0), 0.5).build()).maxOrder(1).features(List.of("good", "😍"))
                .warning("1 feature cannot be masked by replacement").build();
        String html = HtmlReport.render(lime, Index.SV, Index.FSII, 2, 10, Map.of());
        assertTrue(!html.contains("Top interactions") && !html.contains("<svg"), "no empty interaction section");
        assertTrue(html.contains("class=\"warning\">Warning: 1 feature cannot be masked"), "the warning is shown");
        assertTrue(html.contains("method run: lime") && !html.contains("arXiv 2502.13870"), "the footer names lime");
    }

    /** The output explained comes first: a classifier's class and p = σ(f(all kept)), the zero-shot prompt's. */
    @Test
    void predictedClassAndProbabilityComeFirst() {
        Explanation zeroShot = sample().toBuilder().full(-1.0).target("log-odds of \"This review is positive.\" over "
                + "\"This review is negative.\" (zero-shot, by embedding similarity)").build();
        String html = HtmlReport.render(zeroShot, Index.SV, Index.FSII, 2, 10, Map.of());
        // f = −1 favours the second prompt: p = 1 − σ(−1) = σ(1) = 0.7311
        assertTrue(html.contains("Predicted: <b>“This review is negative.”</b>, p = <b>0.7311</b> against “This "
                + "review is positive.”"), html);
        assertTrue(html.indexOf("id=\"prediction\"") < html.indexOf("id=\"heatmap\""), "the prediction comes first");
        Explanation classifier = sample().toBuilder().full(Math.log(0.9 / 0.1)).target("log-odds of class "
                + "\"POSITIVE\" (index 1 of 2), log p - log(1 - p) with p = softmax(logits); p = 0.9000 on the whole "
                + "input (its predicted class)").build();
        html = HtmlReport.render(classifier, Index.SV, Index.FSII, 2, 10, Map.of());
        assertTrue(html.contains("Predicted class: <b>POSITIVE</b>, p = <b>0.9000</b>"), html);
        Explanation chosen = classifier.toBuilder().full(Math.log(0.2 / 0.8)).target("log-odds of class \"neutral\" "
                + "(index 1 of 3), log p - log(1 - p) with p = softmax(logits); p = 0.2000 on the whole input").build();
        html = HtmlReport.render(chosen, Index.SV, Index.FSII, 2, 10, Map.of());
        assertTrue(html.contains("Explained class: <b>neutral</b>, p = <b>0.2000</b>"), "a class asked for, not "
                + "predicted");
        assertTrue(!render().contains("id=\"prediction\""), "no target, no prediction");
    }

    /** TextGenSHAP: y*, the output the colours explain, and the other outputs, each with what raises it. */
    @Test
    void textGenShapShowsTheExplainedOutputAndTheOthers() {
        Explanation e = Explanation.builder("textgenshap", SparseCoefficients.builder(3, Basis.FOURIER)
                .put(FeatureSet.of(0), -0.2).build()).maxOrder(1).features(List.of("Lily", "saw", "dog."))
                .scores(Scores.ranking("shapley", new double[] {0.4, 0.1, -0.2})
                        .add("shapley[y0*=\" She wanted to play\"]", new double[] {0.4, 0.1, -0.2})
                        .add("shapley[y3=\" The dog ran\"]", new double[] {-0.1, 0.05, 0.3}).build())
                .target("1[the greedy output of the masked input is y* = \" She wanted to play\"] (TextGenSHAP's game, "
                        + "up to 8 tokens)").full(1.0).baseline(0.0).build();
        String html = HtmlReport.render(e, Index.SV, Index.FSII, 2, 10, Map.of());
        assertTrue(html.contains("<p>Output explained: <b>y* = “ She wanted to play”</b></p>"), "y* up front");
        int table = html.indexOf("<table id=\"outputs\">");
        assertTrue(table > 0 && table < html.indexOf("id=\"heatmap\""), "the outputs come before the text");
        String outputs = html.substring(table, html.indexOf("</table>", table));
        assertTrue(outputs.contains("<tr class=\"explained\"><th>y0* (explained)</th><td>“ She wanted to play”</td>"
                + "<td>Lily [0] +0.400; saw [1] +0.100</td>"), outputs);
        assertTrue(outputs.contains("<th>y3</th><td>“ The dog ran”</td><td>dog. [2] +0.300; saw [1] +0.050</td>"),
                outputs);
        assertTrue(!html.contains("Top interactions") && !html.contains("id=\"network\""), "first order only");
        assertTrue(html.contains("method run: textgenshap"), "the footer names the method run");
    }

    /** shapiq's network: a node per feature of the top pairs, an edge per pair, red raising f, blue lowering it. */
    @Test
    void networkJoinsTheFeaturesOfTheTopPairs() {
        SparseCoefficients f = SparseCoefficients.builder(6, Basis.FOURIER).put(FeatureSet.of(1), -1.5)
                .put(FeatureSet.of(0, 1), 0.8).put(FeatureSet.of(1, 4), -0.4).put(FeatureSet.of(2, 3), 0.2)
                .put(FeatureSet.of(0, 2, 5), -0.25).build();
        Explanation e = Explanation.builder("spex", f).b(4).maxOrder(5).features(sample().features()).build();
        String html = HtmlReport.render(e, Index.SV, Index.FSII, 2, 10, Map.of());
        int at = html.indexOf("<svg id=\"network\"");
        assertTrue(at > 0, "a network");
        String svg = html.substring(at, html.indexOf("</svg>", at));
        List<String> edges = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<line [^>]*stroke=\"(#[0-9a-f]{6})\" "
                + "stroke-width=\"([0-9.]+)\"[^>]*><title>([^<]*)</title>").matcher(svg);
        while (m.find()) {
            edges.add(m.group(3) + " " + m.group(1) + " " + m.group(2));
        }
        // FSII at order 2 is 4·F on a pair alone; the order-3 term gives its pairs 0, which draw nothing
        assertEquals(List.of("was × &lt;not&gt; [2, 3]: FSII 0.8000 #ff0051 3.25",
                "movie × great [1, 4]: FSII -1.600 #008bfb 5.50",
                "The × movie [0, 1]: FSII 3.200 #ff0051 10.00"), edges, "weakest first, so the strongest is on top");
        assertEquals(5, svg.split("<circle").length - 1, "features 0 to 4: " + svg);
        assertTrue(svg.contains("<title>movie [1]: Shapley value 3.000</title>"), "nodes name their value: " + svg);
        assertTrue(svg.contains("width=\"100%\"") && svg.contains("viewBox=\"0 0 760 460\""), "scales to the page");
        assertTrue(html.contains("id=\"network-legend\""), "a legend");
        SparseCoefficients linear = SparseCoefficients.builder(6, Basis.FOURIER).put(FeatureSet.of(1), -1.5).build();
        String none = HtmlReport.render(Explanation.builder("spex", linear).b(4).maxOrder(5).build(), Index.SV,
                Index.FSII, 2, 10, Map.of());
        assertTrue(none.contains("No interaction of order 2") && !none.contains("id=\"network\""), "no empty network");
    }

    private static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {v >> 16, (v >> 8) & 255, v & 255};
    }

    static Path chromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        return out;
    }

    /** Chromium's command line, headless and offline, with its profile in {@code dir}; skips where it is missing. */
    static List<String> headless(Path dir) {
        Path chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (.ci/run installs Debian's chromium): render test skipped");
        return new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile")));
    }

    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        List<String> base = headless(dir);
        Path page = dir.resolve("report.html");
        Files.writeString(page, render());
        List<String> dom = new ArrayList<>(base);
        dom.add("--dump-dom");
        dom.add(page.toUri().toString());
        String dumped = run(dom, dir);
        assertTrue(dumped.contains("id=\"heatmap\""), "the DOM holds the heatmap");
        assertEquals(6, dumped.split("data-feature=").length - 1, "one span per feature in the rendered DOM");
        assertTrue(dumped.contains("<path"), "the arcs are in the rendered DOM");
        List<String> shot = new ArrayList<>(base);
        shot.add("--screenshot=" + dir.resolve("shot.png"));
        shot.add("--window-size=1200,900");
        shot.add(page.toUri().toString());
        run(shot, dir);
        byte[] png = Files.readAllBytes(dir.resolve("shot.png"));
        assertTrue(png.length > 5000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a real screenshot");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(dir.resolve("shot.png").toFile());
        int colored = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (Math.abs(r - b) > 60) {
                    colored++;
                }
            }
        }
        assertTrue(colored > 20, "the heatmap is coloured in the screenshot (" + colored + " samples)");
    }

    /** Five sentences as features, as {@code --features sentences} makes them: long labels, every section drawn. */
    static Explanation sentences() {
        SparseCoefficients f = SparseCoefficients.builder(5, Basis.FOURIER)
                .put(FeatureSet.EMPTY, 0.3).put(FeatureSet.of(0), -0.35).put(FeatureSet.of(1), 0.5)
                .put(FeatureSet.of(2), -0.6).put(FeatureSet.of(3), 0.3).put(FeatureSet.of(4), -0.15)
                .put(FeatureSet.of(1, 3), 0.25).put(FeatureSet.of(0, 2), -0.2).put(FeatureSet.of(2, 4), 0.12)
                .put(FeatureSet.of(0, 4), -0.08).put(FeatureSet.of(0, 1, 2), 0.1).build();
        return Explanation.builder("spex", f).b(4).maxOrder(5).queries(480, 32).features(List.of(
                "The film opens with a stunning shot of the harbour at dawn.",
                "The acting, sadly, is wooden from start to finish.",
                "Still, the score by the young composer is wonderful and lifts every scene.",
                "The plot falls apart somewhere in the second hour.",
                "I would watch it again for the music alone."))
                .target("log-odds of \"This review is positive.\" over \"This review is negative.\" (zero-shot, by "
                        + "embedding similarity)").full(0.9).baseline(0.1).timing("total", 3.0).build();
    }

    /**
     * A sentences report in headless Chromium: at a narrow window nothing overflows sideways and no SVG label is
     * cut or drawn over another (an inline check writes its verdict into the DOM); the screenshot is the window's
     * size and shows both SHAP colours. The page and its screenshot are kept in target/html-report/ to look at.
     */
    @Test
    void aSentencesReportFitsTheWindowInHeadlessChromium(@TempDir Path dir) throws Exception {
        List<String> base = headless(dir);
        String html = HtmlReport.render(sentences(), Index.SV, Index.FSII, 2, 10, Map.of("model", "minilm",
                "task", "sentiment", "features", "sentences"));
        Path page = dir.resolve("sentences.html");
        Files.writeString(page, html);
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, html.replace("</body>", "<script>\n"
                + "const bad = [], iw = window.innerWidth;\n"
                + "if (document.documentElement.scrollWidth > iw) bad.push('page ' + document.documentElement.scrollWidth);\n"
                + "for (const svg of document.querySelectorAll('svg')) {\n"
                + "  const vb = svg.viewBox.baseVal, boxes = [];\n"
                + "  if (svg.getBoundingClientRect().right > iw) bad.push(svg.id + ' wider than the window');\n"
                + "  for (const t of svg.querySelectorAll('text')) {\n"
                + "    const b = t.getBBox();\n"
                + "    if (b.x < 0 || b.y < 0 || b.x + b.width > vb.width || b.y + b.height > vb.height)\n"
                + "      bad.push(svg.id + ' cuts ' + t.textContent);\n"
                + "    for (const o of boxes) if (b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height\n"
                + "        && o.y < b.y + b.height) bad.push(svg.id + ' overlaps ' + t.textContent);\n"
                + "    boxes.push(b);\n"
                + "  }\n"
                + "}\n"
                + "document.body.setAttribute('data-check', bad.length ? bad.join(' | ') : 'ok');\n"
                + "</script></body>"));
        List<String> dom = new ArrayList<>(base);
        dom.addAll(List.of("--window-size=760,1000", "--dump-dom", checked.toUri().toString()));
        String dumped = run(dom, dir);
        java.util.regex.Matcher verdict = java.util.regex.Pattern.compile("data-check=\"([^\"]*)\"").matcher(dumped);
        assertTrue(verdict.find(), "the check ran: " + dumped.length() + " characters of DOM");
        assertEquals("ok", verdict.group(1), "at 760 px wide");
        assertEquals(5, dumped.split("data-feature=").length - 1, "one span per sentence");

        List<String> shot = new ArrayList<>(base);
        shot.addAll(List.of("--screenshot=" + dir.resolve("shot.png"), "--window-size=1000,1500",
                page.toUri().toString()));
        run(shot, dir);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(dir.resolve("shot.png").toFile());
        assertTrue(img != null, "a PNG");
        assertEquals(List.of(1000, 1500), List.of(img.getWidth(), img.getHeight()), "the window's size");
        int red = 0, blue = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y), r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                red += r > 200 && g < 150 && b < 170 ? 1 : 0;
                blue += b > 200 && r < 120 && g < 200 ? 1 : 0;
            }
        }
        assertTrue(red > 200 && blue > 200, "both SHAP colours on screen: " + red + " red, " + blue + " blue samples");
        Path keep = Path.of("target", "html-report");
        Files.createDirectories(keep);
        Files.copy(dir.resolve("shot.png"), keep.resolve("sentences.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(keep.resolve("sentences.html"), html);
    }
}


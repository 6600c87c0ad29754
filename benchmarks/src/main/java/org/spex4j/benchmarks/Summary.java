package org.spex4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a markdown summary of a JMH JSON result file: a header naming the machine and the date, then one table per
 * benchmark class (name, parameters, score ± error, unit), with derived columns and rows:
 * <ul>
 *   <li>FwhtBenchmark: rows/s = ops/s (one row per op) and GB/s = ops/s · 8·2^b / 10^9 (bytes of the row per second).
 *   <li>DetectBenchmark: {@code detect − copyOnly} (detection alone).
 *   <li>SpexPipelineBenchmark: {@code explain − lookupOnly} (the pipeline without the table lookups).
 *   <li>ModelBenchmark: sequences/s = ops/s × rows per op ({@code batch}, or 64 for {@code stories260kLogProb}),
 *       and a table of LibTorch vs ONNX Runtime sequences/s with their ratio per (words, batch).
 * </ul>
 * The error of a difference is the root sum of squares of the two errors (JMH's 99.9% half-widths).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.spex4j.benchmarks.Summary jmh.json summary.md ["java -version text"
 * ["note for the header"]]}
 */
public final class Summary {
    private Summary() {}

    record Row(String bench, String method, Map<String, String> params, double score, double error, String unit,
            double flops, double flopsError) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Summary <jmh.json> <summary.md> [java version text [header note]]");
            System.exit(2);
        }
        JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String javaVersion = args.length > 2 && !args[2].isBlank() ? args[2].trim().replaceAll("\\s*\\n\\s*", "; ")
                : System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version");

        Map<String, List<Row>> byClass = new LinkedHashMap<>();
        String jvmArgs = "";
        String forks = "", warmup = "", measurement = "", threads = "";
        for (JsonNode r : root) {
            String full = r.get("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            String method = full.substring(dot + 1);
            Map<String, String> params = new LinkedHashMap<>();
            if (r.has("params")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = r.get("params").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode m = r.get("primaryMetric");
            JsonNode flop = r.path("secondaryMetrics").path("flop");
            byClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(new Row(cls, method, params,
                    m.get("score").asDouble(), number(m.get("scoreError")), m.get("scoreUnit").asText(),
                    flop.isMissingNode() ? Double.NaN : flop.path("score").asDouble(),
                    number(flop.get("scoreError"))));
            jvmArgs = r.path("jvmArgs").toString();
            forks = r.path("forks").asText();
            threads = r.path("threads").asText();
            warmup = r.path("warmupIterations").asText() + " × " + r.path("warmupTime").asText();
            measurement = r.path("measurementIterations").asText() + " × " + r.path("measurementTime").asText();
        }

        StringBuilder md = new StringBuilder();
        md.append("# spex4j JMH results\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append("; ").append(javaVersion).append(". Date: ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(".");
        if (args.length > 3 && !args[3].isBlank()) {
            md.append(" ").append(args[3].trim());
        }
        md.append("\n\n");
        md.append("JMH 1.37: ").append(forks).append(" forks, warmup ").append(warmup).append(", measurement ")
                .append(measurement).append(", ").append(threads).append(" benchmark thread, JVM args ")
                .append(jvmArgs).append(". Error = 99.9% confidence half-width.\n");

        for (Map.Entry<String, List<Row>> e : byClass.entrySet()) {
            String cls = e.getKey();
            List<Row> rows = e.getValue();
            md.append("\n## ").append(cls).append("\n\n");
            boolean fwht = cls.equals("FwhtBenchmark");
            boolean model = cls.equals("ModelBenchmark");
            md.append(fwht ? "| benchmark | params | score ± error | unit | rows/s | GB/s |\n|---|---|---|---|---|---|\n"
                    : model ? "| benchmark | params | score ± error | unit | sequences/s |\n|---|---|---|---|---|\n"
                    : "| benchmark | params | score ± error | unit |\n|---|---|---|---|\n");
            for (Row r : rows) {
                md.append("| ").append(r.method).append(" | ").append(params(r.params)).append(" | ")
                        .append(scoreText(r.score, r.error)).append(" | ").append(r.unit).append(" |");
                if (fwht) {
                    int b = Integer.parseInt(r.params.get("b"));
                    double opsPerSec = r.unit.equals("ops/s") ? r.score : Double.NaN;
                    md.append(' ').append(format(opsPerSec)).append(" | ")
                            .append(format(opsPerSec * 8.0 * (1L << b) / 1e9)).append(" |");
                }
                if (model) {
                    double perOp = modelRows(r);
                    md.append(' ').append(r.unit.equals("ops/s") ? scoreText(r.score * perOp, r.error * perOp) : "n/a")
                            .append(" |");
                }
                md.append('\n');
            }
            if (cls.equals("DetectBenchmark")) {
                differences(md, rows, "detect", "copyOnly");
            } else if (cls.equals("SpexPipelineBenchmark")) {
                differences(md, rows, "explain", "lookupOnly");
            }
            if (model) {
                modelRatios(md, rows);
            }
            if (cls.equals("PassBenchmark")) {
                roofline(md, rows);
            }
            if (fwht) {
                md.append("\nrows/s = ops/s (one row of 2^b doubles per op); GB/s = ops/s · 8·2^b / 10^9, the bytes of "
                        + "the row per second (not memory traffic: a copy reads and writes the row once, the FWHT "
                        + "b times). `fwht` alternates scaled and unscaled calls so the data stays bounded.\n");
            }
        }
        Path out = Path.of(args[1]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md.toString());
    }

    /** Rows "minuend − subtrahend" for every parameter set of the minuend (the subtrahend has none of its own). */
    private static void differences(StringBuilder md, List<Row> rows, String minuend, String subtrahend) {
        Row sub = rows.stream().filter(r -> r.method.equals(subtrahend)).findFirst().orElse(null);
        if (sub == null) {
            return;
        }
        boolean header = false;
        for (Row r : rows) {
            if (!r.method.equals(minuend) || !r.unit.equals(sub.unit)) {
                continue;
            }
            if (!header) {
                md.append("\nDerived (").append(minuend).append(" − ").append(subtrahend).append("):\n\n")
                        .append("| benchmark | params | score ± error | unit |\n|---|---|---|---|\n");
                header = true;
            }
            md.append("| ").append(minuend).append(" − ").append(subtrahend).append(" | ").append(params(r.params))
                    .append(" | ").append(scoreText(r.score - sub.score, Math.hypot(r.error, sub.error)))
                    .append(" | ").append(r.unit).append(" |\n");
        }
    }

    /** Sequences per op of a ModelBenchmark row: its batch parameter, or the 64 prefixes of the stories260k op. */
    private static double modelRows(Row r) {
        String batch = r.params.get("batch");
        return batch != null ? Double.parseDouble(batch) : r.method.equals("stories260kLogProb") ? 64 : Double.NaN;
    }

    /** LibTorch vs ONNX Runtime sequences/s per (words, batch) and their ratio (error: relative errors combined). */
    private static void modelRatios(StringBuilder md, List<Row> rows) {
        Map<String, Row[]> cells = new LinkedHashMap<>();
        for (Row r : rows) {
            int side = r.method.equals("libtorch") ? 0 : r.method.equals("ort") ? 1 : -1;
            if (side >= 0 && r.unit.equals("ops/s") && r.params.containsKey("words")) {
                cells.computeIfAbsent(r.params.get("words") + "|" + r.params.get("batch"), k -> new Row[2])[side] = r;
            }
        }
        if (cells.isEmpty()) {
            return;
        }
        md.append("\nMiniLM sequences/s (ops/s × batch), LibTorch vs ONNX Runtime; ratio > 1: LibTorch faster:\n\n")
                .append("| words | batch | LibTorch seq/s | ORT seq/s | LibTorch/ORT |\n|---|---|---|---|---|\n");
        List<String> keys = new ArrayList<>(cells.keySet());
        keys.sort((a, b) -> {
            String[] x = a.split("\\|"), y = b.split("\\|");
            int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
            return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        });
        for (String k : keys) {
            Row[] c = cells.get(k);
            String[] wb = k.split("\\|");
            md.append("| ").append(wb[0]).append(" | ").append(wb[1]).append(" | ");
            for (Row r : c) {
                md.append(r == null ? "not run" : scoreText(r.score * modelRows(r), r.error * modelRows(r)))
                        .append(" | ");
            }
            if (c[0] != null && c[1] != null) {
                double ratio = c[0].score / c[1].score;
                double rel = Math.hypot(c[0].error / c[0].score, c[1].error / c[1].score);
                md.append(scoreText(ratio, Double.isNaN(rel) ? Double.NaN : ratio * rel));
            } else {
                md.append("n/a");
            }
            md.append(" |\n");
        }
    }

    /**
     * PassBenchmark: sequences/s (256 masks per op), achieved GFLOP/s and its share of the GEMM peak of the same
     * number format measured in the same run (all benchmark threads together), and each row against ONNX Runtime
     * float32 given the same cores and rows.
     */
    private static void roofline(StringBuilder md, List<Row> rows) {
        Map<String, Row> peak = new LinkedHashMap<>();
        Map<String, Row> ort = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.method.equals("gemm")) {
                peak.put(r.params.get("dtype"), r);
            } else if (r.method.equals("ortIntraOp") || r.method.equals("ortParallel")) {
                Row best = ort.get(r.params.get("words"));
                if (best == null || r.score > best.score) {
                    ort.put(r.params.get("words"), r);
                }
            }
        }
        md.append("\nRoofline: useful GFLOP/s (real tokens, padding excluded) against the GEMM peak of the same format "
                + "(MiniLM's FFN shape, every core, measured in this run); ratio: sequences/s over the faster ONNX "
                + "Runtime float32 row of the same words:\n\n")
                .append("| op | words | config | sequences/s | GFLOP/s | peak GFLOP/s | share of peak | vs ONNX Runtime |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            if (r.method.equals("gemm")) {
                md.append("| gemm | | ").append(r.params.get("dtype")).append(" | | ")
                        .append(scoreText(r.flops / 1e9, r.flopsError / 1e9)).append(" | | | |\n");
                continue;
            }
            if (r.method.equals("stories260k")) {
                md.append("| stories260k | 40 | ").append(r.params.get("config")).append(" | ")
                        .append(scoreText(r.score * PassBenchmark.MASKS, r.error * PassBenchmark.MASKS))
                        .append(" | | | | |\n");
                continue;
            }
            String format = "bf16".equals(r.params.get("config")) ? "bf16" : "fp32";
            Row p = peak.get(format);
            Row o = ort.get(r.params.get("words"));
            double seq = r.score * PassBenchmark.MASKS;
            md.append("| ").append(r.method).append(" | ").append(r.params.get("words")).append(" | ")
                    .append(r.params.getOrDefault("config", "")).append(" | ")
                    .append(scoreText(seq, r.error * PassBenchmark.MASKS)).append(" | ")
                    .append(format(r.flops / 1e9)).append(" | ")
                    .append(p == null ? "n/a" : format(p.flops / 1e9)).append(" | ")
                    .append(p == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * r.flops / p.flops))
                    .append(" | ").append(o == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", r.score / o.score))
                    .append(" |\n");
        }
    }

    private static double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        return node.isNumber() ? node.asDouble() : parseOrNaN(node.asText());
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String params(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String scoreText(double score, double error) {
        int decimals = decimals(score);
        String s = format(score, decimals);
        return Double.isNaN(error) ? s : s + " ± " + format(error, decimals);
    }

    private static int decimals(double x) {
        double a = Math.abs(x);
        return a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
    }

    private static String format(double x) {
        return format(x, decimals(x));
    }

    private static String format(double x, int decimals) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", x);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}

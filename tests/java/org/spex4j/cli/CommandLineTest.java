package org.spex4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.testing.Float32;

/** The command-line contract of DESIGN.md: exit codes, one-line errors, and the JSON fields. */
class CommandLineTest {
    record Result(int code, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void userMistakesExitWithTwoAndOneLine() {
        for (String[] args : new String[][] {
            {"explain"},
            {"explain", "--text", "  "},
            {"explain", "--text", "good film", "--model", "gpt-17"},
            {"explain", "--text", "good film", "--method", "magic"},
            {"explain", "--text", "good film", "--budget", "10"},
            {"explain", "--file", "/no/such/file.txt"},
            {"explain", "--csv", "/no/such.csv", "--column", "review", "--row", "0"},
            {"explain", "--text", "good film", "--features", "paragraphs"},
            {"explain", "--text", "good film", "--batch-size", "0"},
            {"explain", "--text", "good film", "--continuation", "0"},
            {"explain", "--text", "good film", "--device", "tpu"},
            {"explain", "--text", "good film", "--html", "/no/such/dir/report.html"},
            {"explain", "--text", "good film", "--file", "/no/such/file.txt"},
            {"explain", "--text", "good film", "--budget", "600", "--b", "3"},
            {"explain", "--text", "good film", "--threads", "-1"},
            {"explain", "--text", "good film", "--b", "0"},
            {"explain", "--text", "good film", "--b", "30"},
            {"explain", "--text", "good film", "--faithfulness", "1"},
            {"explain", "--text", "good film", "--row", "3"},
            {"explain", "--text", "good film", "--b=3", "--b=4"},
            {"explain", "--text", "good film", "--max-order", "0"},
            {"explain", "--text", "good film", "--max-order", "2", "--order", "3"},
            {"explain", "--text", "good film", "--model", "data"},
            {"explain", "--text", "good film", "--model", "README.md"},
            {"recover", "--coefficients", "/no/such.json"},
            {"nonsense"},
        }) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            // (library log lines may precede it when other tests initialised logging first)
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("spex: ")), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        Result r = run("explain", "--text", "good film", "--budget", "10");
        assertTrue(r.err().contains("minimum of"), r.err());
        r = run("explain", "--text", "good film", "--file", "/no/such/file.txt");
        assertEquals("spex: give one input only: --text, --file or --csv (see 'spex explain --help')",
                lastLine(r));
        // picocli's group synopses never reach the user
        assertEquals("spex: give --b once only (see 'spex explain --help')",
                lastLine(run("explain", "--text", "good film", "--b=3", "--b=4")));
        assertEquals("spex: no input: give --text TEXT, --file PATH, or --csv PATH --column NAME --row I (see 'spex"
                + " explain --help')", lastLine(run("explain")));
        assertEquals("spex: --row goes with --csv only; remove it, or give --csv PATH instead of --text",
                lastLine(run("explain", "--text", "good film", "--row", "3")));
        // the option to change is the one named
        assertTrue(lastLine(run("explain", "--text", "good film", "--max-order", "0"))
                .startsWith("spex: --max-order must be in 1..10"));
        assertTrue(lastLine(run("explain", "--text", "good film", "--max-order", "2", "--order", "3"))
                .contains("--order 3 is above --max-order 2"));
        // a model path is told apart by what it holds, and the message says what it must hold
        String dir = lastLine(run("explain", "--text", "good film", "--model", "data"));
        assertTrue(dir.contains("data is a directory without config.json") && dir.contains("model.safetensors"), dir);
        String readme = lastLine(run("explain", "--text", "good film", "--model", "README.md"));
        assertTrue(readme.contains("README.md is not a model") && readme.contains("TorchScript"), readme);
    }

    private static String lastLine(Result r) {
        return r.err().strip().lines().reduce((a, b) -> b).orElse("");
    }

    /** A CSV without the labelled columns is refused before the model loads, naming what is missing. */
    @Test
    void accuracyNamesMissingColumns(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("reviews.csv");
        Files.writeString(csv, "text,label\nGreat film,positive\n");
        Result r = run("accuracy", "--csv", csv.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(lastLine(r).contains("lacks the columns review, n, sentiment"), r.err());
        assertTrue(!r.out().contains("accuracy NaN"), r.out());
    }

    /**
     * {@code --precision bf16} is recorded in the provenance, and where it cannot apply (a Llama model, which runs
     * in float32 only) the run says so instead of pretending; a bad spelling is a usage error.
     */
    @Test
    void precisionIsRecordedAndWarnedWhereItDoesNotApply(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        JsonNode llama = json("explain", "--model", "stories260k", "--text", "Lily went to the park", "--b", "3",
                "--json", "--precision", "bf16", "--continuation", "4", "--html", html.toString());
        assertTrue(Files.readString(html).contains("<th>precision</th><td>fp32</td>"), "the report names what ran");
        assertEquals("bf16", llama.get("provenance").get("settings").get("precision").asText(), llama.toString());
        assertEquals(1, llama.get("warnings").size(), llama.toString());
        assertTrue(llama.get("warnings").get(0).asText().startsWith("--precision bf16 did not apply: the passes ran "
                + "in fp32"), llama.toString());
        JsonNode fp32 = json("explain", "--text", "good film", "--b", "3", "--json");
        assertEquals("fp32", fp32.get("provenance").get("settings").get("precision").asText());
        assertEquals(0, fp32.get("warnings").size(), fp32.toString());
        Result bad = run("explain", "--text", "good film", "--precision", "fp16");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(lastLine(bad).contains("unknown precision 'fp16': use fp32 or bf16"), bad.err());
    }

    /**
     * What would be silently wrong is said: an emoji the tokenizer reads as [UNK] cannot be masked by replacement
     * (it scores exactly 0), and options the run does not use are named.
     */
    @Test
    void unmaskableFeaturesAndUnusedOptionsAreWarned() throws Exception {
        Result r = run("explain", "--text", "Loved it 😍", "--b", "3", "--json", "--mean-logprob", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("shapley").size());
        assertEquals(0.0, j.get("shapley").get(2).asDouble());   // exactly: no mask reaches it
        assertTrue(Math.abs(j.get("shapley").get(0).asDouble()) > 0, j.toString());
        assertEquals(1, j.get("warnings").size(), j.toString());
        String w = j.get("warnings").get(0).asText();
        assertTrue(w.contains("cannot be masked by replacement") && w.contains("😍") && w.contains("--mask delete"),
                w);
        assertTrue(r.err().contains("spex: warning: " + w), r.err());
        assertTrue(r.err().contains("spex: warning: --mean-logprob applies to the logprob task only"), r.err());
        // deleting it does change the input: no warning, and a value
        JsonNode d = json("explain", "--text", "Loved it 😍", "--b", "3", "--json", "--mask", "delete");
        assertEquals(0, d.get("warnings").size(), d.toString());
        assertTrue(Math.abs(d.get("shapley").get(2).asDouble()) > 0, d.toString());

        Result lime = run("explain", "--text", "good film", "--method", "lime", "--order", "3", "--decoder", "hard",
                "--b", "3", "--quiet");
        assertEquals(0, lime.code(), lime.err());
        assertTrue(lime.err().contains("spex: warning: --order applies to spex and the interaction methods"),
                lime.err());
        assertTrue(lime.err().contains("spex: warning: --decoder applies to --method spex only"), lime.err());
        assertTrue(lime.out().contains("Top features (Shapley value of the lime fit)"), lime.out());
        Result nx = run("explain", "--text", "good film", "--method", "normxlogit", "--budget", "5000", "--quiet");
        assertEquals(0, nx.code(), nx.err());
        assertTrue(nx.err().contains("spex: warning: --budget does not apply to normxlogit"), nx.err());
    }

    /** b far below what n features need gives a meaningless explanation: warned, with the b to use. */
    @Test
    void aBudgetTooSmallForTheInputIsWarned() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append(i % 2 == 0 ? "Lily " : "ran ");
        }
        JsonNode j = json("explain", "--model", "stories260k", "--text", text.toString().strip(), "--b", "3",
                "--json", "--continuation", "2");
        assertEquals(40, j.get("n").asInt());
        assertEquals(1, j.get("warnings").size(), j.toString());
        assertTrue(j.get("warnings").get(0).asText().startsWith("b = 3 gives 8 bins per group for 40 features"),
                j.toString());
        assertTrue(j.get("warnings").get(0).asText().contains("use b >= 4"), j.toString());
        JsonNode enough = json("explain", "--model", "stories260k", "--text", "Lily went to the park to play.", "--b",
                "3", "--json", "--continuation", "2");
        assertEquals(0, enough.get("warnings").size(), enough.toString());
    }

    /** The console names what each list holds, lists it once, and counts in the singular where it is one. */
    @Test
    void theConsoleSaysWhatItShows() {
        Result r = run("explain", "--model", "stories260k", "--text", "Lily", "--b", "3", "--index", "sv",
                "--max-order", "1", "--quiet", "--continuation", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("SPEX on stories260k (logprob), 1 feature, words"), r.out());
        assertEquals(1, r.out().split("Top features \\(Shapley value of the SPEX surrogate\\)", -1).length - 1,
                r.out());
        assertTrue(!r.out().contains("Top interactions"), r.out());
        assertTrue(r.out().contains("s in all, with loading the model") && r.out().contains("explanation time (ms):"),
                r.out());
    }

    @Test
    void explainPrintsTheJsonContract(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        Result r = run("explain", "--model", "stories260k", "--text", "Lily went to the park to play.", "--b", "3",
                "--json", "--faithfulness", "50", "--html", html.toString(), "--index", "fsii", "--order", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String field : new String[] {"n", "method", "b", "t", "queries", "distinct_queries", "iterations",
            "timing_ms", "features", "baseline", "full", "fourier", "interactions", "faithfulness"}) {
            assertTrue(j.has(field), "missing " + field + " in " + r.out());
        }
        assertEquals(7, j.get("n").asInt());
        // how it was made: the model, the task and every setting, as the command line spells them
        JsonNode p = j.get("provenance");
        assertEquals("stories260k", p.get("model").asText());
        assertEquals("logprob", p.get("task").asText());
        assertEquals("3", p.get("settings").get("b").asText());
        assertEquals("spex", p.get("settings").get("method").asText());
        assertEquals("50", p.get("settings").get("faithfulness").asText());
        assertTrue(p.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), p.toString());
        assertTrue(j.get("target").asText().startsWith("log p of the greedy continuation"), j.get("target").asText());
        assertEquals("spex", j.get("method").asText());
        assertEquals(3L * 21 * 8, j.get("queries").asLong());
        for (String phase : new String[] {"evaluate", "transform", "decode", "refit", "total"}) {
            assertTrue(j.get("timing_ms").has(phase), phase);
        }
        assertEquals("fsii", j.get("interactions").get("index").asText());
        assertEquals(50, j.get("faithfulness").get("masks").asInt());
        double prev = Double.MAX_VALUE;
        for (JsonNode t : j.get("fourier")) {
            double v = Math.abs(t.get("value").asDouble());
            assertTrue(v <= prev + 1e-12, "fourier sorted by |value|");
            prev = v;
        }
        assertTrue(Files.readString(html).contains("id=\"heatmap\""));
        // the JSON is the explanation: read back, it writes the same JSON (interactions recomputed from fourier)
        org.spex4j.api.Explanation back = org.spex4j.report.JsonReport.fromJson(r.out());
        assertEquals(r.out().strip(), org.spex4j.report.JsonReport.write(org.spex4j.report.JsonReport.toJson(back,
                org.spex4j.math.Index.FSII, 2, 10)).strip());
        assertEquals(7, j.get("shapley").size());
    }

    /** --batch-size/--batch-tokens cut passes differently without changing values; --mean-logprob divides. */
    @Test
    void valueOptionsReachTheModel() throws Exception {
        String[] common = {"explain", "--model", "stories260k", "--text", "Lily went to the park to play.", "--b", "3",
            "--json", "--continuation", "4"};
        JsonNode sum = json(common);
        JsonNode small = json(concat(common, "--batch-size", "3", "--batch-tokens", "40"));
        JsonNode mean = json(concat(common, "--mean-logprob"));
        // other pass shapes, other kernels: equal up to float32 rounding of a 4-token log-prob
        double scale = 4 * Float32.STORIES260K_LOG_SOFTMAX_SCALE;
        Float32.assertClose(sum.get("full").asDouble(), small.get("full").asDouble(), scale, Float32.STORIES260K,
                "full");
        Float32.assertClose(sum.get("baseline").asDouble(), small.get("baseline").asDouble(), scale,
                Float32.STORIES260K, "baseline");
        double tokens = sum.get("full").asDouble() / mean.get("full").asDouble();
        assertTrue(tokens >= 1 - 1e-6 && tokens <= 4 + 1e-6 && Math.abs(tokens - Math.rint(tokens)) < 1e-4,
                "sum / mean = " + tokens + " continuation tokens");
    }

    private static JsonNode json(String... args) throws Exception {
        Result r = run(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"explain", "recover", "models", "accuracy"}) {
            assertTrue(r.out().contains(c), r.out());
        }
        assertEquals(0, run("models").code());
    }

    /** Each option is described once: picocli 4.7.6 listed an exclusive group from a mixin twice (its #2309). */
    @Test
    void helpDescribesEachOptionOnce() {
        for (String command : new String[] {"explain", "explain-dataset"}) {
            String help = run(command, "--help").out();
            for (String option : new String[] {"--budget=N ", "--b=B ", "--model=NAME|PATH "}) {
                long lines = help.lines().filter(l -> l.strip().startsWith(option)).count();
                assertEquals(1, lines, command + " " + option + "\n" + help);
            }
        }
    }

    @Test
    void aClassifierIsExplainedOnTheClassItIsAskedFor() throws Exception {
        String dir = "tests/fixtures/hf/bert-classifier";
        Result r = run("explain", "--model", dir, "--text", "a brilliant film", "--class", "neutral", "--b", "2",
                "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("target").asText().contains("class \"neutral\" (index 1 of 3)")
                && j.get("target").asText().contains("p = "), j.get("target").asText());
        Result bad = run("explain", "--model", dir, "--text", "a brilliant film", "--class", "joyful");
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("0 = negative, 1 = neutral, 2 = positive"), bad.err());
        Result wrongTask = run("explain", "--model", dir, "--text", "a brilliant film", "--task", "sentiment");
        assertEquals(2, wrongTask.code(), wrongTask.err());
        assertTrue(wrongTask.err().contains("class"), wrongTask.err());
        assertTrue(run("models").out().contains("XLMRobertaForSequenceClassification"));
    }
}

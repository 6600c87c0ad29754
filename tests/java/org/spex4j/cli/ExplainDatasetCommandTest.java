package org.spex4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spex explain-dataset} end to end on the embedded Spark: JSON lines in, JSON lines out, an id column, the
 * row's record reproduced by {@code explain --seed}, and one-line usage errors before and after Spark starts.
 */
class ExplainDatasetCommandTest {
    static final String TEXT = "A gripping film with a weak ending.";

    @Test
    void usageErrorsExitWithTwoAndOneLine(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("rows.jsonl");
        Files.writeString(in, "{\"key\": \"a\", \"text\": \"good film\"}\n");
        Path twice = dir.resolve("twice.jsonl");
        Files.writeString(twice, "{\"key\": \"a\", \"text\": \"good\"}\n{\"key\": \"a\", \"text\": \"bad\"}\n");
        String out = dir.resolve("out").toString();
        for (String[] args : new String[][] {
            {"explain-dataset", "--input", in.toString(), "--column", "text"},                       // no --out
            {"explain-dataset", "--input", in.toString(), "--column", "text", "--out", out, "--format", "xml"},
            {"explain-dataset", "--input", in.toString(), "--column", "text", "--out", out, "--partition-rows", "0"},
            {"explain-dataset", "--input", in.toString(), "--column", "text", "--out", out, "--order", "9"},
            {"explain-dataset", "--input", in.toString(), "--column", "text", "--out", out, "--b", "0"},
            // these two start Spark first
            {"explain-dataset", "--input", in.toString(), "--column", "body", "--out", out, "--b", "2"},
            {"explain-dataset", "--input", dir.resolve("rows.txt").toString(), "--column", "text", "--out", out},
            // resuming matches rows by id: a repeated one is refused
            {"explain-dataset", "--input", twice.toString(), "--column", "text", "--id-column", "key", "--out", out},
        }) {
            CommandLineTest.Result r = CommandLineTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("spex: ")), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("out").resolve("_SUCCESS")));
        CommandLineTest.Result r = CommandLineTest.run("explain-dataset", "--input", twice.toString(), "--column",
                "text", "--id-column", "key", "--out", out, "--b", "2");
        assertTrue(r.err().contains("the id column 'key' repeats a (2 rows)"), r.err());
    }

    @Test
    void jsonLinesInAndOutAndExplainReproducesARow(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("rows.jsonl");
        Files.writeString(in, "{\"key\": \"r1\", \"text\": \"" + TEXT + "\"}\n{\"key\": \"r2\", \"text\": \"\"}\n");
        Path out = dir.resolve("out");
        String[] options = {"--b", "2", "--max-order", "2", "--seed", "3"};
        List<String> args = new ArrayList<>(List.of("explain-dataset", "--input", in.toString(), "--column", "text",
                "--id-column", "key", "--out", out.toString(), "--format", "jsonl", "--master", "local[1]",
                "--html", dir.resolve("report.html").toString()));
        args.addAll(List.of(options));
        CommandLineTest.Result r = CommandLineTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("2 rows in " + out + ": 2 explained now (1 errors), 0 already there"), r.out());

        String page = Files.readString(dir.resolve("report.html"));
        assertTrue(page.contains("<td>gripping</td>"), "word types of the explained row");
        assertTrue(page.contains("<td>r2</td><td>the input text is empty</td>"), "the error row");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    records.add(json.readTree(line));
                }
            }
        }
        assertEquals(2, records.size());
        JsonNode row = records.stream().filter(x -> x.get("id").asText().equals("r1")).findFirst().orElseThrow();
        JsonNode bad = records.stream().filter(x -> x.get("id").asText().equals("r2")).findFirst().orElseThrow();
        assertTrue(row.get("error").isNull(), "a JSON line keeps \"error\": null: " + row);
        assertEquals("the input text is empty", bad.get("error").asText());
        assertTrue(bad.get("explanation").isNull());

        List<String> single = new ArrayList<>(List.of("explain", "--text", TEXT, "--json"));
        single.addAll(List.of(options));
        single.set(single.indexOf("--seed") + 1, row.get("seed").asText());
        CommandLineTest.Result e = CommandLineTest.run(single.toArray(String[]::new));
        assertEquals(0, e.code(), e.err());
        assertEquals(json.readTree(e.out()).get("fourier"), row.get("explanation").get("fourier"));

        // a second run finds every row written
        r = CommandLineTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("2 rows in " + out + ": 0 explained now (0 errors), 2 already there"), r.out());
    }
}

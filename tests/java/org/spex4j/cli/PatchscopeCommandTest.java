package org.spex4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spex patchscope} on stories260k: the JSON shapes, the HTML page, and exit code 2 for user mistakes. */
class PatchscopeCommandTest {
    private static CommandLineTest.Result run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void onePatchPrintsTheDistributionAndTheContinuation(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("p.html");
        CommandLineTest.Result r = run("patchscope", "--source-prompt", "Lily went to the park.", "--position", "3",
                "--source-layer", "2", "--target-layer", "3", "--top", "4", "--steps", "3", "--json", "--html",
                html.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("stories260k", j.get("model").asText());
        assertEquals(5, j.get("layers").asInt());
        assertEquals(3, j.get("source").get("position").asInt());
        assertEquals(2, j.get("source").get("layer").asInt());
        assertEquals(3, j.get("target").get("layer").asInt());
        assertEquals("?", j.get("target").get("token").asText());
        assertEquals(4, j.get("next_tokens").size());
        double prev = 1;
        for (JsonNode c : j.get("next_tokens")) {
            assertTrue(c.get("probability").asDouble() <= prev);
            prev = c.get("probability").asDouble();
        }
        assertTrue(j.get("generated_ids").size() >= 1 && j.get("generated_ids").size() <= 3);
        assertTrue(Files.readString(html).contains("Patched next-token distribution"));

        CommandLineTest.Result text = run("patchscope", "--source-prompt", "Lily went to the park.", "--threads", "1");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("patched next-token distribution"), text.out());
    }

    @Test
    void logitLensAndSweep(@TempDir Path dir) throws Exception {
        CommandLineTest.Result lens = run("patchscope", "--logit-lens", "--source-prompt", "Lily went to the park.",
                "--position", "-2", "--json", "--threads", "1");
        assertEquals(0, lens.code(), lens.err());
        assertEquals(6, new ObjectMapper().readTree(lens.out()).get("logit_lens").size());

        Path html = dir.resolve("sweep.html");
        CommandLineTest.Result sweep = run("patchscope", "--sweep", "--source-prompt", "Lily went to the park.",
                "--expect", "next-token", "--json", "--html", html.toString(), "--threads", "1");
        assertEquals(0, sweep.code(), sweep.err());
        JsonNode j = new ObjectMapper().readTree(sweep.out());
        assertEquals("next-token", j.get("expected").asText());
        assertEquals(6, j.get("precision_at_1").size());
        assertEquals(1.0, j.get("precision_at_1").get(5).get(5).asDouble());
        assertTrue(Files.readString(html).contains("Precision@1"));

        CommandLineTest.Result md = run("patchscope", "--sweep", "--source-prompt", "The dog ran.", "--position",
                "2", "--threads", "1");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("Top-1 patched token"), md.out());
    }

    @Test
    void userMistakesExitWithTwo() {
        for (String[] args : new String[][] {
            {"patchscope"},
            {"patchscope", "--source-prompt", ""},
            {"patchscope", "--source-prompt", "Lily ran.", "--target-prompt", "  "},
            {"patchscope", "--source-prompt", "Lily ran.", "--source-layer", "6"},
            {"patchscope", "--source-prompt", "Lily ran.", "--target-layer", "-1"},
            {"patchscope", "--source-prompt", "Lily ran.", "--position", "40"},
            {"patchscope", "--source-prompt", "Lily ran.", "--target-position", "-99"},
            {"patchscope", "--source-prompt", "Lily ran.", "--top", "0"},
            {"patchscope", "--source-prompt", "Lily ran.", "--expect", "magic"},
            {"patchscope", "--sweep", "--source-layer", "2"},
            {"patchscope", "--sweep", "--logit-lens", "--source-prompt", "Lily ran."},
            {"patchscope", "--source-prompt", "Lily ran.", "--model", "/no/such/model"},
            {"patchscope", "--source-prompt", "Lily ran.", "--model", "minilm"},
            {"patchscope", "--source-prompt", "Lily ran.", "--device", "tpu"},
        }) {
            CommandLineTest.Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("spex: ")), r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertTrue(run("patchscope", "--source-prompt", "x", "--model", "minilm").err().contains("not a decoder"));
    }
}

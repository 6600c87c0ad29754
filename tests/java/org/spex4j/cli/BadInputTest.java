package org.spex4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.kernels.Kernels;

/** Inputs of the bad-input campaign (issue 20) that exited with 1 or an internal message: each is a usage error. */
class BadInputTest {
    private static final byte[] NOT_UTF8 = {'g', 'o', 'o', 'd', ' ', (byte) 0xff, (byte) 0xfe, ' ', 'f', 'i', 'l', 'm'};

    /** Exit 2 and one "spex: " line that contains {@code expected}, no stack trace, no Jackson source excerpt. */
    static void usageError(String expected, String... args) {
        CommandLineTest.Result r = CommandLineTest.run(args);
        String cmd = String.join(" ", args);
        assertEquals(2, r.code(), cmd + " -> " + r.err());
        String line = r.err().lines().filter(l -> l.startsWith("spex: ")).reduce((a, b) -> b).orElse("");
        assertTrue(line.contains(expected), cmd + " -> " + r.err());
        assertTrue(!r.err().contains("\tat ") && !r.err().contains("[Source"), cmd + " -> " + r.err());
    }

    static String coefficients(Path dir, String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f.toString();
    }

    @Test
    void recoverRefusesWhatItWouldTruncateOrOverflow(@TempDir Path dir) throws Exception {
        String one = "{\"features\": [1], \"value\": 2.0}";
        usageError("expected {\"n\": N >= 1",
                "recover", "--coefficients", coefficients(dir, "n.json", "{\"n\": 20.7, \"coefficients\": [" + one + "]}"));
        usageError("feature 1.9 is not in 0..19", "recover", "--coefficients",
                coefficients(dir, "f.json", "{\"n\": 20, \"coefficients\": [{\"features\": [1.9], \"value\": 2}]}"));
        usageError("not valid JSON", "recover", "--coefficients",
                coefficients(dir, "junk.json", "{\"n\": 20, \"coefficients\": [" + one + "]} junk"));
        usageError("scale them down", "recover", "--coefficients", coefficients(dir, "big.json",
                "{\"n\": 20, \"coefficients\": [{\"features\": [1], \"value\": 1e308},"
                        + " {\"features\": [2], \"value\": 1e308}]}"));
        Path bad = dir.resolve("bytes.json");
        Files.write(bad, ("{\"n\": 20, \"coefficients\": [{\"features\": [1], \"value\": 2, \"note\": \"").getBytes());
        Files.write(bad, new byte[] {(byte) 0xff, '"', '}', ']', '}'}, java.nio.file.StandardOpenOption.APPEND);
        usageError("not valid JSON", "recover", "--coefficients", bad.toString());
        if (!Kernels.cudaAvailable()) {
            usageError("--device cuda", "recover", "--coefficients", coefficients(dir, "ok.json",
                    "{\"n\": 20, \"coefficients\": [" + one + "]}"), "--b", "3", "--device", "cuda");
        }
        CommandLineTest.Result ok = CommandLineTest.run("recover", "--coefficients", coefficients(dir, "ok2.json",
                "{\"n\": 20, \"coefficients\": [" + one + "]}"), "--b", "3", "--device", "cpu", "--json");
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void unreadableTextIsNamed(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("review.txt");
        Files.write(text, NOT_UTF8);
        usageError("not UTF-8", "explain", "--file", text.toString());
        Path csv = dir.resolve("reviews.csv");
        Files.write(csv, "review,label\n".getBytes());
        Files.write(csv, NOT_UTF8, java.nio.file.StandardOpenOption.APPEND);
        usageError("not UTF-8", "explain", "--csv", csv.toString(), "--column", "review", "--row", "0");
        Path shortRow = dir.resolve("short.csv");
        Files.writeString(shortRow, "label,review\npositive\n");
        usageError("data row 0 has 1 fields and no 'review'", "explain", "--csv", shortRow.toString(), "--column",
                "review", "--row", "0");
    }

    /** b is checked before the model is loaded: a model path that does not exist is never reached. */
    @Test
    void badBIsRefusedBeforeTheModelLoads() {
        for (String b : new String[] {"0", "30"}) {
            usageError("b must be in", "explain", "--text", "good film", "--b", b, "--model", "/no/such/model");
        }
    }

    @Test
    void aModelDirectoryWithoutItsTokenizerIsAUsageError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
        usageError("no tokenizer.json", "explain", "--text", "good film", "--model", dir.toString(), "--b", "3");
    }
}

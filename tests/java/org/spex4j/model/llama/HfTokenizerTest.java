package org.spex4j.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer.json wrapper, exercised with the WordPiece tokenizer.json that ships with all-MiniLM-L6-v2. */
class HfTokenizerTest {
    /** The WordPiece tokenizer.json of all-MiniLM-L6-v2, copied into {@code dir}. */
    private static Path miniLmTokenizer(Path dir) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        try (InputStream in = HfTokenizerTest.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, json);
        }
        return json;
    }

    @Test
    void encodesWithSpansAndAddsSpecialTokensById(@TempDir Path dir) throws IOException {
        Path json = miniLmTokenizer(dir);
        try (HfTokenizer tok = new HfTokenizer(json, 30522, 101, 102)) {
            String text = "The movie was greatly terrible!";
            TextTokenizer.Encoding e = tok.encode(text, true, true);
            assertEquals(101, e.ids()[0]);
            assertEquals(102, e.ids()[e.size() - 1]);
            assertTrue(e.isSpecial(0) && e.isSpecial(e.size() - 1));
            StringBuilder covered = new StringBuilder();
            for (int i = 1; i < e.size() - 1; i++) {
                covered.append(text, e.starts()[i], e.ends()[i]).append('|');
            }
            String spans = covered.toString();
            assertTrue(spans.startsWith("The|movie|was|") && spans.endsWith("terrible|!|"), spans);
            assertEquals(e.size() - 2, tok.encode(text, false, false).size());
            assertEquals("the movie was greatly terrible!", tok.decode(e.ids()));
            assertRefused(IllegalArgumentException.class, () -> tok.decode(new int[] {30522}),
                    "token id 30522 is outside the vocabulary [0, 30522)");
        }
        assertRefused(IllegalArgumentException.class, () -> new HfTokenizer(dir.resolve("none.json"), 10, 1, 2),
                "none.json", "does not exist");
    }

    /** Spans index the Java string (UTF-16), also after characters outside the BMP, which count two chars each. */
    @Test
    void spansAreUtf16IndicesAfterEmoji(@TempDir Path dir) throws IOException {
        Path json = miniLmTokenizer(dir);
        try (HfTokenizer tok = new HfTokenizer(json, 30522, 101, 102)) {
            String text = "\uD83D\uDE00 loved \uD83C\uDF7F this \uD83D\uDC4D film";
            TextTokenizer.Encoding e = tok.encode(text, false, false);
            StringBuilder words = new StringBuilder();
            for (int i = 0; i < e.size(); i++) {
                String piece = text.substring(e.starts()[i], e.ends()[i]);
                if (Character.isLetter(piece.charAt(0))) {
                    words.append(piece).append('|');
                }
            }
            assertEquals("loved|this|film|", words.toString());
        }
    }
}

package org.spex4j.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaTokenizerTest {
    static LlamaTokenizer tok;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LlamaTokenizerTest.class.getClassLoader()
                .getResourceAsStream(LlamaModel.STORIES_TOKENIZER)) {
            tok = LlamaTokenizer.read(in, LlamaModel.STORIES_TOKENIZER, 512);
        }
    }

    @Test
    void knownVector() {
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, tok.encodeIds("Once upon a time", true, false));
        assertArrayEquals(new int[] {403, 407, 261, 378, 2}, tok.encodeIds("Once upon a time", false, true));
        assertEquals(512, tok.vocabSize());
        assertArrayEquals(new int[] {1}, tok.encodeIds("", true, false));  // no dummy prefix for empty text
        assertEquals("", tok.decode(new int[] {1}));
    }

    @Test
    void spansCoverTheText() {
        String text = "Once upon a time";
        TextTokenizer.Encoding e = tok.encode(text, true, true);
        assertTrue(e.isSpecial(0));
        assertTrue(e.isSpecial(e.size() - 1));
        assertArrayEquals(new int[] {-1, 0, 4, 9, 11, -1}, e.starts());
        assertArrayEquals(new int[] {-1, 4, 9, 11, 16, -1}, e.ends());
        for (int i = 1; i < e.size() - 1; i++) {
            assertEquals(tok.piece(e.ids()[i]).strip(), text.substring(e.starts()[i], e.ends()[i]).strip());
        }
    }

    @Test
    void byteFallbackForUnknownCharacters() {
        String text = "日";  // E6 97 A5, not in the 512-token vocabulary
        TextTokenizer.Encoding e = tok.encode(text, false, false);
        int n = e.size();
        assertArrayEquals(new int[] {0xE6 + 3, 0x97 + 3, 0xA5 + 3},
                java.util.Arrays.copyOfRange(e.ids(), n - 3, n));
        for (int i = n - 3; i < n; i++) {
            assertEquals(0, e.starts()[i]);
            assertEquals(1, e.ends()[i]);
        }
        assertEquals("<0xE6>", tok.piece(0xE6 + 3));
    }

    @Test
    void roundTrips() {
        String[] texts = {"Once upon a time, there was a little girl named Lily.", "Hello  world!\n\tTabs & {braces}",
            " leading space", "naïve café — 日本語 🙂 ✓", "x", "The END.\n\n"};
        for (String t : texts) {
            int[] ids = tok.encodeIds(t, true, false);
            assertEquals(t, tok.decode(ids), "round trip of '" + t + "'");
            int[] withEos = tok.encodeIds(t, true, true);
            assertEquals(t, tok.decode(withEos));
            for (int id : ids) {
                assertTrue(id >= 0 && id < 512);
            }
        }
    }

    /** The priority-queue merge must choose exactly what run.c's quadratic scan chooses. */
    @Test
    void mergesMatchRunCScan() {
        Random rnd = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz  ,.!'\"\nOLTSé日";
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(60);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            assertArrayEquals(runC(text), tok.encodeIds(text, false, false), "text '" + text + "'");
        }
        assertArrayEquals(runC("Once upon a time"), tok.encodeIds("Once upon a time", false, false));
    }

    /** A direct transcription of run.c's encode (without BOS/EOS), for comparison. */
    private static int[] runC(String text) {
        Map<String, Integer> lookup = new HashMap<>();
        String[] pieces = new String[tok.vocabSize()];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = new String(tok.piece(i).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            lookup.putIfAbsent(pieces[i], i);
        }
        List<Integer> tokens = new ArrayList<>();
        if (!text.isEmpty()) {
            tokens.add(lookup.get(" "));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder buf = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                buf.setLength(0);
            }
            buf.append((char) c);
            if (i + 1 < bytes.length && (bytes[i + 1] & 0xC0) == 0x80 && buf.length() < 4) {
                continue;
            }
            Integer id = lookup.get(buf.toString());
            if (id != null) {
                tokens.add(id);
            } else {
                for (int k = 0; k < buf.length(); k++) {
                    tokens.add(buf.charAt(k) + 3);
                }
            }
            buf.setLength(0);
        }
        while (true) {
            float best = -1e10f;
            int bestId = -1, bestIdx = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Integer id = lookup.get(pieces[tokens.get(i)] + pieces[tokens.get(i + 1)]);
                if (id != null && tok.score(id) > best) {
                    best = tok.score(id);
                    bestId = id;
                    bestIdx = i;
                }
            }
            if (bestIdx == -1) {
                break;
            }
            tokens.set(bestIdx, bestId);
            tokens.remove(bestIdx + 1);
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void badInput(@TempDir Path dir) throws IOException {
        assertRefused(IllegalArgumentException.class, () -> tok.decode(new int[] {512}),
                "token id 512 is outside the vocabulary [0, 512)");
        assertRefused(IllegalArgumentException.class, () -> tok.decode(new int[] {-1}),
                "token id -1 is outside the vocabulary");
        assertRefused(IllegalArgumentException.class, () -> LlamaTokenizer.read(dir.resolve("missing.bin")),
                "not found", "missing.bin");
        Path trunc = dir.resolve("trunc.bin");
        byte[] data;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(LlamaModel.STORIES_TOKENIZER)) {
            data = in.readAllBytes();
        }
        Files.write(trunc, java.util.Arrays.copyOf(data, data.length - 3));
        assertRefused(IllegalArgumentException.class, () -> LlamaTokenizer.read(trunc), "corrupt", "trunc.bin");
        Path good = dir.resolve("tok.bin");
        Files.write(good, data);
        assertRefused(IllegalArgumentException.class, () -> LlamaTokenizer.read(good, 32000), "32000");
        assertEquals(512, LlamaTokenizer.read(good).vocabSize());
    }
}

package org.spex4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Words and sentences in any language, with spans that point back into the text. */
class SegmenterTest {
    /** The paper's rule, kept for space-separated text: maximal runs of non-whitespace. */
    static List<Segment> whitespaceWords(String text) {
        List<Segment> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(text);
        while (m.find()) {
            out.add(new Segment(m.group(), m.start(), m.end()));
        }
        return out;
    }

    static List<String> texts(List<Segment> segments) {
        return segments.stream().map(Segment::text).toList();
    }

    /** Every span is the segment's text, spans are increasing, and nothing but whitespace lies outside them. */
    static void assertSpans(String text, List<Segment> segments) {
        int last = 0;
        for (Segment s : segments) {
            assertEquals(s.text(), text.substring(s.start(), s.end()), s.toString());
            assertTrue(s.start() >= last, "overlap at " + s);
            assertTrue(text.substring(last, s.start()).isBlank(), "lost '" + text.substring(last, s.start()) + "'");
            last = s.end();
        }
        assertTrue(text.substring(last).isBlank());
    }

    /** The study's input: all 160 reviews segment exactly as before ICU (so its results stand). */
    @Test
    void thePapersReviewsKeepTheirWords() throws Exception {
        int reviews = 0;
        try (Reader r = Files.newBufferedReader(Path.of("data/sentiment.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                String review = rec.get("review");
                assertEquals(whitespaceWords(review), Segmenter.words(review), review);
                reviews++;
            }
        }
        assertEquals(160, reviews);
    }

    @Test
    void japaneseIsSplitIntoWordsAndSentences() {
        String text = "素晴らしい映画でした。演技も最高。でも結末は弱い。";
        List<Segment> words = Segmenter.words(text);
        assertSpans(text, words);
        assertTrue(words.size() >= 8, texts(words).toString());
        assertTrue(texts(words).contains("映画"), texts(words).toString());
        // punctuation joins the word before it, as "acting." keeps its period in English
        words.forEach(w -> assertTrue(!w.text().startsWith("。"), texts(words).toString()));
        assertTrue(words.get(words.size() - 1).text().endsWith("。"));
        List<Segment> sentences = Segmenter.sentences(text);
        assertSpans(text, sentences);
        assertEquals(List.of("素晴らしい映画でした。", "演技も最高。", "でも結末は弱い。"), texts(sentences));
    }

    @Test
    void chineseAndThaiUseTheDictionaries() {
        String zh = "我喜欢这部电影，但是结局很弱。";
        List<Segment> w = Segmenter.words(zh);
        assertSpans(zh, w);
        assertTrue(w.size() >= 5, texts(w).toString());
        assertTrue(texts(w).contains("电影，"), texts(w).toString());
        String th = "ฉันชอบหนังเรื่องนี้มาก";
        List<Segment> t = Segmenter.words(th);
        assertSpans(th, t);
        assertTrue(t.size() >= 4, texts(t).toString());
        assertTrue(texts(t).contains("หนัง"), texts(t).toString());
    }

    @Test
    void spacedTextMixedWithUnspacedScriptSplitsOnlyTheUnspacedRun() {
        String text = "I watched 君の名は twice, loved it 😍";
        List<Segment> w = Segmenter.words(text);
        assertSpans(text, w);
        assertEquals(List.of("I", "watched"), texts(w).subList(0, 2));
        assertEquals(List.of("twice,", "loved", "it", "😍"), texts(w).subList(w.size() - 4, w.size()));
        assertTrue(w.size() > 7, texts(w).toString());   // the title is more than one word
        Segment emoji = w.get(w.size() - 1);
        assertEquals(2, emoji.end() - emoji.start());     // a surrogate pair: two UTF-16 units
    }

    @Test
    void sentencesKnowAbbreviationsAndLineBreaks() {
        String text = "Mr. Smith went to Washington. He liked it!\nThe end";
        List<Segment> s = Segmenter.sentences(text);
        assertSpans(text, s);
        assertEquals(List.of("Mr. Smith went to Washington.", "He liked it!", "The end"), texts(s));
        String german = "Der Film war gut. Das Ende war schwach.";
        assertEquals(List.of("Der Film war gut.", "Das Ende war schwach."), texts(Segmenter.sentences(german)));
    }
}

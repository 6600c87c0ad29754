package org.spex4j.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into features with their character spans (UTF-16 indices into the text), in any language.
 *
 * <p>Words: text is first split at whitespace, as the paper does, so a word keeps its punctuation ("acting.") and
 * space-separated text (English, most European languages, Korean) segments exactly as before. A whitespace-free run
 * that holds a script written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) is split further
 * by ICU's dictionary-based word BreakIterator; punctuation and symbols there join the word before them (the
 * paper's "acting." again), or the first word when they open the run.
 *
 * <p>Sentences: ICU's sentence BreakIterator ("。", "！", "?" and "." in every script; line breaks end a sentence;
 * common English abbreviations such as "Mr." and "e.g." do not), with the surrounding whitespace trimmed.
 */
public final class Segmenter {
    private Segmenter() {}

    /** "ss=standard" suppresses breaks after known abbreviations; other languages' rules are unchanged by it. */
    private static final ULocale SENTENCE_LOCALE = new ULocale("en@ss=standard");

    /**
     * The features of {@code text} at granularity {@code g}; {@code tokens} gives the model tokens' character spans
     * (tokens without a span, such as [CLS] or BOS, are not features).
     */
    public static List<Segment> of(Granularity g, String text, Tokenized tokens) {
        switch (g) {
            case WORDS:
                return words(text);
            case SENTENCES:
                return sentences(text);
            default:
                List<Segment> out = new ArrayList<>();
                for (int i = 0; i < tokens.length(); i++) {
                    if (tokens.charStart()[i] >= 0) {
                        int s = tokens.charStart()[i], e = Math.max(tokens.charEnd()[i], s);
                        out.add(new Segment(text.substring(s, e), s, e));
                    }
                }
                return out;
        }
    }

    public static List<Segment> words(String text) {
        List<Segment> out = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (hasUnspacedScript(text, start, i)) {
                    dictionaryWords(text, start, i, out);
                } else {
                    out.add(new Segment(text.substring(start, i), start, i));
                }
            }
        }
        return out;
    }

    public static List<Segment> sentences(String text) {
        List<Segment> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(SENTENCE_LOCALE);
        it.setText(text);
        for (int from = it.first(), to = it.next(); to != BreakIterator.DONE; from = to, to = it.next()) {
            add(text, from, to, out);
        }
        return out;
    }

    /** Whether [from, to) holds a letter of a script that is written without spaces between words. */
    static boolean hasUnspacedScript(String text, int from, int to) {
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            switch (UScript.getScript(cp)) {
                case UScript.HAN, UScript.HIRAGANA, UScript.KATAKANA, UScript.THAI, UScript.LAO, UScript.KHMER,
                        UScript.MYANMAR -> {
                    return true;
                }
                default -> { }
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** ICU's words of [from, to), a run without whitespace; a piece with no letter or digit joins its neighbour. */
    private static void dictionaryWords(String text, int from, int to, List<Segment> out) {
        BreakIterator it = BreakIterator.getWordInstance(ULocale.ROOT);
        it.setText(text.substring(from, to));
        int wordStart = from, wordEnd = from;
        boolean open = false;  // whether [wordStart, wordEnd) has a letter or digit yet
        for (int a = it.first(), b = it.next(); b != BreakIterator.DONE; a = b, b = it.next()) {
            boolean word = hasLetterOrDigit(text, from + a, from + b);
            if (word && open) {
                out.add(new Segment(text.substring(wordStart, wordEnd), wordStart, wordEnd));
                wordStart = from + a;
            }
            open |= word;
            wordEnd = from + b;
        }
        out.add(new Segment(text.substring(wordStart, wordEnd), wordStart, wordEnd));
    }

    private static boolean hasLetterOrDigit(String text, int from, int to) {
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            if (UCharacter.isLetterOrDigit(cp) || UCharacter.hasBinaryProperty(cp, UProperty.ALPHABETIC)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static void add(String text, int from, int to, List<Segment> out) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (to > from) {
            out.add(new Segment(text.substring(from, to), from, to));
        }
    }
}

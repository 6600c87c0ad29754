package org.spex4j.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into features with their character spans: words by whitespace (as the paper does), sentences at
 * '.', '!' or '?' (with any closing quotes or brackets) followed by whitespace, or at line breaks.
 */
public final class Segmenter {
    private Segmenter() {}

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
                out.add(new Segment(text.substring(start, i), start, i));
            }
        }
        return out;
    }

    public static List<Segment> sentences(String text) {
        List<Segment> out = new ArrayList<>();
        int n = text.length(), start = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean end = false;
            int cut = i + 1;
            if (c == '.' || c == '!' || c == '?') {
                while (cut < n && "\"')]”’".indexOf(text.charAt(cut)) >= 0) {
                    cut++;
                }
                end = cut == n || Character.isWhitespace(text.charAt(cut));
            } else if (c == '\n') {
                end = true;
            }
            if (end) {
                add(text, start, cut, out);
                start = cut;
                i = cut - 1;
            }
        }
        add(text, start, n, out);
        return out;
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

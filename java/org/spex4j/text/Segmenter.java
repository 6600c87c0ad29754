package org.spex4j.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into features with their character spans: words by whitespace (as the paper does), sentences at
 * '.', '!' or '?' (with any closing quotes or brackets) followed by whitespace, or at line breaks.
 */
public final class Segmenter {
    private Segmenter() {}

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

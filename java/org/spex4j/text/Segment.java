package org.spex4j.text;

/** One feature of a text: its string and its character span [start, end) in the text. */
public record Segment(String text, int start, int end) {
    public Segment {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}

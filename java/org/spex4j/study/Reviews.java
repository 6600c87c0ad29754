package org.spex4j.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/** The paper's 160 reviews bundled as {@code data/sentiment.csv} (columns include review, label and n). */
public final class Reviews {
    private Reviews() {}

    /** Every review, in file order. */
    public static List<CSVRecord> bundled() {
        InputStream in = Reviews.class.getClassLoader().getResourceAsStream("data/sentiment.csv");
        if (in == null) {
            throw new IllegalStateException("data/sentiment.csv is not on the class path");
        }
        try {
            return Study.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled data/sentiment.csv", e);
        }
    }
}

package org.spex4j.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.spex4j.kernels.Kernels;

/**
 * Accuracy of the zero-shot {@link Task#SENTIMENT} value function on labelled reviews (the paper's 160 reviews by
 * default, bundled as data/sentiment.csv): a review counts as positive when its log-odds is above 0.
 */
public final class SentimentAccuracy {
    /** One review's outcome. */
    public record Row(int words, String label, double logOdds) {
        public boolean correct() {
            return (logOdds > 0) == label.equals("positive");
        }
    }

    /** The columns a labelled CSV must have: the text, its word count and its label (positive or negative). */
    public static final List<String> COLUMNS = List.of("review", "n", "sentiment");

    private SentimentAccuracy() {}

    /** Reads review/sentiment/n from the CSV (null: the bundled data) and scores every review. */
    public static List<Row> run(Path csv) throws IOException {
        List<CSVRecord> records;
        try (Reader r = csv == null ? bundled() : Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            String where = csv == null ? "data/sentiment.csv" : csv.toString();
            List<String> missing = COLUMNS.stream().filter(c -> !p.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {  // checked before the model loads; else every row would count as 0 of 0
                throw new IllegalArgumentException(where + " lacks the column" + (missing.size() == 1 ? " " : "s ")
                        + String.join(", ", missing) + " (it needs " + String.join(", ", COLUMNS) + "; it has "
                        + String.join(", ", p.getHeaderNames()) + ")");
            }
            records = p.getRecords();
            if (records.isEmpty()) {
                throw new IllegalArgumentException(where + " has no data rows");
            }
        }
        List<Row> out = new ArrayList<>();
        try (EncoderTextModel m = (EncoderTextModel) Models.load("minilm", Kernels.Device.CPU)) {
            for (CSVRecord rec : records) {
                out.add(new Row(Integer.parseInt(rec.get("n")), rec.get("sentiment"), m.sentiment(rec.get("review"))));
            }
        }
        return out;
    }

    private static Reader bundled() {
        InputStream in = SentimentAccuracy.class.getClassLoader().getResourceAsStream("data/sentiment.csv");
        if (in == null) {
            throw new IllegalStateException("data/sentiment.csv is not on the class path");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}

package org.spex4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.spex4j.model.SentimentAccuracy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spex accuracy}: how often minilm's zero-shot sentiment agrees with the labels. */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = "Accuracy of minilm's zero-shot sentiment task on labelled reviews (default: the paper's 160).")
final class AccuracyCommand implements Callable<Integer> {
    @Option(names = "--csv", paramLabel = "PATH", description = "CSV with columns review, n, sentiment")
    Path csv;

    @Override
    public Integer call() throws Exception {
        List<SentimentAccuracy.Row> rows;
        try {
            rows = SentimentAccuracy.run(csv);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("cannot read " + csv + ": no such file");
        }
        TreeMap<Integer, int[]> groups = new TreeMap<>();
        int correct = 0;
        for (SentimentAccuracy.Row r : rows) {
            int lo = Integer.highestOneBit(Math.max(r.words(), 1));
            int[] g = groups.computeIfAbsent(lo, k -> new int[2]);
            g[0] += r.correct() ? 1 : 0;
            g[1]++;
            correct += r.correct() ? 1 : 0;
        }
        System.out.printf("zero-shot sentiment (minilm): %d of %d correct, accuracy %.3f%n", correct, rows.size(),
                (double) correct / rows.size());
        for (var e : groups.entrySet()) {
            System.out.printf("  words %4d-%-4d  %2d/%2d%n", e.getKey(), 2 * e.getKey() - 1, e.getValue()[0],
                    e.getValue()[1]);
        }
        return 0;
    }
}

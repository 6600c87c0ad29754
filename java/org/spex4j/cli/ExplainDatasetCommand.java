package org.spex4j.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.spex4j.ExplainOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spex explain-dataset}: every row of a CSV, Parquet or JSON-lines file, on an embedded Spark
 * ({@code --master local[*]}) or a cluster. The Spark work lives in {@link DatasetRun}, loaded only when the command
 * runs, so that the other commands start without Spark's classes.
 */
@picocli.CommandLine.Command(name = "explain-dataset", mixinStandardHelpOptions = true,
        description = {"Explains every row of a data set (CSV with a header row, Parquet or JSON lines) into a "
                + "directory: one record per row with id, seed, explanation (the explain --json fields) and error. "
                + "A rerun on the same directory explains only the rows not written yet.",
            "Example: ./spex explain-dataset --input data/sentiment.csv --column review --out runs/reviews --b 4"})
final class ExplainDatasetCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a .csv (header row), .parquet or .jsonl file (or a directory of them named so)")
    String input;

    @picocli.CommandLine.Option(names = "--column", required = true, paramLabel = "NAME",
            description = "the column holding the text")
    String column;

    @picocli.CommandLine.Option(names = "--id-column", paramLabel = "NAME",
            description = "the column identifying a row (unique); default: the 0-based row number")
    String idColumn;

    @picocli.CommandLine.Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the output directory; an existing one is completed (only missing rows are explained)")
    String out;

    @picocli.CommandLine.Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|jsonl",
            description = "parquet (default; explanation as a nested struct) or jsonl (one JSON object per line)")
    String format;

    @picocli.CommandLine.Option(names = "--master", defaultValue = "local[*]", paramLabel = "local[*]|URL",
            description = "Spark master (default local[*]: embedded, every core); ignored under spark-submit")
    String master;

    @picocli.CommandLine.Option(names = "--partition-rows", defaultValue = "4", paramLabel = "N",
            description = "rows per task and per output file at most (default 4; fewer where that keeps every "
                    + "core busy): a kill loses at most this many rows per running task")
    int partitionRows;

    @picocli.CommandLine.Mixin
    ExplainOptionsArgs opts = new ExplainOptionsArgs();

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--html", paramLabel = "PATH",
            description = "also write a data set report: word types by mean |Shapley value|, frequent strong "
                    + "interactions, the rows not explained")
    java.nio.file.Path html;

    @picocli.CommandLine.Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Override
    public Integer call() {
        if (partitionRows < 1) {
            throw new UsageException("--partition-rows must be >= 1, got " + partitionRows);
        }
        if (!format.toLowerCase(Locale.ROOT).matches("parquet|jsonl")) {
            throw new UsageException("--format must be parquet or jsonl, got '" + format + "'");
        }
        OutputFile.requireWritable(html, "--html");
        ExplainOptions options = opts.toOptions(   // checked before Spark starts
                option -> spec.commandLine().getParseResult().hasMatchedOption(option));
        return DatasetRun.run(this, options);
    }
}

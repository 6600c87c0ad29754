package org.spex4j.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spex4j.ExplainOptions;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.report.DatasetReport;

/**
 * A file of texts to a directory of explanations, one record per row ({@code id}, {@code seed},
 * {@code explanation}, {@code error}), resumable: a rerun on the same directory explains only the rows whose records
 * are not there yet.
 *
 * <p>Records are written by Spark's file committer in its direct mode (algorithm 2): a task writes its partition
 * under {@code DIR/_temporary} (which readers skip) and moves the finished file into DIR with one rename when the
 * task commits. A kill leaves whole files or hidden ones, never a torn record; the rows of the files that made it
 * are read back on the next run and skipped. Partitions are small (at most {@code rowsPerPartition} rows), so a
 * kill loses at most that many rows per running task.
 */
public final class ExplainDatasetJob {
    /** Output formats: Parquet (explanation as a nested struct) or JSON lines (one object per line). */
    public enum Format {
        PARQUET("parquet", ".parquet"), JSONL("json", ".json");

        final String spark;
        final String suffix;

        Format(String spark, String suffix) {
            this.spark = spark;
            this.suffix = suffix;
        }

        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "parquet" -> PARQUET;
                case "jsonl", "json" -> JSONL;
                default -> throw new IllegalArgumentException("--format must be parquet or jsonl, got '" + s + "'");
            };
        }
    }

    /** What to run: input file, its text and id columns (id null: row numbers), output directory and format. */
    public record Plan(String input, String column, String idColumn, String out, Format format,
            ExplainOptions options, Index index, int top, int rowsPerPartition) {
        public Plan {
            if (rowsPerPartition < 1) {
                throw new IllegalArgumentException("rows per partition must be >= 1, got " + rowsPerPartition);
            }
        }
    }

    /** What a run did: rows in the input, rows already in DIR, rows explained now and how many of them failed. */
    public record Summary(long rows, long alreadyDone, long explained, long errors, double seconds) {
        public double rowsPerSecond() {
            return seconds > 0 ? explained / seconds : 0;
        }
    }

    private ExplainDatasetJob() {}

    /**
     * Runs {@code plan} on {@code spark}; {@code progress} gets a line now and then (rows done / to do, ETA).
     *
     * @throws IllegalArgumentException for a bad input (no such file or column, unknown extension, DIR in another
     *                                  format)
     */
    public static Summary run(SparkSession spark, Plan plan, Consumer<String> progress) {
        // row numbers are the file's order only when one task reads the whole file: no splits while this runs
        String key = "spark.sql.files.maxPartitionBytes";
        String before = plan.idColumn() == null ? spark.conf().get(key) : null;
        if (before != null) {
            spark.conf().set(key, String.valueOf(Long.MAX_VALUE));
        }
        try {
            return runPlan(spark, plan, progress);
        } finally {
            if (before != null) {
                spark.conf().set(key, before);
            }
        }
    }

    private static Summary runPlan(SparkSession spark, Plan plan, Consumer<String> progress) {
        long start = System.nanoTime();
        Dataset<Row> input = read(spark, plan.input());
        DatasetExplainer.fieldIndex(input.schema(), plan.column(), "text");
        if (plan.idColumn() != null) {
            DatasetExplainer.fieldIndex(input.schema(), plan.idColumn(), "id");
        }
        Dataset<Row> keyed = plan.idColumn() == null
                ? DatasetExplainer.withRowNumbers(input.select(col(plan.column()).as("text")), DatasetExplainer.ID)
                        .select(col(DatasetExplainer.ID), col("text"))
                : input.select(col(plan.idColumn()).as(DatasetExplainer.ID), col(plan.column()).as("text"));
        long total = keyed.count();
        if (plan.idColumn() != null) {
            requireUniqueIds(keyed, plan.idColumn(), total);
        }
        Dataset<Row> done = doneIds(spark, plan);
        Dataset<Row> todo = done == null ? keyed
                : keyed.join(done, keyed.col(DatasetExplainer.ID).cast(DataTypes.StringType)
                        .equalTo(done.col("done_id")), "left_anti");
        long remaining = done == null ? total : todo.count();
        if (remaining == 0) {
            return new Summary(total, total, 0, 0, (System.nanoTime() - start) / 1e9);
        }
        // at most rowsPerPartition rows a task, in whole waves of the cluster's task slots: no core idles while
        // a last, lone partition runs
        long slots = Math.max(1, spark.sparkContext().defaultParallelism());
        long byRows = (remaining + plan.rowsPerPartition() - 1) / plan.rowsPerPartition();
        int partitions = (int) Math.min(Integer.MAX_VALUE, Math.min(remaining, (byRows + slots - 1) / slots * slots));
        DatasetExplainer.Counters counters = new DatasetExplainer.Counters(
                spark.sparkContext().longAccumulator("spex rows"), spark.sparkContext().longAccumulator("spex errors"));
        Dataset<Row> explained = DatasetExplainer.explain(todo.repartition(partitions), "text", DatasetExplainer.ID,
                plan.options(), plan.index(), plan.top(), counters);
        Dataset<Row> records = DatasetExplainer.withStructExplanation(explained).select(col(DatasetExplainer.ID),
                col(DatasetExplainer.SEED), col(DatasetExplainer.EXPLANATION), col(DatasetExplainer.ERROR));
        Thread reporter = progressReporter(counters, remaining, total - remaining, progress);
        reporter.start();
        try {
            records.write().mode(SaveMode.Append)
                    // direct task commit: a task's file appears in DIR by one rename, nothing waits for the job
                    .option("mapreduce.fileoutputcommitter.algorithm.version", "2")
                    .option("ignoreNullFields", "false")  // JSON lines keep "error": null
                    .format(plan.format().spark)
                    .save(plan.out());
        } finally {
            reporter.interrupt();
        }
        return new Summary(total, total - remaining, counters.rows().value(), counters.errors().value(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Resuming matches records to rows by id: a null or repeated id would be explained again, or once for two rows. */
    static void requireUniqueIds(Dataset<Row> keyed, String column, long total) {
        long missing = keyed.filter(col(DatasetExplainer.ID).isNull()).count();
        if (missing > 0) {
            throw new IllegalArgumentException(missing + " row(s) have no value in the id column '" + column
                    + "'; every row needs a unique id");
        }
        List<Row> repeated = keyed.groupBy(col(DatasetExplainer.ID)).count().filter(col("count").gt(1)).limit(1)
                .collectAsList();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException("the id column '" + column + "' repeats " + repeated.get(0).get(0)
                    + " (" + repeated.get(0).getLong(1) + " rows); every row needs a unique id");
        }
    }

    /**
     * Every record in {@code out} for the data set report: id (as text), features, Fourier terms or error. Collected on
     * the driver: about a kilobyte a row.
     */
    public static List<DatasetReport.Row> records(SparkSession spark, String out, Format format) {
        StructType schema = new StructType().add(DatasetExplainer.ID, DataTypes.StringType)
                .add(DatasetExplainer.SEED, DataTypes.LongType)
                .add(DatasetExplainer.EXPLANATION, DatasetExplainer.explanationSchema())
                .add(DatasetExplainer.ERROR, DataTypes.StringType);
        Dataset<Row> d = format == Format.PARQUET ? spark.read().parquet(out) : spark.read().schema(schema).json(out);
        List<DatasetReport.Row> rows = new ArrayList<>();
        for (Row r : d.select(col(DatasetExplainer.ID).cast(DataTypes.StringType),
                col(DatasetExplainer.EXPLANATION + ".features"), col(DatasetExplainer.EXPLANATION + ".fourier"),
                col(DatasetExplainer.ERROR)).collectAsList()) {
            if (r.isNullAt(1) || r.isNullAt(2)) {
                rows.add(new DatasetReport.Row(r.getString(0), null, null, r.isNullAt(3) ? "no explanation"
                        : r.getString(3)));
                continue;
            }
            List<String> features = r.getList(1);
            Map<FeatureSet, Double> terms = new HashMap<>();
            for (Row t : r.<Row>getList(2)) {
                List<Integer> f = t.getList(0);
                terms.put(FeatureSet.of(f.stream().mapToInt(Integer::intValue).toArray()), t.getDouble(1));
            }
            rows.add(new DatasetReport.Row(r.getString(0), features,
                    SparseCoefficients.of(features.size(), Basis.FOURIER, terms), null));
        }
        return rows;
    }

    /** CSV (header row), Parquet or JSON lines, by the path's extension. */
    static Dataset<Row> read(SparkSession spark, String path) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        DataFrameReader r = spark.read();
        if (!exists(spark, path)) {
            throw new IllegalArgumentException("cannot read " + path + ": no such file");
        }
        if (p.endsWith(".csv")) {
            // RFC 4180 quoting (doubled quotes), fields over several lines: as explain --csv reads it
            return r.option("header", "true").option("multiLine", "true").option("escape", "\"").csv(path);
        }
        if (p.endsWith(".parquet")) {
            return r.parquet(path);
        }
        if (p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".ndjson")) {
            return r.json(path);
        }
        throw new IllegalArgumentException("cannot tell the format of " + path + ": use a .csv (with a header row), "
                + ".parquet or .jsonl file");
    }

    /** The ids (as text, column done_id) of the records already in DIR, or null when it has none. */
    static Dataset<Row> doneIds(SparkSession spark, Plan plan) {
        List<String> files = dataFiles(spark, plan.out());
        if (files.isEmpty()) {
            return null;
        }
        for (String f : files) {
            if (!f.contains(plan.format().suffix)) {
                throw new IllegalArgumentException(plan.out() + " already holds output in another format (" + f
                        + "); rerun with the format it was written in, or use another --out");
            }
        }
        Dataset<Row> ids = plan.format() == Format.PARQUET
                ? spark.read().parquet(plan.out()).select(col(DatasetExplainer.ID).cast(DataTypes.StringType))
                // a string field reads any JSON value as its text: 5 and "5" both read as 5
                : spark.read().schema(new StructType().add(DatasetExplainer.ID, DataTypes.StringType))
                        .json(plan.out());
        return ids.toDF("done_id").distinct();
    }

    /** The names of the visible data files directly in {@code dir} (Spark's readers skip _ and . names too). */
    static List<String> dataFiles(SparkSession spark, String dir) {
        List<String> names = new ArrayList<>();
        try {
            Path path = new Path(dir);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                return names;
            }
            if (!fs.getFileStatus(path).isDirectory()) {
                throw new IllegalArgumentException("--out " + dir + " is a file, not a directory");
            }
            for (FileStatus s : fs.listStatus(path)) {
                String n = s.getPath().getName();
                if (s.isFile() && !n.startsWith("_") && !n.startsWith(".") && s.getLen() > 0) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return names;
    }

    private static boolean exists(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            return false;
        }
    }

    /** A daemon thread that reports rows done / to do, errors and the ETA when they change (at most every 2 s). */
    private static Thread progressReporter(DatasetExplainer.Counters c, long todo, long skipped,
            Consumer<String> out) {
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            long last = -1;
            try {
                while (true) {
                    Thread.sleep(2000);
                    long done = c.rows().value();
                    if (done == last) {
                        continue;
                    }
                    last = done;
                    double s = (System.nanoTime() - start) / 1e9;
                    String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", s / done * (todo - done));
                    out.accept(String.format(Locale.ROOT, "%d/%d rows%s, %d errors, %.0f s, ETA %s", done, todo,
                            skipped > 0 ? " (+" + skipped + " done before)" : "", c.errors().value(), s, eta));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spex-progress");
        t.setDaemon(true);
        return t;
    }
}

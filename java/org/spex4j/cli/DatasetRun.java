package org.spex4j.cli;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.spex4j.ExplainOptions;
import org.spex4j.report.DatasetReport;
import org.spex4j.spark.DatasetExplainer;
import org.spex4j.spark.ExplainDatasetJob;

/** The Spark side of {@code explain-dataset}: the session, the job, progress on stderr and the summary. */
final class DatasetRun {
    private DatasetRun() {}

    static int run(ExplainDatasetCommand c, ExplainOptions options) {
        ExplainDatasetJob.Plan plan = new ExplainDatasetJob.Plan(c.input, c.column, c.idColumn, c.out,
                ExplainDatasetJob.Format.parse(c.format), options, c.opts.index(), c.opts.top, c.partitionRows);
        boolean local = c.master.startsWith("local");
        SparkSession spark = session(c.master);
        try {
            if (local) {
                // the driver is the executor: load the model here first, so that a bad --model is one clean line
                DatasetExplainer.preload(spark, options);
            }
            long start = System.nanoTime();
            ExplainDatasetJob.Summary s;
            try {
                s = ExplainDatasetJob.run(spark, plan, line -> {
                    if (!c.quiet) {
                        System.err.println("explain-dataset: " + line);
                    }
                });
            } catch (IllegalArgumentException e) {
                throw e;  // the user's mistake, already one line
            } catch (RuntimeException e) {
                // Spark's message carries the executors' stack traces: say the first line of the root cause
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                String why = root.getMessage() == null ? root.toString() : root.getMessage();
                throw new IllegalStateException("the Spark job failed: " + why.lines().findFirst().orElse(why), e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%d rows in %s: %d explained now (%d errors), %d already there; %.1f s%s%n",
                    s.rows(), c.out, s.explained(), s.errors(), s.alreadyDone(), seconds, s.explained() == 0 ? ""
                            : String.format(Locale.ROOT, ", %.3f rows/s", s.explained() / seconds));
            System.out.printf("output: %s (%s): id, seed, explanation, error%n", c.out, plan.format().name()
                    .toLowerCase(Locale.ROOT));
            if (c.html != null) {
                java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
                meta.put("input", c.input);
                meta.put("column", c.column);
                meta.put("output", c.out);
                meta.putAll(options.settings());
                OutputFile.write(c.html, DatasetReport.render(ExplainDatasetJob.records(spark, c.out, plan.format()),
                        meta), "--html");
                System.out.println("HTML report: " + c.html);
            }
            return 0;
        } finally {
            spark.stop();
            if (local) {
                DatasetExplainer.releaseModels();
            }
        }
    }

    /** Spark for a command-line run: the session spark-submit made, else a new one on {@code master}, UI off. */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("spex4j explain-dataset")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        if (System.getProperty("spark.master") == null) {  // spark-submit sets it: its master wins
            b.master(master);
            if (master.startsWith("local")) {
                // embedded: nothing listens beyond this machine
                b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
            }
        }
        return b.getOrCreate();
    }
}

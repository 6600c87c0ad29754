package org.spex4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.spex4j.ExplainOptions;
import org.spex4j.Spex;
import org.spex4j.api.Explanation;
import org.spex4j.math.Index;
import org.spex4j.report.JsonReport;

/**
 * Explains every row of a {@code Dataset<Row>}: the same rows come back with three columns appended,
 * {@code seed} (the row's, from the options' seed and the row's id: {@link RowSeeds}), {@code explanation} (the
 * {@code explain --json} object as a JSON string, null on error) and {@code error} (null, or one line: empty, too
 * long for the model, ...). A bad row never fails the job; a model that cannot load does.
 *
 * <pre>{@code
 * ExplainOptions o = ExplainOptions.builder().optModel("minilm").optBudget(2_000).optSeed(7).build();
 * Dataset<Row> explained = DatasetExplainer.explain(reviews, "review", "id", o);
 * Dataset<Row> nested = DatasetExplainer.withStructExplanation(explained);  // explanation as a struct
 * }</pre>
 * Each executor JVM loads the model once and shares it among its tasks; LibTorch gets each task's cores.
 */
public final class DatasetExplainer {
    public static final String ID = "id";
    public static final String SEED = "seed";
    public static final String EXPLANATION = "explanation";
    public static final String ERROR = "error";
    /** The interactions block of each explanation unless given: FSII of the options' order, top 10 (as explain). */
    public static final Index DEFAULT_INDEX = Index.FSII;
    public static final int DEFAULT_TOP = 10;

    private DatasetExplainer() {}

    /** Row and error counts, updated as partitions finish (for progress on the driver); optional. */
    public record Counters(LongAccumulator rows, LongAccumulator errors) implements Serializable {}

    /** {@link #explain(Dataset, String, String, ExplainOptions, Index, int, Counters)} with explain's defaults. */
    public static Dataset<Row> explain(Dataset<Row> rows, String textColumn, String idColumn, ExplainOptions options) {
        return explain(rows, textColumn, idColumn, options, DEFAULT_INDEX, DEFAULT_TOP, null);
    }

    /**
     * @param idColumn the column whose value (as text) identifies a row and decides its seed; null numbers the rows
     *                 0, 1, ... in the data set's order into an appended {@code id} column
     * @param index    the interactions block of the JSON ({@code --index}); its order is the options' order
     * @param top      interactions listed in that block ({@code --top})
     * @param counters null, or accumulators that count rows and error rows
     */
    public static Dataset<Row> explain(Dataset<Row> rows, String textColumn, String idColumn, ExplainOptions options,
            Index index, int top, Counters counters) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + top);
        }
        Dataset<Row> in = idColumn == null ? withRowNumbers(rows, ID) : rows;
        String id = idColumn == null ? ID : idColumn;
        StructType schema = in.schema();
        int text = fieldIndex(schema, textColumn, "text");
        int idIndex = fieldIndex(schema, id, "id");
        for (String c : new String[] {SEED, EXPLANATION, ERROR}) {
            if (Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("the data already has a column '" + c + "'; rename it first");
            }
        }
        StructType out = schema.add(SEED, DataTypes.LongType, false).add(EXPLANATION, DataTypes.StringType, true)
                .add(ERROR, DataTypes.StringType, true);
        return in.mapPartitions(new ExplainPartition(options, index, top, text, idIndex, counters), Encoders.row(out));
    }

    /**
     * {@code rows} with a 0-based row number appended as {@code name}, in the data set's order: partition by
     * partition. For a file read in splits that is not the line order; {@link ExplainDatasetJob} reads each file whole.
     */
    public static Dataset<Row> withRowNumbers(Dataset<Row> rows, String name) {
        if (Arrays.asList(rows.schema().fieldNames()).contains(name)) {
            throw new IllegalArgumentException("the data already has a column '" + name + "'; give it as the id "
                    + "column or rename it");
        }
        JavaRDD<Row> numbered = rows.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            Object[] v = new Object[r.size() + 1];
            for (int i = 0; i < r.size(); i++) {
                v[i] = r.get(i);
            }
            v[r.size()] = t._2();
            return RowFactory.create(v);
        });
        return rows.sparkSession().createDataFrame(numbered, rows.schema().add(name, DataTypes.LongType, false));
    }

    /** {@code explained} with its {@code explanation} JSON column parsed into {@link #explanationSchema()}. */
    public static Dataset<Row> withStructExplanation(Dataset<Row> explained) {
        return explained.withColumn(EXPLANATION, from_json(col(EXPLANATION), explanationSchema(),
                Map.of("mode", "FAILFAST")));
    }

    /** The {@code explain --json} object as a Spark struct (the Parquet output's {@code explanation}). */
    public static StructType explanationSchema() {
        DataType terms = new ArrayType(new StructType()
                .add("features", new ArrayType(DataTypes.IntegerType, false))
                .add("value", DataTypes.DoubleType), false);
        return new StructType()
                .add("n", DataTypes.IntegerType)
                .add("method", DataTypes.StringType)
                .add("b", DataTypes.IntegerType)
                .add("t", DataTypes.IntegerType)
                .add("queries", DataTypes.LongType)
                .add("distinct_queries", DataTypes.LongType)
                .add("iterations", DataTypes.IntegerType)
                .add("seed", DataTypes.LongType)
                .add("timing_ms", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
                .add("features", new ArrayType(DataTypes.StringType, true))
                .add("baseline", DataTypes.DoubleType)
                .add("full", DataTypes.DoubleType)
                .add("target", DataTypes.StringType)
                .add("provenance", new StructType()
                        .add("model", DataTypes.StringType)
                        .add("task", DataTypes.StringType)
                        .add("device", DataTypes.StringType)
                        .add("version", DataTypes.StringType)
                        .add("settings", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)))
                .add("fourier", terms)
                .add("shapley", new ArrayType(DataTypes.DoubleType, false))
                .add("warnings", new ArrayType(DataTypes.StringType, false))
                .add("interactions", new StructType()
                        .add("index", DataTypes.StringType)
                        .add("order", DataTypes.IntegerType)
                        .add("values", terms))
                .add("scores", DataTypes.createMapType(DataTypes.StringType,
                        new ArrayType(DataTypes.DoubleType, false)))
                .add("faithfulness", new StructType()
                        .add("r2", DataTypes.DoubleType)
                        .add("masks", DataTypes.IntegerType))
                .add("ranked_by_sign", DataTypes.BooleanType);
    }

    /**
     * Loads the model of {@code options} into this JVM's holder now: in local mode the driver is the executor, and a
     * model that cannot load is then one clear exception before any job. LibTorch gets {@code spark.task.cpus}.
     */
    public static void preload(org.apache.spark.sql.SparkSession spark, ExplainOptions options) {
        ExecutorModels.get(options, Integer.parseInt(spark.conf().get("spark.task.cpus", "1")));
    }

    /** Closes the models this JVM holds (e.g. the driver's, after a local run). */
    public static void releaseModels() {
        ExecutorModels.closeAll();
    }

    /** A column's index, or an IllegalArgumentException that lists the columns. */
    static int fieldIndex(StructType schema, String name, String role) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("the data has no " + role + " column '" + name + "'; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.fieldIndex(name);
    }

    /** The first line of why a row failed. */
    static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }

    /** The per-partition work: rows in, rows with seed, explanation and error out, one row at a time. */
    static final class ExplainPartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final ExplainOptions options;
        private final Index index;
        private final int top;
        private final int text;
        private final int id;
        private final Counters counters;

        ExplainPartition(ExplainOptions options, Index index, int top, int text, int id, Counters counters) {
            this.options = options;
            this.index = index;
            this.top = top;
            this.text = text;
            this.id = id;
            this.counters = counters;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    return explainRow(rows.next());
                }
            };
        }

        Row explainRow(Row row) {
            long seed = RowSeeds.of(options.seed(), row.get(id));
            Object value = row.get(text);
            String json = null;
            String error = null;
            if (value == null || value.toString().isBlank()) {
                error = "the input text is empty";
            } else {
                Spex spex = ExecutorModels.get(options);  // outside the try: a model that cannot load fails the job
                try {
                    Explanation e = spex.explain(value.toString(), options.toBuilder().optSeed(seed).build());
                    json = JsonReport.toJson(e, index, options.order(), top).toString();
                } catch (RuntimeException e) {
                    error = oneLine(e);
                }
            }
            if (counters != null) {
                counters.rows().add(1);
                if (error != null) {
                    counters.errors().add(1);
                }
            }
            Object[] v = new Object[row.size() + 3];
            for (int i = 0; i < row.size(); i++) {
                v[i] = row.get(i);
            }
            v[row.size()] = seed;
            v[row.size() + 1] = json;
            v[row.size() + 2] = error;
            return RowFactory.create(v);
        }
    }
}

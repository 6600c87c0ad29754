package org.spex4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spex4j.ExplainOptions;
import org.spex4j.Spex;
import org.spex4j.api.Explanation;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.Index;

/**
 * explain-dataset's engine on an embedded Spark (local[2], one session for the class) with the library on its class
 * path: four of the paper's shortest reviews plus an empty and a too-long row, at b = 2 and max order 2 (about 130
 * queries a row). Checks the record count, the error rows, that 1 and 4 partitions give the same records, that a
 * row equals a single explanation at its seed, and that a rerun over a partial directory writes every row once.
 */
class DatasetExplainerTest {
    static final ExplainOptions OPTIONS = ExplainOptions.builder().optModel("minilm").optB(2).optMaxOrder(2)
            .optSeed(11).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static SparkSession spark;
    static int torchThreads;
    static List<String> texts = new ArrayList<>();

    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void start() throws IOException {
        torchThreads = torch.get_num_threads();
        spark = SparkSession.builder().master("local[2]").appName("spex4j-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        try (Reader r = Files.newBufferedReader(Path.of("data/sentiment.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                if (Integer.parseInt(rec.get("n")) <= 9 && texts.size() < 4) {
                    texts.add(rec.get("review"));  // the paper's shortest reviews, quotes and all
                }
            }
        }
        assertEquals(4, texts.size());
        texts.add("");                                   // row 4: empty
        texts.add("good ".repeat(600).strip());          // row 5: 600 words, over MiniLM's 512 tokens
        csv = dir.resolve("reviews.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            p.printRecord("review", "label");
            for (String t : texts) {
                p.printRecord(t, "x");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        DatasetExplainer.releaseModels();
        torch.set_num_threads(torchThreads);  // the holder gave LibTorch one core per task
    }

    static ExplainDatasetJob.Summary job(Path out, int rowsPerPartition) {
        return ExplainDatasetJob.run(spark, new ExplainDatasetJob.Plan(csv.toString(), "review", null, out.toString(),
                ExplainDatasetJob.Format.PARQUET, OPTIONS, Index.FSII, 10, rowsPerPartition), line -> { });
    }

    /** id → record (id, seed, explanation as JSON, error), failing on a duplicate id. */
    static Map<Long, JsonNode> records(Path out) throws IOException {
        Map<Long, JsonNode> m = new HashMap<>();
        for (String line : spark.read().parquet(out.toString()).toJSON().collectAsList()) {
            JsonNode r = JSON.readTree(line);
            assertNull(m.put(r.get("id").asLong(), r), "row " + r.get("id") + " written twice");
        }
        return m;
    }

    static List<Double> fourierValues(JsonNode explanation) {
        List<Double> v = new ArrayList<>();
        explanation.get("fourier").forEach(t -> v.add(t.get("value").asDouble()));
        return v;
    }

    @Test
    void everyRowOnceWithErrorsAsRowsTheSameOnOneAndFourPartitionsAndAsASingleExplain() throws IOException {
        // one partition through the API (the explanation as a JSON string), four through the job (Parquet structs)
        Dataset<Row> numbered = DatasetExplainer.withRowNumbers(ExplainDatasetJob.read(spark, csv.toString())
                .select("review"), "id");
        Map<Long, JsonNode> a = new HashMap<>();
        for (Row r : DatasetExplainer.explain(numbered.repartition(1), "review", "id", OPTIONS).collectAsList()) {
            ObjectNode rec = JSON.createObjectNode().put("id", r.getLong(1)).put("seed", r.getLong(2));
            if (!r.isNullAt(3)) {   // as Spark's JSON of a record, which leaves nulls out
                rec.set("explanation", JSON.readTree(r.getString(3)));
            }
            if (!r.isNullAt(4)) {
                rec.put("error", r.getString(4));
            }
            assertNull(a.put(r.getLong(1), JSON.readTree(rec.toString())));   // numbers typed as parsed
        }
        Path four = dir.resolve("four");
        ExplainDatasetJob.Summary s4 = job(four, 2);    // 6 rows, at most 2 a partition, whole waves of 2: 4
        assertEquals(6, s4.rows());
        assertEquals(6, s4.explained());
        assertEquals(2, s4.errors());
        assertEquals(4, spark.read().parquet(four.toString()).inputFiles().length);
        Map<Long, JsonNode> b = records(four);
        assertEquals(6, a.size());
        assertEquals(a.keySet(), b.keySet());
        assertEquals("the input text is empty", a.get(4L).get("error").asText());
        assertTrue(a.get(5L).get("error").asText().contains("limit of 512"), a.get(5L).toString());
        assertFalse(a.get(5L).get("error").asText().contains("\n"));
        for (long id = 0; id < 6; id++) {
            JsonNode r = a.get(id);
            assertEquals(RowSeeds.of(OPTIONS.seed(), id), r.get("seed").asLong());
            assertEquals(withoutTiming(r), withoutTiming(b.get(id)), "row " + id + " differs between 1 and 4 partitions");
            if (id < 4) {
                assertTrue(absent(r, "error"));
                JsonNode e = r.get("explanation");
                assertEquals(r.get("seed").asLong(), e.get("seed").asLong());
                assertEquals("spex", e.get("method").asText());
                assertEquals(2, e.get("b").asInt());
                assertFalse(e.get("fourier").isEmpty());
                assertEquals(texts.get((int) id).split("\\s+").length, e.get("n").asInt());
            } else {
                assertTrue(absent(r, "explanation"));
            }
        }
        // a row is what one explain at that row's seed gives, on the text as explain --csv reads it
        long seed = a.get(1L).get("seed").asLong();
        try (Spex spex = Spex.builder().optOptions(OPTIONS.toBuilder().optSeed(seed).build()).build()) {
            Explanation single = spex.explain(texts.get(1));
            List<Double> expected = new ArrayList<>();
            List<List<Integer>> sets = new ArrayList<>();
            for (Map.Entry<FeatureSet, Double> t : single.fourier().topK(single.fourier().size())) {
                expected.add(t.getValue());
                List<Integer> f = new ArrayList<>();
                for (int k = 0; k < t.getKey().size(); k++) {
                    f.add(t.getKey().get(k));
                }
                sets.add(f);
            }
            JsonNode e = a.get(1L).get("explanation");
            assertEquals(expected, fourierValues(e));
            List<List<Integer>> got = new ArrayList<>();
            e.get("fourier").forEach(t -> {
                List<Integer> f = new ArrayList<>();
                t.get("features").forEach(x -> f.add(x.asInt()));
                got.add(f);
            });
            assertEquals(sets, got);
        }
    }

    @Test
    void aRerunOverAPartialDirectoryExplainsOnlyTheMissingRows() throws IOException {
        Path out = dir.resolve("resume");
        assertEquals(6, job(out, 1).explained());   // one file per row
        Map<Long, JsonNode> full = records(out);
        // a kill: two finished files gone, and a half-written file left where a task was writing
        List<Path> parts;
        try (Stream<Path> files = Files.list(out)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted(Comparator.naturalOrder())
                    .toList();
        }
        assertEquals(6, parts.size());
        for (Path p : parts.subList(0, 2)) {
            Files.delete(p);
            Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
        }
        Path torn = out.resolve("_temporary/0/_temporary/attempt_1/part-00009-x-c000.snappy.parquet");
        Files.createDirectories(torn.getParent());
        Files.write(torn, new byte[] {'P', 'A', 'R', '1', 0, 1, 2});
        Map<Long, JsonNode> left = records(out);
        assertEquals(4, left.size());

        ExplainDatasetJob.Summary s = job(out, 1);
        assertEquals(6, s.rows());
        assertEquals(4, s.alreadyDone());
        assertEquals(2, s.explained());
        Map<Long, JsonNode> after = records(out);   // fails on a row written twice
        assertEquals(full.keySet(), after.keySet());
        for (long id : full.keySet()) {
            assertEquals(fourierOrNull(full.get(id)), fourierOrNull(after.get(id)), "row " + id);
        }
        assertEquals(0, job(out, 1).explained());   // nothing left to do
    }

    /** A null field (Spark's JSON leaves nulls out). */
    static boolean absent(JsonNode r, String field) {
        return r.get(field) == null || r.get(field).isNull();
    }

    /** The record without its timings (the one field that may differ between two runs). */
    static JsonNode withoutTiming(JsonNode r) {
        JsonNode c = r.deepCopy();
        if (!absent(c, "explanation")) {
            ((ObjectNode) c.get("explanation")).remove("timing_ms");
        }
        return c;
    }

    static List<Double> fourierOrNull(JsonNode r) {
        return absent(r, "explanation") ? null : fourierValues(r.get("explanation"));
    }

    @Test
    void theApiAppendsSeedExplanationAndErrorToTheSameRows() {
        StructType schema = new StructType().add("key", DataTypes.StringType).add("body", DataTypes.StringType)
                .add("extra", DataTypes.IntegerType);
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("a", "", 1),
                RowFactory.create("b", null, 2), RowFactory.create("c", "   ", 3)), schema);
        List<Row> out = DatasetExplainer.explain(rows, "body", "key", OPTIONS).collectAsList();
        assertEquals(3, out.size());
        for (Row r : out) {
            assertEquals(6, r.size());
            assertEquals(RowSeeds.of(11, r.getString(0)), r.getLong(3));
            assertNull(r.get(4));
            assertEquals("the input text is empty", r.getString(5));
        }
        assertRefused(IllegalArgumentException.class, () -> DatasetExplainer.explain(rows, "text", "key", OPTIONS),
                "no text column 'text'", "columns: key, body, extra");
        assertRefused(IllegalArgumentException.class, () -> DatasetExplainer.explain(rows, "body", "id", OPTIONS),
                "no id column 'id'");
        // without an id column the rows are numbered into "id"
        List<Row> numbered = DatasetExplainer.withRowNumbers(rows, "id").collectAsList();
        assertEquals(List.of(0L, 1L, 2L), numbered.stream().map(r -> r.getLong(3)).toList());
    }

    @Test
    void rowSeedsDependOnTheSeedAndTheIdOnly() {
        assertEquals(RowSeeds.of(7, 42L), RowSeeds.of(7, "42"));   // the id's text decides
        assertNotEquals(RowSeeds.of(7, 42L), RowSeeds.of(8, 42L));
        assertNotEquals(RowSeeds.of(7, 42L), RowSeeds.of(7, 43L));
        for (long i = 0; i < 1000; i++) {
            assertTrue(RowSeeds.of(-5, i) >= 0);
        }
        assertNotNull(DatasetExplainer.explanationSchema().apply("fourier"));
    }
}

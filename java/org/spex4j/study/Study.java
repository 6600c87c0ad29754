package org.spex4j.study;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.spex4j.api.Explanation;
import org.spex4j.eval.Faithfulness;
import org.spex4j.eval.Removal;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.MaskBatch;
import org.spex4j.model.Models;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.model.runtime.Precision;
import org.spex4j.spex.Budget;
import org.spex4j.spex.SpexConfig;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * The faithfulness study of the paper's sentiment table on its own reviews: methods × b × reviews with the minilm
 * sentiment value function and [UNK] replacement of words. Every method gets SPEX's query budget at that b
 * (3·P·2^b). Each finished run is appended to a CSV at once, so a study resumes where it stopped; a time budget
 * stops it from starting new reviews.
 */
public final class Study {
    /** What to run; {@code precision}: the number format of the model's dense layers. */
    public record Plan(List<int[]> groups, int perGroup, List<Integer> bs, List<String> methods, int testMasks,
            long seed, int jobs, long timeBudgetMillis, Path out, Precision precision) {}

    static final String HEADER = "review,group,n,method,b,queries,r2,rem1,rem2,rem3,rem4,rem5,rem6,rem7,rem8,"
            + "model_ms,other_ms,status";

    private final Plan plan;
    private final List<StudyMethod> methods = new ArrayList<>();

    public Study(Plan plan) {
        this.plan = plan;
        for (String m : plan.methods()) {
            methods.add(StudyMethod.parse(m));
        }
        for (int b : plan.bs()) {
            if (b < 3 || b > 12) {
                throw new IllegalArgumentException("b must be in 3..12, got " + b);
            }
        }
    }

    /** Runs what the CSV does not hold yet, then writes the markdown table and the plot. Returns rows run. */
    public int run() throws Exception {
        Files.createDirectories(plan.out());
        Path csv = plan.out().resolve("runs.csv");
        Set<String> done = new HashSet<>();
        if (Files.exists(csv)) {
            dropTornLine(csv);
        }
        if (Files.exists(csv) && Files.size(csv) > 0) {
            for (CSVRecord r : runs(csv)) {
                done.add(r.get("review") + "/" + r.get("method") + "/" + r.get("b"));
            }
        } else {
            Files.writeString(csv, HEADER + "\n");
        }
        List<CSVRecord> reviews = reviews();
        long deadline = System.currentTimeMillis() + plan.timeBudgetMillis();
        int[] ran = {0};
        try (TextModel model = Models.load("minilm", Kernels.Device.CPU)) {
            ExecutorService pool = Executors.newFixedThreadPool(plan.jobs());
            List<Future<?>> futures = new ArrayList<>();
            for (CSVRecord review : reviews) {
                futures.add(pool.submit(() -> {
                    if (System.currentTimeMillis() > deadline) {
                        return null;
                    }
                    runReview(model, review, done, csv, ran);
                    return null;
                }));
            }
            pool.shutdown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        StudyReport.write(csv, plan.out(), plan.bs(), plan.methods(), plan.testMasks());
        return ran[0];
    }

    private void runReview(TextModel model, CSVRecord review, Set<String> done, Path csv, int[] ran)
            throws IOException {
        String id = String.valueOf(review.getRecordNumber() - 1);
        String text = review.get("review");
        int words = Segmenter.words(text).size();
        int group = PaperNumbers.groupOf(words);
        Tokenized tok = model.tokenize(text);
        if (tok.length() > model.maxTokens()) {
            for (int b : plan.bs()) {
                for (StudyMethod m : methods) {
                    append(csv, id, group, words, m.spelling(), b, 0, null, null, 0, 0,
                            "skipped: " + tok.length() + " tokens > " + model.maxTokens());
                }
            }
            return;
        }
        MaskedInput input = model.input(text, Granularity.WORDS, MaskMode.REPLACE);
        ValueFunction f = model.valueFunction(Task.SENTIMENT, input,
                TextModel.ValueOptions.defaults().withPrecision(plan.precision()));
        int n = input.n();
        MaskBatch test = MaskBatch.uniform(n, plan.testMasks(), new SplittableRandom(plan.seed() ^ n));
        double[] yTest = null;
        for (int b : plan.bs()) {
            long budget = Budget.queries(n, SpexConfig.DEFAULT_MAX_ORDER, b);
            for (StudyMethod m : methods) {
                String key = id + "/" + m.spelling() + "/" + b;
                synchronized (done) {
                    if (done.contains(key)) {
                        continue;
                    }
                }
                String why = m.infeasible(n);
                if (why != null) {
                    append(csv, id, group, n, m.spelling(), b, 0, null, null, 0, 0, "skipped: infeasible");
                    continue;
                }
                if (yTest == null) {
                    yTest = Faithfulness.evaluateInBatches(f, test, 256);
                }
                TimedValueFunction timed = new TimedValueFunction(f);
                long start = System.nanoTime();
                String status = "ok";
                Double r2 = null;
                double[] rem = null;
                long queries = 0;
                try {
                    Explanation e = m.explain(timed, n, b, budget, plan.seed());
                    queries = e.queries();
                    r2 = Faithfulness.r2(yTest, e.fourier().evaluate(test));
                    double full = e.fourier().evaluate(MaskBatch.allKept(n).words(), 0);
                    rem = Removal.curve(e.fourier(), timed, Math.min(8, n), full > 0);
                } catch (IllegalArgumentException ex) {
                    status = "skipped: " + ex.getMessage().replace(',', ';');
                }
                long total = System.nanoTime() - start;
                append(csv, id, group, n, m.spelling(), b, queries, r2, rem, timed.nanos() / 1_000_000,
                        (total - timed.nanos()) / 1_000_000, status);
                synchronized (ran) {
                    ran[0]++;
                }
                System.err.printf(Locale.ROOT, "study: review %s (n=%d) %s b=%d: R²=%s%n", id, n, m.spelling(), b,
                        r2 == null ? status : String.format(Locale.ROOT, "%.3f", r2));
            }
        }
    }

    private static synchronized void append(Path csv, String id, int group, int n, String method, int b,
            long queries, Double r2, double[] rem, long modelMs, long otherMs, String status) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append(',').append(group).append(',').append(n).append(',').append(method).append(',')
                .append(b).append(',').append(queries).append(',')
                .append(r2 == null ? "" : String.format(Locale.ROOT, "%.6f", r2));
        for (int r = 1; r <= 8; r++) {
            sb.append(',');
            if (rem != null && r < rem.length) {
                sb.append(String.format(Locale.ROOT, "%.6f", rem[r]));
            }
        }
        sb.append(',').append(modelMs).append(',').append(otherMs).append(',').append(status).append('\n');
        Files.writeString(csv, sb.toString(), StandardOpenOption.APPEND);
    }

    /** The reviews of the chosen groups, the first {@code perGroup} of each, in file order. */
    private List<CSVRecord> reviews() throws IOException {
        List<CSVRecord> all = Reviews.bundled();
        List<CSVRecord> out = new ArrayList<>();
        for (int[] g : plan.groups()) {
            int taken = 0;
            for (CSVRecord rec : all) {
                int n = Integer.parseInt(rec.get("n"));
                if (n >= g[0] && n <= g[1] && taken < plan.perGroup()) {
                    out.add(rec);
                    taken++;
                }
            }
        }
        return out;
    }

    /**
     * Every run is appended as one line ending in a newline, so a file that does not end in one was cut off while
     * a run was written (the process was killed): drop that partial line, which the resume then runs again.
     */
    static void dropTornLine(Path csv) throws IOException {
        try (FileChannel ch = FileChannel.open(csv, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size(), keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
                System.err.println("spex: " + csv + ": dropped a torn last line (" + (size - keep)
                        + " bytes) left by an interrupted run; that run is done again");
            }
        }
    }

    /** The rows of a runs.csv; an IllegalArgumentException naming the file and the line when a row is broken. */
    static List<CSVRecord> runs(Path csv) throws IOException {
        List<CSVRecord> rows;
        try {
            rows = parse(Files.newBufferedReader(csv));
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(csv + " is not a runs.csv of this study (" + e.getMessage()
                    + "); move it away or pass another --out");
        }
        for (CSVRecord r : rows) {
            if (!r.isConsistent() || !r.isMapped("review") || !r.isMapped("method") || !r.isMapped("b")) {
                throw new IllegalArgumentException(csv + ": line " + (r.getRecordNumber() + 1) + " has " + r.size()
                        + " fields, not the header's " + HEADER.split(",").length
                        + "; move the file away or fix that line");
            }
        }
        return rows;
    }

    static List<CSVRecord> parse(Reader r) throws IOException {
        try (r) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }
}

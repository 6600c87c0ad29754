package org.spex4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spex4j.model.runtime.Precision;
import org.spex4j.study.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spex study}: the faithfulness study on the paper's 160 reviews. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Runs the faithfulness study on the paper's sentiment reviews (minilm).",
            "Methods x b x reviews; writes runs.csv (resumable), results.md (the paper's table shape) and the plot "
                + "r2_vs_queries.svg."})
final class StudyCommand implements Callable<Integer> {
    @Option(names = "--groups", defaultValue = "8-15,16-31", split = ",", paramLabel = "LO-HI",
            description = "word-count groups (default 8-15,16-31)")
    List<String> groups;

    @Option(names = "--per-group", defaultValue = "20", description = "reviews per group (default 20, all)")
    int perGroup;

    @Option(names = "--b", defaultValue = "4,6", split = ",", description = "values of b (default 4,6)")
    List<Integer> bs;

    @Option(names = "--methods", defaultValue = "spex,lime,banzhaf,faith-banzhaf-2,faith-shap-2", split = ",",
            description = "methods (default spex,lime,banzhaf,faith-banzhaf-2,faith-shap-2)")
    List<String> methods;

    @Option(names = "--test-masks", defaultValue = "1000", description = "uniform masks for R² (default 1000)")
    int testMasks;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--jobs", defaultValue = "0", description = "reviews in parallel (0 = all cores)")
    int jobs;

    @Option(names = "--minutes", defaultValue = "600", description = "time budget: no new review after it")
    double minutes;

    @Option(names = "--out", defaultValue = "docs/results/study", paramLabel = "DIR")
    Path out;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "number format of the model's dense layers (default fp32)")
    String precision;

    @Override
    public Integer call() throws Exception {
        List<int[]> parsed = new ArrayList<>();
        for (String g : groups) {
            String[] p = g.split("-");
            if (p.length != 2) {
                throw new UsageException("--groups entries look like 16-31, got '" + g + "'");
            }
            try {
                parsed.add(new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())});
            } catch (NumberFormatException e) {
                throw new UsageException("--groups entries look like 16-31, got '" + g + "'");
            }
        }
        if (testMasks < 2 || perGroup < 1 || minutes <= 0) {
            throw new UsageException("--test-masks must be >= 2, --per-group >= 1 and --minutes > 0");
        }
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        int ran = new Study(new Study.Plan(parsed, perGroup, bs, methods, testMasks, seed, threads,
                (long) (minutes * 60_000), out, Precision.parse(precision))).run();
        System.out.println("study: " + ran + " new runs; results in " + out.resolve("results.md") + ", "
                + out.resolve("runs.csv") + " and " + out.resolve("r2_vs_queries.svg"));
        return 0;
    }
}

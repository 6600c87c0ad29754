package org.spex4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.Basis;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.runtime.JsonFiles;
import org.spex4j.report.JsonReport;
import org.spex4j.spex.Budget;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.spex.SpexConfig;
import org.spex4j.spex.SpexExplainer;
import org.spex4j.value.SparseFourierFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spex recover}: SPEX on a sparse function given by its Fourier coefficients, for verification. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Runs SPEX on a sparse function read from a JSON file and prints what it recovers.",
            "The function is f(m) = sum_k F(k) (-1)^<m,k> (+ Gaussian noise), where m_i = 1 keeps feature i, and the "
                + "file holds {\"n\": N, \"coefficients\": [{\"features\": [i, j, ...], \"value\": v}, ...]}."})
final class RecoverCommand implements Callable<Integer> {
    @Option(names = "--coefficients", required = true, paramLabel = "FILE", description = "the sparse function (JSON)")
    Path coefficients;

    @ArgGroup(exclusive = true)
    SizeOptions size = new SizeOptions();

    static final class SizeOptions {
        @Option(names = "--b", paramLabel = "B", description = "samples 2^B per group and delay (default 8)")
        Integer b;

        @Option(names = "--budget", paramLabel = "N", description = "query budget: the largest B that fits")
        Long budget;
    }

    @Option(names = "--max-order", paramLabel = "T", defaultValue = "5", description = "BCH radius t (default 5)")
    int maxOrder;

    @Option(names = "--decoder", paramLabel = "soft|hard", defaultValue = "soft", description = "default soft")
    String decoder;

    @Option(names = "--refit", paramLabel = "none|ols|ridge|lasso", defaultValue = "lasso", description = "default lasso")
    String refit;

    @Option(names = "--noise", paramLabel = "SIGMA", defaultValue = "0", description = "Gaussian noise per query")
    double noise;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the design and the noise (default 0)")
    long seed;

    @Mixin
    DeviceOptions run = new DeviceOptions();

    @Option(names = "--top", defaultValue = "20", description = "rows of the table (default 20)")
    int top;

    @Option(names = "--json", description = "print JSON only")
    boolean json;

    @Override
    public Integer call() {
        SparseCoefficients truth = read(coefficients);
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new UsageException("--noise must be a finite number >= 0, got " + noise);
        }
        if (run.device() == Kernels.Device.CUDA && !Kernels.cudaAvailable()) {  // a usage error, as in explain
            throw new UsageException("--device cuda: " + cudaUnavailable());
        }
        SpexConfig.Builder cfg = SpexConfig.builder()
                .optMaxOrder(maxOrder)
                .optDecoder(Decoder.parse(decoder))
                .optRefit(Refit.parse(refit))
                .optDevice(run.device())
                .optThreads(run.threads());
        long budget;
        if (size.budget != null) {
            budget = size.budget;
        } else {
            int b = size.b == null ? 8 : size.b;
            cfg.optB(b);
            budget = Budget.queries(truth.n(), maxOrder, b);
        }
        SparseFourierFunction f = new SparseFourierFunction(truth, noise, seed ^ 0x5DEECE66DL);
        Explanation e = new SpexExplainer(cfg.build()).explain(Subject.of(f, truth.n()), budget, seed);
        Quality q = Quality.of(truth, e.fourier());
        if (json) {
            ObjectNode root = JsonReport.toJson(e, null, 0, 0);
            ObjectNode rec = root.putObject("recovery");
            rec.put("true_terms", truth.size());
            rec.put("found", q.found);
            rec.put("spurious_above_0.1", q.spurious);
            rec.put("nmse", q.nmse);
            System.out.println(JsonReport.write(root));
        } else {
            printTable(truth, e, q);
        }
        return 0;
    }

    /** How well the recovered coefficients match the truth. */
    record Quality(int found, int spurious, double nmse) {
        static Quality of(SparseCoefficients truth, SparseCoefficients got) {
            double err = 0, norm = 0;
            int found = 0, spurious = 0;
            for (Map.Entry<FeatureSet, Double> t : truth.entries()) {
                double d = t.getValue() - got.value(t.getKey());
                err += d * d;
                norm += t.getValue() * t.getValue();
                if (Math.abs(d) <= 0.1 * Math.abs(t.getValue())) {
                    found++;
                }
            }
            for (Map.Entry<FeatureSet, Double> g : got.entries()) {
                if (!truth.contains(g.getKey())) {
                    err += g.getValue() * g.getValue();
                    spurious += Math.abs(g.getValue()) > 0.1 ? 1 : 0;
                }
            }
            return new Quality(found, spurious, norm == 0 ? err : err / norm);
        }
    }

    private void printTable(SparseCoefficients truth, Explanation e, Quality q) {
        System.out.printf("SPEX on n = %d features: b = %d, t = %d, %d queries (%d distinct), %d peeling iterations%n",
                e.n(), e.b(), e.maxOrder(), e.queries(), e.distinctQueries(), e.iterations());
        System.out.printf("%-28s %14s %14s%n", "interaction", "recovered", "true");
        List<Map.Entry<FeatureSet, Double>> rows = e.fourier().topK(Math.min(top, e.fourier().size()));
        for (Map.Entry<FeatureSet, Double> r : rows) {
            String key = r.getKey().isEmpty() ? "(constant)" : r.getKey().toString();
            System.out.printf("%-28s %14.6f %14.6f%n", key, r.getValue(), truth.value(r.getKey()));
        }
        if (e.fourier().size() > rows.size()) {
            System.out.printf("... %d more terms (--top)%n", e.fourier().size() - rows.size());
        }
        System.out.printf("found %d of %d true terms, %d spurious above 0.1, NMSE %.3g%n", q.found, truth.size(),
                q.spurious, q.nmse);
        StringBuilder t = new StringBuilder("time (ms):");
        e.timingMillis().forEach((k, v) -> t.append(String.format(" %s %.1f", k, v)));
        System.out.println(t);
    }

    /** The largest sum of |F(k)| accepted: its square, times 2^64 for sums over 2^b queries, stays finite. */
    static final double MAX_MAGNITUDE_SUM = 1e144;

    private static String cudaUnavailable() {
        try {
            Kernels.cuda();
            return "unavailable";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** An int in JSON: 20.7 or 1e400 is not one (Jackson would truncate it). */
    private static boolean isInt(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToInt();
    }

    /** Parses and validates the coefficient file. */
    static SparseCoefficients read(Path file) {
        JsonNode root;
        try {
            root = JsonFiles.read(file);
        } catch (IllegalArgumentException ex) {
            throw new UsageException(ex.getMessage());
        }
        if (root == null || !root.isObject() || !isInt(root.path("n")) || root.path("n").asInt() < 1) {
            throw new UsageException(file + ": expected {\"n\": N >= 1, \"coefficients\": [...]}");
        }
        int n = root.get("n").asInt();
        JsonNode list = root.path("coefficients");
        if (!list.isArray()) {
            throw new UsageException(file + ": \"coefficients\" must be an array of {\"features\": [...], \"value\": v}");
        }
        SparseCoefficients.Builder b = SparseCoefficients.builder(n, Basis.FOURIER);
        Set<FeatureSet> seen = new HashSet<>();
        int at = 0;
        double sumAbs = 0;
        for (JsonNode c : list) {
            JsonNode feats = c.path("features");
            JsonNode value = c.path("value");
            if (!feats.isArray() || !value.isNumber() || !Double.isFinite(value.asDouble())) {
                throw new UsageException(file + ": coefficient " + at + " needs \"features\": [ints] and a finite \"value\"");
            }
            int[] k = new int[feats.size()];
            for (int i = 0; i < k.length; i++) {
                JsonNode f = feats.get(i);
                if (!isInt(f) || f.asInt() < 0 || f.asInt() >= n) {
                    throw new UsageException(file + ": coefficient " + at + ": feature " + f + " is not in 0.." + (n - 1));
                }
                k[i] = f.asInt();
            }
            FeatureSet key;
            try {
                key = FeatureSet.of(k);
            } catch (IllegalArgumentException ex) {
                throw new UsageException(file + ": coefficient " + at + ": " + ex.getMessage());
            }
            if (!seen.add(key)) {
                throw new UsageException(file + ": coefficient " + at + ": " + key + " appears twice");
            }
            b.put(key, value.asDouble());
            sumAbs += Math.abs(value.asDouble());
            at++;
        }
        if (!(sumAbs <= MAX_MAGNITUDE_SUM)) {
            // |f(m)| can reach the sum, and SPEX sums 2^b values of f and squares them: refuse before anything overflows
            throw new UsageException(file + ": the coefficients' magnitudes sum to " + sumAbs + ", more than "
                    + MAX_MAGNITUDE_SUM + " (f would overflow in the transforms); scale them down");
        }
        return b.build();
    }
}

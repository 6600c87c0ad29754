package org.spex4j.spex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spex4j.kernels.BchCode;
import org.spex4j.kernels.BinMatrix;
import org.spex4j.kernels.DetectParams;
import org.spex4j.kernels.Detections;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.FeatureSet;

/**
 * The message-passing loop of spec §7.1: detect singletons in every bin (one native call per iteration), average
 * the estimates of the same k within the iteration, add them to the result, peel them from every group, and stop
 * when no bin is left to check, after max iterations, or by the trap-exit rule.
 */
final class Peeling {
    /** The trap-exit window: stop when the last 15 iterations peeled nothing new. */
    static final int TRAP_WINDOW = 15;

    /** What peeling found: F(k) summed over iterations (in order of first discovery), and its cost. */
    record Result(Map<FeatureSet, Double> coefficients, int iterations, long decodes) {}

    private Peeling() {}

    static Result run(Kernels kernels, BchCode code, BinMatrix bins, DetectParams params, int maxIterations,
            boolean trapExit) {
        Map<FeatureSet, Double> found = new LinkedHashMap<>();
        int[] peeledAt = new int[maxIterations];
        long decodes = 0;
        int iter = 0;
        for (; iter < maxIterations; iter++) {
            Detections det = kernels.detect(code, bins, params);
            decodes += det.decodes();
            boolean cont = bins.anyToCheck();
            boolean trapped = trapExit && iter >= TRAP_WINDOW
                    && peeledAt[iter - 1] == peeledAt[iter - TRAP_WINDOW];

            // mean of the estimates of each k within this iteration
            Map<FeatureSet, double[]> merged = new LinkedHashMap<>();
            for (int q = 0; q < det.count(); q++) {
                double[] acc = merged.computeIfAbsent(FeatureSet.of(det.k()[q]), k -> new double[2]);
                acc[0] += det.value()[q];
                acc[1] += 1;
            }
            List<int[]> ks = new ArrayList<>(merged.size());
            double[] values = new double[merged.size()];
            int q = 0;
            for (Map.Entry<FeatureSet, double[]> e : merged.entrySet()) {
                double v = e.getValue()[0] / e.getValue()[1];
                found.merge(e.getKey(), v, Double::sum);
                ks.add(e.getKey().toArray());
                values[q++] = v;
            }
            if (!ks.isEmpty()) {
                kernels.peel(code, bins, ks.toArray(new int[0][]), values);
            }
            peeledAt[iter] = found.size();
            if (!cont || trapped) {
                iter++;
                break;
            }
        }
        return new Result(found, Math.min(iter, maxIterations), decodes);
    }
}

package org.spex4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.spex.SpexDesign;
import org.spex4j.value.SparseFourierFunction;

/** Bin detection on observations built from known sparse coefficients, and CPU/CUDA agreement. */
class DetectTest {

    /** U of a sparse function written straight from the bin equation (spec §5), no queries involved. */
    static BinMatrix observations(SpexDesign design, SparseCoefficients f, double noise, long seed) {
        int groups = design.groups(), delays = design.delays(), bins = 1 << design.b();
        double[] u = new double[groups * delays * bins];
        for (Map.Entry<FeatureSet, Double> e : f.entries()) {
            int[] k = e.getKey().toArray();
            double[] sig = design.signature(k);
            for (int c = 0; c < groups; c++) {
                int j = design.binOf(c, k);
                for (int p = 0; p < delays; p++) {
                    u[(c * delays + p) * bins + j] += e.getValue() * sig[p];
                }
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < u.length; i++) {
            u[i] += noise * r.nextGaussian();
        }
        return new BinMatrix(groups, delays, design.b(), design.n(), u, design.mrows());
    }

    @Test
    void findsExactlyTheSingletons() {
        int n = 400;
        try (BchCode code = BchCode.create(n, 5)) {
            SpexDesign design = new SpexDesign(code, 6, 3, new SplittableRandom(2));
            SparseCoefficients f = SparseFourierFunction.random(n, 40, 5, 1, 10, new SplittableRandom(3));
            Map<String, Integer> perBin = new HashMap<>();
            for (FeatureSet k : f.asMap().keySet()) {
                for (int c = 0; c < 3; c++) {
                    perBin.merge(c + ":" + design.binOf(c, k.toArray()), 1, Integer::sum);
                }
            }
            long singletons = perBin.values().stream().filter(v -> v == 1).count();
            for (boolean soft : new boolean[] {true, false}) {
                BinMatrix bins = observations(design, f, 0, 0);
                // a strict residual test accepts exactly the bins that hold one coefficient
                Detections d = Kernels.cpu().detect(code, bins, new DetectParams(1e-9, 1e-9, soft, 10, 0));
                assertEquals(singletons, d.count());
                for (int q = 0; q < d.count(); q++) {
                    assertEquals(1, perBin.get(d.group()[q] + ":" + d.bin()[q]));
                    FeatureSet k = FeatureSet.of(d.k()[q]);
                    assertTrue(f.contains(k), "decoded " + k + " is not a coefficient");
                    assertEquals(f.value(k), d.value()[q], 1e-9);
                }
            }
        }
    }

    @Test
    void cudaAgreesWithCpu() {
        assumeTrue(Kernels.cudaAvailable(), "no CUDA device: CUDA agreement test skipped");
        int n = 1000;
        try (BchCode code = BchCode.create(n, 5)) {
            SpexDesign design = new SpexDesign(code, 8, 3, new SplittableRandom(5));
            SparseCoefficients f = SparseFourierFunction.random(n, 100, 5, 1, 10, new SplittableRandom(6));
            for (boolean soft : new boolean[] {true, false}) {
                BinMatrix a = observations(design, f, 0.05, 1), b = observations(design, f, 0.05, 1);
                DetectParams p = new DetectParams(1e-9, 0.9, soft, 10, 0);
                Detections x = Kernels.cpu().detect(code, a, p), y = Kernels.cuda().detect(code, b, p);
                assertArrayEquals(x.group(), y.group());
                assertArrayEquals(x.bin(), y.bin());
                assertArrayEquals(x.value(), y.value(), 1e-12);
                for (int q = 0; q < x.count(); q++) {
                    assertArrayEquals(x.k()[q], y.k()[q]);
                }
                assertArrayEquals(a.toCheck(), b.toCheck());
                assertEquals(x.decodes(), y.decodes());
            }
            double[] rows = new SplittableRandom(7).doubles(5L << 12, -1, 1).toArray(), copy = rows.clone();
            Kernels.cpu().fwht(rows, 5, 12, true);
            Kernels.cuda().fwht(copy, 5, 12, true);
            assertArrayEquals(rows, copy, 1e-12);
        }
    }
}

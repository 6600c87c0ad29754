package org.spex4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spex4j.testing.Refusals.assertRefused;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spex4j.testing.Float32;

/** The FWHT against its definition, the involution H H = 2^b I, and argument checks before native code. */
class KernelsTest {
    private final Kernels cpu = Kernels.cpu();

    static double[] definition(double[] x, int row, int b) {
        int n = 1 << b;
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int z = 0; z < n; z++) {
                s += (Integer.bitCount(z & j) & 1) == 0 ? x[row * n + z] : -x[row * n + z];
            }
            out[j] = s / n;
        }
        return out;
    }

    @Test
    void fwhtMatchesDefinitionUpToB10() {
        SplittableRandom r = new SplittableRandom(1);
        for (int b = 0; b <= 10; b++) {
            int rows = 3, n = 1 << b;
            double[] x = r.doubles((long) rows * n, -1, 1).toArray();
            double[] y = x.clone();
            float[] yf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                yf[i] = (float) x[i];
            }
            cpu.fwht(y, rows, b, true);
            cpu.fwht(yf, rows, b, true);
            for (int row = 0; row < rows; row++) {
                double[] expect = definition(x, row, b);
                for (int j = 0; j < n; j++) {
                    assertEquals(expect[j], y[row * n + j], 1e-12, "b=" + b);
                    // inputs in [-1, 1]: float32 rounding over the 2^b terms of each output
                    Float32.assertClose(expect[j], yf[row * n + j], 1, n, "float b=" + b);
                }
            }
        }
    }

    @Test
    void unscaledTransformTwiceIsScaledIdentity() {
        for (int b : new int[] {12, 16, 20}) {
            double[] x = new SplittableRandom(b).doubles(1L << b, -1, 1).toArray();
            double[] y = x.clone();
            cpu.fwht(y, 1, b, false);
            cpu.fwht(y, 1, b, false);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i] / (1 << b), 1e-10);
            }
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeNativeCode() {
        assertRefused(IllegalArgumentException.class, () -> cpu.fwht(new double[16], 1, 25, true),
                "b must be in 0..24, got 25");
        assertRefused(IllegalArgumentException.class, () -> cpu.fwht(new double[16], 1, -1, true),
                "b must be in 0..24, got -1");
        assertRefused(IllegalArgumentException.class, () -> cpu.fwht(new double[16], -1, 2, true),
                "rows must be >= 0, got -1");
        assertRefused(IllegalArgumentException.class, () -> cpu.fwht(new double[15], 1, 4, true),
                "data must hold rows * 2^b = 16 values, got 15");
        assertRefused(IllegalArgumentException.class, () -> cpu.fwht((double[]) null, 1, 4, true),
                "data must hold rows * 2^b = 16 values, got null");
        assertRefused(IllegalArgumentException.class, () -> cpu.fwht(new float[31], 2, 4, true),
                "data must hold rows * 2^b = 32 values, got 31");
        assertRefused(IllegalArgumentException.class, () -> new DetectParams(-1, 0.9, true, 10, 0),
                "cutoff must be a finite number >= 0, got -1.0");
        assertRefused(IllegalArgumentException.class, () -> new DetectParams(0, 1.5, true, 10, 0),
                "residualCutoff must be in (0, 1], got 1.5");
        assertRefused(IllegalArgumentException.class, () -> new DetectParams(0, 0.9, true, 21, 0),
                "chaseDepth must be in 0..20, got 21");
        assertRefused(IllegalArgumentException.class, () -> new BinMatrix(3, 5, 25, 10, new double[0], new int[30]),
                "b must be in 1..24, got 25");
        assertRefused(IllegalArgumentException.class, () -> new BinMatrix(3, 5, 4, 10, new double[3 * 5 * 16],
                new int[29]), "mrows must hold C*n = 30 rows, got 29");
        int[] badRows = new int[30];
        badRows[7] = 16;
        assertRefused(IllegalArgumentException.class, () -> new BinMatrix(3, 5, 4, 10, new double[3 * 5 * 16], badRows),
                "mrows[7] = 16 is not a 4-bit row");
        assertRefused(IllegalArgumentException.class, () -> Kernels.Device.parse("tpu"),
                "unknown device 'tpu': use cpu, cuda or auto");
    }

    @Test
    void autoFallsBackToCpuWithoutADevice() {
        Kernels k = Kernels.forDevice(Kernels.Device.AUTO);
        assertEquals(Kernels.cudaAvailable() ? "cuda" : "cpu", k.name());
        if (!Kernels.cudaAvailable()) {
            IllegalStateException e = assertRefused(IllegalStateException.class, Kernels::cuda,
                    "CUDA kernels unavailable");
            assertTrue(e.getMessage().startsWith("CUDA kernels unavailable"), e.getMessage());
        }
    }

    @Test
    void uniqueRowsGroupsIdenticalMasks() {
        long[] words = {5, 0, 7, 0, 5, 0, 9, 1, 7, 0};
        Kernels.UniqueRows u = cpu.uniqueRows(words, 5, 2);
        assertEquals(3, u.count());
        assertArrayEquals(new int[] {0, 1, 0, 2, 1}, u.inverse());
        assertArrayEquals(new int[] {0, 1, 3}, u.first());
    }
}

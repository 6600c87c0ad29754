package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The symmetric solves of every least-squares and ridge fit, against systems with a known solution. */
class CholeskyTest {
    /** A random q × q matrix BᵀB from a (q + 20) × q Gaussian B: symmetric positive definite. */
    private static DMatrixRMaj randomSpd(int q, SplittableRandom random) {
        DMatrixRMaj b = new DMatrixRMaj(q + 20, q);
        for (int i = 0; i < b.data.length; i++) {
            b.data[i] = random.nextGaussian();
        }
        DMatrixRMaj spd = new DMatrixRMaj(q, q);
        CommonOps_DDRM.multTransA(b, b, spd);
        return spd;
    }

    @Test
    void scaledSolveSolvesAndRejectsSingularSystems() {
        double[] a = {4, 2, 2, 3};
        double[] x = Cholesky.solveScaled(a.clone(), new double[] {2, 1}, 2);
        assertNotNull(x);
        assertEquals(0.5, x[0], 1e-12);
        assertEquals(0.0, x[1], 1e-12);
        assertNull(Cholesky.solveScaled(new double[] {1, 1, 1, 1}, new double[] {1, 1}, 2));
        assertNull(Cholesky.solveScaled(new double[] {0, 0, 0, 1}, new double[] {1, 1}, 2));
        int q = 300; // a larger random SPD system
        SplittableRandom random = new SplittableRandom(3);
        DMatrixRMaj spd = randomSpd(q, random);
        DMatrixRMaj truth = new DMatrixRMaj(q, 1);
        for (int i = 0; i < q; i++) {
            truth.data[i] = random.nextGaussian();
        }
        DMatrixRMaj rhs = new DMatrixRMaj(q, 1);
        CommonOps_DDRM.mult(spd, truth, rhs);
        double[] solved = Cholesky.solveScaled(spd.data.clone(), rhs.data, q);
        assertNotNull(solved);
        for (int i = 0; i < q; i++) {
            assertEquals(truth.data[i], solved[i], 1e-8);
        }
    }

    @Test
    void unscaledSolveSolvesDefiniteSystemsAndLeavesThemUnchanged() {
        int q = 40;
        SplittableRandom random = new SplittableRandom(4);
        DMatrixRMaj spd = randomSpd(q, random);
        double[] truth = new double[q];
        for (int i = 0; i < q; i++) {
            truth[i] = random.nextGaussian();
        }
        DMatrixRMaj rhs = new DMatrixRMaj(q, 1);
        CommonOps_DDRM.mult(spd, DMatrixRMaj.wrap(q, 1, truth), rhs);
        double[][] a = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                a[i][j] = spd.get(i, j);
            }
        }
        double[][] before = new double[q][];
        for (int i = 0; i < q; i++) {
            before[i] = a[i].clone();
        }
        assertArrayEquals(truth, Cholesky.solveOrPseudoInverse(a, rhs.data), 1e-9);
        for (int i = 0; i < q; i++) {
            assertArrayEquals(before[i], a[i], 0.0, "row " + i + " of A");
        }
    }

    @Test
    void singularSystemGetsTheMinimumNormSolution() {
        // A = [[1, 1], [1, 1]], b = (2, 2): every x with x0 + x1 = 2 solves it; the shortest is (1, 1)
        double[] x = Cholesky.solveOrPseudoInverse(new double[][] {{1, 1}, {1, 1}}, new double[] {2, 2});
        assertArrayEquals(new double[] {1, 1}, x, 1e-12);
        // a zero row and column: that coordinate stays 0, the other is solved
        x = Cholesky.solveOrPseudoInverse(new double[][] {{4, 0}, {0, 0}}, new double[] {2, 0});
        assertArrayEquals(new double[] {0.5, 0}, x, 1e-12);
    }
}

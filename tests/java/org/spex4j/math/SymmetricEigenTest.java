package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eigenpairs behind the leave-one-out ridges. */
class SymmetricEigenTest {
    @Test
    void knownSpectrum() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2
        SymmetricEigen e = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
        double[] sorted = e.values().clone();
        Arrays.sort(sorted);
        assertArrayEquals(new double[] {1, 3}, sorted, 1e-12);
        for (int k = 0; k < 2; k++) {
            double[] v = e.vectors()[k];
            assertEquals(1.0, Math.abs(v[0]) * Math.sqrt(2), 1e-12);
            assertEquals(e.values()[k] > 2 ? v[0] : -v[0], v[1], 1e-12);
        }
    }

    @Test
    void pairsSatisfyTheEigenEquationsAndVectorsAreOrthonormal() {
        int q = 12;
        SplittableRandom random = new SplittableRandom(9);
        double[] a = new double[q * q];
        for (int i = 0; i < q; i++) {
            for (int j = i; j < q; j++) {
                a[i * q + j] = a[j * q + i] = random.nextGaussian();
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a.clone(), q);
        for (int k = 0; k < q; k++) {
            double[] v = e.vectors()[k];
            for (int i = 0; i < q; i++) {
                double av = 0;
                for (int j = 0; j < q; j++) {
                    av += a[i * q + j] * v[j];
                }
                assertEquals(e.values()[k] * v[i], av, 1e-9, "pair " + k + ", row " + i);
            }
            for (int l = 0; l < q; l++) {
                double dot = 0;
                for (int i = 0; i < q; i++) {
                    dot += v[i] * e.vectors()[l][i];
                }
                assertEquals(k == l ? 1.0 : 0.0, dot, 1e-9, "vectors " + k + " and " + l);
            }
        }
    }
}

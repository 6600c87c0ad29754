package org.spex4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Least squares by pivoted QR, against closed forms. */
class QrLeastSquaresTest {
    @Test
    void fitsALineByLeastSquares() {
        // y = 1 + 2x + e on x = 0..3 with e = (+1, −1, −1, +1)/10 orthogonal to both columns: the fit is (1, 2)
        double[] a = {1, 0, 1, 1, 1, 2, 1, 3};
        double[] y = {1.1, 2.9, 4.9, 7.1};
        assertArrayEquals(new double[] {1.0, 2.0}, QrLeastSquares.solve(a, 4, 2, y), 1e-12);
    }

    @Test
    void rankDeficientDesignsGetZeroForAColumnThatIsNeverSeen() {
        // the second column is all zeros: its coefficient is 0 and the first is the mean of y
        double[] a = {1, 0, 1, 0, 1, 0};
        assertArrayEquals(new double[] {2, 0}, QrLeastSquares.solve(a, 3, 2, new double[] {1, 2, 3}), 1e-12);
    }

    @Test
    void squareSystemsAreSolvedExactly() {
        double[] a = {4, 2, 2, 3};
        assertArrayEquals(new double[] {0.5, 0}, QrLeastSquares.solve(a, 2, 2, new double[] {2, 1}), 1e-12);
    }
}

/**
 * The mathematics at the bottom: packed bit masks ({@link org.spex4j.math.MaskBatch}), feature sets, sparse
 * coefficients, the Fourier and Möbius bases and every interaction index derived from them, and the dense solves
 * that every regression of the library shares ({@link org.spex4j.math.BitColumns}, {@link org.spex4j.math.Cholesky},
 * {@link org.spex4j.math.SymmetricEigen}, {@link org.spex4j.math.QrLeastSquares}, {@link org.spex4j.math.KFold}).
 * Imports nothing of the project.
 *
 * <p>May use: nothing of the project.
 */
package org.spex4j.math;

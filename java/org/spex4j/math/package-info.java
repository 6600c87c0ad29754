/**
 * The mathematics at the bottom: packed bit masks ({@link org.spex4j.math.MaskBatch}), feature sets, sparse
 * coefficients, the Fourier and Möbius bases and every interaction index derived from them. Imports nothing of the
 * project.
 *
 * <p>May use: nothing of the project.
 */
package org.spex4j.math;

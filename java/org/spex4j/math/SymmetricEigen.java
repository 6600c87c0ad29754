package org.spex4j.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigenpairs of a symmetric matrix: what a ridge regression needs to try every penalty and score each by exact
 * leave-one-out error from a single factorisation (the baselines' ridge fallback, ProxySPEX's refit).
 *
 * @param values  the eigenvalues, in the decomposition's order
 * @param vectors {@code vectors[k]} is the unit eigenvector of {@code values[k]} (zeros where none came back)
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    /**
     * The eigenpairs of the symmetric q × q matrix {@code a} (row-major; used as scratch space).
     *
     * @throws IllegalStateException when the decomposition does not converge
     */
    public static SymmetricEigen of(double[] a, int q) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(q, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(q, q, a))) {
            throw new IllegalStateException("the eigendecomposition of the " + q + " x " + q
                    + " symmetric matrix did not converge");
        }
        double[] values = new double[q];
        double[][] vectors = new double[q][];
        for (int k = 0; k < q; k++) {
            values[k] = eig.getEigenvalue(k).real;
            DMatrixRMaj vk = eig.getEigenVector(k);
            vectors[k] = vk == null ? new double[q] : vk.data.clone();
        }
        return new SymmetricEigen(values, vectors);
    }
}

package org.spex4j.math;

/**
 * The basis a {@link SparseCoefficients} is expressed in (SPEX.md §3.1, §3.2).
 */
public enum Basis {
    /** Walsh–Hadamard: {@code f(m) = Σ_k F(k)·(−1)^{|m ∩ k|}} (§3.1). */
    FOURIER,
    /** Möbius / Harsanyi dividends: {@code f(m) = Σ_{S ⊆ kept(m)} a(S)} (§3.2). */
    MOBIUS
}

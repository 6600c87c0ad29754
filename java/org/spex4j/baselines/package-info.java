/**
 * The classic attribution baselines that SPEX is compared with (SPEX.md §8.5–§8.6): leave-one-out, LIME,
 * KernelSHAP, Banzhaf, Faith-Banzhaf ℓ, Faith-Shap ℓ and Shapley–Taylor ℓ.
 *
 * <p>Every method is an {@link org.spex4j.api.Explainer}: it queries the subject's
 * {@link org.spex4j.value.ValueFunction} within the call's budget, in batches and each distinct mask once, from a
 * {@link java.util.SplittableRandom} seeded by the call, and returns an {@link org.spex4j.api.Explanation} whose
 * {@code fourier()} is the method's surrogate in the Fourier basis, so that R², Rem(r) and recall are computed the same way for every method. {@link org.spex4j.baselines.Baselines#byName} finds
 * a method by its command-line name; {@link org.spex4j.baselines.Baselines#requireFeasible} is the feasibility rule.
 *
 * <pre>{@code
 * Explanation e = Baselines.byName("faith-shap", 2).explain(Subject.of(f, n), 10_000, 42);
 * double[] phi = e.shapleyValues();
 * SparseCoefficients fsii = e.interactions(Index.FSII, 2);
 * }</pre>
 *
 * <p>May use: api, kernels, math, value.
 */
package org.spex4j.baselines;

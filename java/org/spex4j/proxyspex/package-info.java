/**
 * ProxySPEX (Butler, Agarwal, Kang, Erginbas, Yu, Ramchandran, NeurIPS 2025, arXiv 2505.17495): SPEX's sparse
 * Fourier explanation from far fewer model queries, by way of a gradient-boosted tree proxy.
 *
 * <p>{@link org.spex4j.proxyspex.ProxySpexExplainer} samples uniform random masks, evaluates each distinct one once,
 * fits XGBoost trees ({@link org.spex4j.proxyspex.BoostedTrees}, hyperparameters by 5-fold cross-validated R²),
 * reads the exact Fourier transform off every tree ({@link org.spex4j.proxyspex.TreeFourier}), keeps the
 * coefficients that carry 95% of the non-constant energy and refits them by ridge regression with a
 * leave-one-out cross-validated penalty ({@link org.spex4j.proxyspex.RidgeRefit}).
 *
 * <pre>{@code
 * Explanation e = new ProxySpexExplainer(ProxySpexConfig.builder().build()).explain(Subject.of(f, n), 600, 0);
 * }</pre>
 *
 * <p>May use: api, kernels, math, spex, util, value.
 */
package org.spex4j.proxyspex;

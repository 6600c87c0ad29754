/**
 * SPEX itself (arXiv 2502.13870): the query design, the budget rule, BCH-coded bins, soft or hard decoding, peeling
 * and the refit, as {@link org.spex4j.spex.SpexExplainer}.
 *
 * <p>May use: api, kernels, math, value, util.
 */
package org.spex4j.spex;

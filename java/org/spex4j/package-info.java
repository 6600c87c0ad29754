/**
 * The facade and the method registry: {@link org.spex4j.Spex} explains a text on a model in one call, configured by one
 * immutable {@link org.spex4j.ExplainOptions}; {@link org.spex4j.Methods} lists every method once. The top of the
 * library: nothing but the command line imports it.
 *
 * <p>May use: api, baselines, eval, kernels, math, model, model.runtime, normxlogit, proxyspex, slalom, spex, text, textgenshap,
 * util, value.
 */
package org.spex4j;

/**
 * The contract every method implements and the result it returns: {@link org.spex4j.api.Explainer} (a value
 * function in, an explanation out), {@link org.spex4j.api.ModelExplainer} (for methods that need the model itself),
 * the immutable {@link org.spex4j.api.Explanation}, and the settings all methods share ({@link
 * org.spex4j.api.ExplainerConfig}).
 *
 * <p>May use: math, model, text, value.
 */
package org.spex4j.api;

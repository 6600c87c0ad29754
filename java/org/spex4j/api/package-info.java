/**
 * The contract every method implements and the result it returns: {@link org.spex4j.api.Explainer} ({@code
 * explain(subject, budget, seed)}), the {@link org.spex4j.api.Subject} it explains (a value function over n features
 * with typed capabilities, such as the {@link org.spex4j.api.ModelInput} of methods that need the model itself), and
 * the immutable {@link org.spex4j.api.Explanation}.
 *
 * <p>May use: math, model, text, value.
 */
package org.spex4j.api;

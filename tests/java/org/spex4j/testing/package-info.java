/**
 * Shared test support: numeric tolerances for float32 results ({@link org.spex4j.testing.Float32}) and assertions
 * that a call refuses its input for the expected reason ({@link org.spex4j.testing.Refusals}).
 * Used by tests of every package; imports only JUnit.
 */
package org.spex4j.testing;

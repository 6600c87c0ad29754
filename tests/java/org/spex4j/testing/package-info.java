/**
 * Shared test support: numeric tolerances for float32 results. Used by tests of every package; imports only JUnit.
 */
package org.spex4j.testing;

/**
 * How good an explanation is: faithfulness (R² on random masks), removal curves, recall of known interactions, and
 * the erasure protocol for rankings. Measures surrogates against value functions; knows nothing of models.
 *
 * <p>May use: math, value.
 */
package org.spex4j.eval;

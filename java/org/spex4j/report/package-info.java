/**
 * Explanations as JSON (the command-line contract of DESIGN.md) and as a self-contained HTML page.
 *
 * <p>May use: api, math.
 */
package org.spex4j.report;

/**
 * The paper's studies as commands: faithfulness against the budget on the 160 reviews, rankings, removal
 * prediction; resumable runs written as CSV with a report.
 *
 * <p>May use: org.spex4j (the method registry and options), api, baselines, eval, kernels, math, model,
 * model.runtime, normxlogit, slalom, spex, text, value.
 */
package org.spex4j.study;

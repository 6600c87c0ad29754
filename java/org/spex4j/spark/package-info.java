/**
 * Explaining a whole data set on Apache Spark: {@link org.spex4j.spark.DatasetExplainer} appends a row's seed, its
 * explanation ({@code explain --json}) and its error to every row of a {@code Dataset<Row>} (a {@code mapPartitions}
 * that keeps one loaded model per executor JVM), and {@link org.spex4j.spark.ExplainDatasetJob} runs a file to an
 * output directory that a rerun completes. Spark is a provided dependency: only this package and the command line
 * touch it, and nothing in the library below imports it.
 *
 * <p>May use: org.spex4j (the facade), api, kernels (the device of a model key), math,
 * model.runtime (the native thread pools), report.
 */
package org.spex4j.spark;

/**
 * SLALOM, the Softmax-Linked Additive Log-Odds Model (Leemann, Fastowski, Pfeiffer, Kasneci; TMLR 2025,
 * arXiv 2405.13536): a surrogate F(t) = Σ_i softmax(s)_i v(t_i) of the model's output on token sequences, with a
 * value v and an importance s per token type.
 *
 * <p>{@link org.spex4j.slalom.SlalomExplainer} is the method ("slalom" = SLALOM-eff, "slalom-fidel"); it samples
 * sequences, scores them through {@link org.spex4j.slalom.ModelSequences} and fits them with
 * {@link org.spex4j.slalom.SlalomFit}. {@link org.spex4j.slalom.ExactFit} is the 2K − 1 query identifiability
 * check; {@link org.spex4j.study.RemovalStudy} measures removal-prediction error against LIME and KernelSHAP.
 *
 * <pre>{@code
 * try (Spex spex = Spex.builder().optModel("minilm").optMethod("slalom", 1).build()) {
 *     Explanation e = spex.explain("A gripping, beautifully shot film with a weak ending.");
 *     double[] removal = e.scores().get("removal");
 * }
 * }</pre>
 *
 * <p>May use: api, math, model, text, value.
 */
package org.spex4j.slalom;

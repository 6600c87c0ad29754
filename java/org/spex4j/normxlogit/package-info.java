/**
 * NormXLogit (Abbasi, Modarres, Pilehvar, EMNLP 2025, arXiv 2411.16252): token importance from one forward pass,
 * {@code ‖h⁰_i‖₂ · LogAt_i}, the norm of a token's embedding-layer output times the logit of the explained class that
 * the model's head gives the token's final-layer state.
 *
 * <p>{@link org.spex4j.normxlogit.NormXLogit} is the arithmetic on a {@link org.spex4j.model.PositionLogits.Readout}
 * (and the contrastive margin variant); {@link org.spex4j.normxlogit.NormXLogitExplainer} is the
 * {@link org.spex4j.api.Explainer} behind {@code ./spex explain --method normxlogit} (it asks the subject for its
 * {@link org.spex4j.api.ModelInput}). Its faithfulness is measured
 * with {@link org.spex4j.eval.RankingFaithfulness} (the paper's comprehensiveness/sufficiency protocol).
 *
 * <pre>{@code
 * try (Spex spex = Spex.builder().optModel("minilm").optMethod("normxlogit", 2).build()) {
 *     Explanation e = spex.explain("A gripping, beautifully shot film with a weak ending.");
 *     double[] importance = e.scores().get("normxlogit");   // per word; also "embedding_norm", "logit"
 * }
 * }</pre>
 *
 * <p>May use: api, math, model, text, value.
 */
package org.spex4j.normxlogit;

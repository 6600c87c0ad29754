/**
 * Patchscopes (Ghandeharioun et al., ICML 2024, arXiv 2401.06102) on the Llama runtime: take the hidden state at
 * (source layer, position) of a source prompt, optionally map it with an affine map, write it over the hidden state at
 * (target layer, position) of a target prompt during that prompt's forward pass, and read what the model then
 * predicts.
 *
 * <p><b>Layer numbering</b> ({@link org.spex4j.patchscopes.Patchscope#hookName(int)}): layer 0 is the embedding
 * output ({@code hook_embed}), layer {@code l} in {@code 1..L} is the residual stream after block {@code l}
 * ({@code blocks.(l-1).hook_resid_post}), so layer {@code L} is the last block's output before the final norm. The
 * runtime applies the final norm after that hook, so patching layer {@code L} needs no special case (the paper's
 * {@code skip_final_ln}, needed there because Hugging Face's last hidden state is already normalised).
 *
 * <ul>
 *   <li>{@link org.spex4j.patchscopes.Patchscope}: the general operation (source states, patched next-token
 *       distribution, patched greedy decoding with the patch at prefill only).</li>
 *   <li>{@link org.spex4j.patchscopes.NextTokens}: a next-token distribution (top-k, surprisal).</li>
 *   <li>{@link org.spex4j.patchscopes.AffineMap}: the optional map {@code h -> W h + b}.</li>
 *   <li>{@link org.spex4j.patchscopes.TokenIdentity}: the named configurations (logit lens, token identity) and
 *       the layer-by-layer sweep, whose result is a {@link org.spex4j.patchscopes.SweepTable}.</li>
 * </ul>
 *
 * <p>May use: model.llama, model.runtime.
 */
package org.spex4j.patchscopes;

package org.spex4j.model.runtime;

/**
 * Names of the hook points of a transformer, as TransformerLens names them. Every hook point sees a hidden state of
 * shape [batch, position, d_model].
 */
public final class HookName {
    private HookName() {}

    /** The embedding output (token + position embeddings, after the embedding norm where the model has one). */
    public static String embed() {
        return "hook_embed";
    }

    /** The residual stream after block {@code layer} (0-based). */
    public static String residPost(int layer) {
        return "blocks." + layer + ".hook_resid_post";
    }

    /** The output of the final norm (decoders), the input of the LM head. */
    public static String lnFinal() {
        return "ln_final.hook_normalized";
    }
}

package org.spex4j.model;

import java.util.List;

/**
 * A model that reads out, from one forward pass over an unmasked input, what attribution methods built on hidden
 * states need (NormXLogit): each position's embedding-layer output h⁰, and the class logits that position's
 * final-layer state gets when the task's head is applied to it alone.
 */
public interface PositionLogits {
    /**
     * One forward pass over {@code ids} (special tokens included, as {@link TextModel#tokenize} gives them).
     *
     * @throws IllegalArgumentException when {@code task} has no classes on this model, or the ids are invalid
     */
    Readout positionLogits(Task task, long[] ids);

    /**
     * What one forward pass gave.
     *
     * @param embeddings h⁰ per position, {@code [positions][width]}: the embedding-layer output the model's hook
     *                   {@link HookName#embed()} sees (after the embedding LayerNorm where the model has one)
     * @param logits     the head applied to each position's final-layer state, {@code [positions][classes]}
     * @param output     the model's own class logits for the whole input (what it predicts), {@code [classes]}
     * @param classes    the name of each class
     */
    record Readout(float[][] embeddings, float[][] logits, float[] output, List<String> classes) {
        public Readout {
            if (embeddings.length == 0 || embeddings.length != logits.length) {
                throw new IllegalArgumentException("embeddings and logits need the same positive number of positions,"
                        + " got " + embeddings.length + " and " + logits.length);
            }
            for (float[] row : logits) {
                if (row.length != output.length) {
                    throw new IllegalArgumentException("each position needs " + output.length + " class logits, got "
                            + row.length);
                }
            }
            if (classes.size() != output.length) {
                throw new IllegalArgumentException(classes.size() + " class names for " + output.length + " classes");
            }
            classes = List.copyOf(classes);
        }

        public int positions() {
            return embeddings.length;
        }
    }
}

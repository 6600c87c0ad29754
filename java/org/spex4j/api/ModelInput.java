package org.spex4j.api;

import java.util.Objects;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.MaskedInput;

/**
 * The capability of a {@link Subject} whose value function comes from a text model: the model, the task, the input's
 * features and token ids, and the rows per forward pass. Methods that need more than masked values (NormXLogit,
 * SLALOM, TextGenSHAP) ask for it with {@code subject.require(ModelInput.class, name())}.
 *
 * @param model       the loaded model (the subject's value function runs on it)
 * @param task        the task explained
 * @param input       the input's features, token ids and masker
 * @param rowsPerPass rows per forward pass of the model
 */
public record ModelInput(TextModel model, Task task, MaskedInput input, int rowsPerPass) {
    public ModelInput {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(input, "input");
        if (rowsPerPass < 1) {
            throw new IllegalArgumentException("rows per pass must be >= 1, got " + rowsPerPass);
        }
    }
}

package org.spex4j.api;

import java.util.function.BooleanSupplier;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.Progress;
import org.spex4j.value.ValueFunction;

/**
 * A method that needs the model itself, not only a value function over masks: NormXLogit reads hidden states,
 * SLALOM queries arbitrary token sequences, TextGenSHAP compares generations. {@link Spex} hands it everything
 * it knows about one input; the returned explanation has the same shape as every other method's (a Fourier
 * surrogate, plus the method's own per-feature {@link Explanation#scores()}).
 */
public interface ModelExplainer {
    /** The method's name as the command line spells it. */
    String name();

    /** Explains the model's output on one input. */
    Explanation explain(Request request);

    /**
     * One input as {@link Spex} prepared it.
     *
     * @param model     the loaded model
     * @param task      the task being explained
     * @param input     the input's features, token ids and masker
     * @param value     the task's value function over feature masks of {@code input}
     * @param budget    the query budget SPEX would get (methods may use fewer)
     * @param seed      the seed of every random choice
     * @param batchSize rows per forward pass
     */
    record Request(TextModel model, Task task, MaskedInput input, ValueFunction value, long budget, long seed,
            int batchSize, Progress progress, BooleanSupplier cancelled) {}
}

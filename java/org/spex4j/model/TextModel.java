package org.spex4j.model;

import java.util.List;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A loaded language model as the explainers see it: a tokenizer, the token that stands for a masked feature, and
 * value functions for its tasks. Implementations hold native weights: close them.
 */
public interface TextModel extends AutoCloseable {
    /** The registry name ("minilm", "stories260k") or the path it was loaded from. */
    String name();

    /** The tasks this model supports; the first is the default. */
    List<Task> tasks();

    default Task defaultTask() {
        return tasks().get(0);
    }

    /** Tokenizes with the model's special tokens, no truncation. */
    Tokenized tokenize(String text);

    /** The token a masked feature becomes under {@link org.spex4j.text.MaskMode#REPLACE}. */
    long replaceId();

    long padId();

    /** The longest input the model accepts, in tokens. */
    int maxTokens();

    /** Where the model's forward passes run. */
    default TorchDevice device() {
        return TorchDevice.CPU;
    }

    /** The value function of {@code task} on the masked forms of {@code input}. */
    ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options);

    /**
     * The value function of {@code task} on the masked forms of {@code evaluated}, with the task's reference (the
     * unmasked input a similarity compares with, say) taken from {@code reference}. SLALOM scores token sequences
     * that are not masked forms of the explained input this way. The default accepts only
     * {@code evaluated == reference}; a model that can do more overrides it.
     */
    default ValueFunction valueFunction(Task task, MaskedInput reference, MaskedInput evaluated,
            ValueOptions options) {
        if (evaluated == reference) {
            return valueFunction(task, reference, options);
        }
        throw new IllegalArgumentException("model " + name() + " cannot score task " + task.label()
                + " on token sequences other than masked forms of the explained input");
    }

    @Override
    void close();

    /**
     * Options of the value functions: rows per forward pass, tokens per pass (rows × padded length: the memory
     * budget of one pass; a single longer row still runs alone), mean vs sum log-prob, the length of the greedy
     * continuation a decoder scores, and the class the task {@link Task#CLASS} explains (a label or an index; null:
     * the class predicted on the unmasked input).
     */
    record ValueOptions(int batchSize, long maxBatchTokens, boolean meanLogProb, int continuationTokens,
            String targetClass) {
        public ValueOptions {
            if (batchSize < 1 || maxBatchTokens < 1 || continuationTokens < 1) {
                throw new IllegalArgumentException("batch size, tokens per batch and continuation tokens must each "
                        + "be >= 1, got " + batchSize + ", " + maxBatchTokens + " and " + continuationTokens);
            }
            if (targetClass != null && targetClass.isBlank()) {
                throw new IllegalArgumentException("the class must be a label or an index, got an empty string");
            }
        }

        /** Options without a chosen class (the predicted one is explained). */
        public ValueOptions(int batchSize, long maxBatchTokens, boolean meanLogProb, int continuationTokens) {
            this(batchSize, maxBatchTokens, meanLogProb, continuationTokens, null);
        }

        public static ValueOptions defaults() {
            return new ValueOptions(256, 65_536, false, 16);
        }

        /** These options with {@code label} (a label or an index) as the explained class. */
        public ValueOptions withTargetClass(String label) {
            return new ValueOptions(batchSize, maxBatchTokens, meanLogProb, continuationTokens, label);
        }
    }
}

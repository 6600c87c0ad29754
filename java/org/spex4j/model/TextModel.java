package org.spex4j.model;

import java.util.List;
import org.spex4j.model.runtime.Precision;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A loaded language model as the explainers see it: a tokenizer, the token that stands for a masked feature, and
 * value functions for its tasks. Implementations hold native weights: close them.
 *
 * <p>Thread safety: a model and its value functions are not thread-safe (its hooks, caches and native state belong
 * to the instance). Share one model between threads through one {@code org.spex4j.Spex}, which runs its explanations
 * one at a time, or give each thread its own model.
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

    /**
     * {@code text} as this model sees it, cut into features and ready to mask: the one way every caller prepares an
     * input.
     *
     * @throws IllegalArgumentException for a blank text, one over {@link #maxTokens()} (no silent truncation), or
     *                                  one without features
     */
    default MaskedInput input(String text, Granularity features, MaskMode mask) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the input text is empty");
        }
        Tokenized tok = tokenize(text);
        if (tok.length() > maxTokens()) {
            throw new IllegalArgumentException("the input has " + tok.length() + " tokens, more than " + name()
                    + "'s limit of " + maxTokens() + "; shorten it (no silent truncation)");
        }
        List<Segment> segments = Segmenter.of(features, text, tok);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("the input has no features");
        }
        return MaskedInput.of(segments, tok.ids(), tok.charStart(), tok.charEnd(), mask, replaceId(), padId());
    }

    /**
     * What this model can do beyond values on masked inputs, asked by type rather than by downcasting:
     * {@link PositionLogits} (per-position readouts, for NormXLogit) or
     * {@link org.spex4j.model.llama.LlamaModel} (generation and hidden states, for TextGenSHAP and Patchscopes).
     * Empty when the model cannot; the model keeps owning what it returns (close the model, not the capability).
     */
    default <T> java.util.Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }

    /**
     * The precision the dense layers of a pass asked for {@code precision} run in: FP32 unless the model offers
     * the reduced one on this machine ({@link Precision}).
     */
    default Precision runsIn(Precision precision) {
        return Precision.FP32;
    }

    @Override
    void close();

    /**
     * Options of the value functions: rows per forward pass, tokens per pass (rows × padded length: the memory
     * budget of one pass; a single longer row still runs alone), mean vs sum log-prob, the length of the greedy
     * continuation a decoder scores, the class the task {@link Task#CLASS} explains (a label or an index; null:
     * the class predicted on the unmasked input), how many passes run at once on the CPU ({@code threads}, each on
     * its own thread with one LibTorch and one BLAS thread; 0: one per core), and the number format of the dense
     * layers ({@link Precision}).
     */
    record ValueOptions(int batchSize, long maxBatchTokens, boolean meanLogProb, int continuationTokens,
            String targetClass, int threads, Precision precision) implements java.io.Serializable {
        /** The default token budget of one pass: small passes keep activations in cache and off the page allocator. */
        public static final long DEFAULT_BATCH_TOKENS = 4_096;

        public ValueOptions {
            if (batchSize < 1 || maxBatchTokens < 1 || continuationTokens < 1) {
                throw new IllegalArgumentException("batch size, tokens per batch and continuation tokens must each "
                        + "be >= 1, got " + batchSize + ", " + maxBatchTokens + " and " + continuationTokens);
            }
            if (targetClass != null && targetClass.isBlank()) {
                throw new IllegalArgumentException("the class must be a label or an index, got an empty string");
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = one pass per core), got " + threads);
            }
            java.util.Objects.requireNonNull(precision, "precision");
        }

        /** Options without a chosen class (the predicted one is explained), all cores, float32. */
        public ValueOptions(int batchSize, long maxBatchTokens, boolean meanLogProb, int continuationTokens) {
            this(batchSize, maxBatchTokens, meanLogProb, continuationTokens, null, 0, Precision.FP32);
        }

        public static ValueOptions defaults() {
            return new ValueOptions(256, DEFAULT_BATCH_TOKENS, false, 16);
        }

        /** These options with {@code label} (a label or an index) as the explained class. */
        public ValueOptions withTargetClass(String label) {
            return new ValueOptions(batchSize, maxBatchTokens, meanLogProb, continuationTokens, label, threads,
                    precision);
        }

        /** These options with {@code threads} passes at once (0: one per core). */
        public ValueOptions withThreads(int threads) {
            return new ValueOptions(batchSize, maxBatchTokens, meanLogProb, continuationTokens, targetClass, threads,
                    precision);
        }

        /** These options with the dense layers in {@code precision}. */
        public ValueOptions withPrecision(Precision precision) {
            return new ValueOptions(batchSize, maxBatchTokens, meanLogProb, continuationTokens, targetClass, threads,
                    precision);
        }

        /** The passes that run at once: {@code threads}, or the core count for 0. */
        public int resolvedThreads() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }
}

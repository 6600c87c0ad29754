package org.spex4j.model;

import java.util.Arrays;
import java.util.List;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.TextTokenizer;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * A Llama-family decoder as a {@link TextModel}: the log-probability of the model's own greedy continuation of the
 * unmasked input, teacher-forced after each masked prompt in one forward pass (spec §2.2, the clean form). A masked
 * feature becomes {@code <unk>}, as the paper's QA value functions do.
 */
public final class DecoderTextModel implements TextModel {
    private final String name;
    private final LlamaModel model;

    DecoderTextModel(String name, LlamaModel model) {
        this.name = name;
        this.model = model;
    }

    /** The wrapped decoder. */
    LlamaModel model() {
        return model;
    }

    /**
     * The wrapped decoder, for methods that generate from it (TextGenSHAP); the caller must not close it (closing
     * this model does).
     */
    public LlamaModel llama() {
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Task> tasks() {
        return List.of(Task.LOGPROB);
    }

    @Override
    public Tokenized tokenize(String text) {
        TextTokenizer.Encoding e = model.tokenizer().encode(text, true, false);
        return new Tokenized(e.longIds(), e.starts(), e.ends());
    }

    @Override
    public long replaceId() {
        return 0;  // <unk>
    }

    @Override
    public long padId() {
        return 0;
    }

    @Override
    public int maxTokens() {
        return model.maxSequenceLength();
    }

    /** The greedy continuation scored by {@link Task#LOGPROB} (at least one token). */
    int[] continuation(MaskedInput input, int tokens) {
        long[] ids = input.ids();
        int[] prompt = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            prompt[i] = (int) ids[i];
        }
        int steps = Math.min(tokens, model.maxSequenceLength() - prompt.length);
        if (steps < 1) {
            throw new IllegalArgumentException("the input (" + prompt.length + " tokens) leaves no room for a "
                    + "continuation in the model's context of " + model.maxSequenceLength() + " tokens");
        }
        int[] all = model.generateGreedy(prompt, steps, true, true);
        int[] cont = Arrays.copyOfRange(all, prompt.length, all.length);
        return cont.length == 0 ? new int[] {all[all.length - 1]} : cont;
    }

    @Override
    public ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options) {
        if (task != Task.LOGPROB) {
            throw new IllegalArgumentException("model " + name + " has no task " + task.label() + "; it supports "
                    + tasks());
        }
        int[] continuation = continuation(input, options.continuationTokens());
        int limit = model.maxSequenceLength() - continuation.length;
        return (MaskBatch masks) -> MaskedForward.evaluate(input, masks, options.batchSize(), options.maxBatchTokens(),
                limit, (ids, attention, positions, lengths) -> {
                    long[] flat = org.spex4j.model.Tensors.toLongs(ids);
                    long[] lens = new long[lengths.length];
                    for (int q = 0; q < lens.length; q++) {
                        lens[q] = lengths[q];
                    }
                    return model.continuationLogProb(flat, lengths.length, (int) ids.size(1), lens, continuation,
                            options.meanLogProb());
                });
    }

    @Override
    public void close() {
        model.close();
    }
}

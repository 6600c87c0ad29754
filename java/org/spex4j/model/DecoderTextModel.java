package org.spex4j.model;

import java.util.Arrays;
import java.util.List;
import org.spex4j.model.llama.ContinuationScorer;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.TextTokenizer;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.MaskedInput;
import org.spex4j.math.MaskBatch;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/**
 * A Llama-family decoder as a {@link TextModel}: the log-probability of the model's own greedy continuation of the
 * unmasked input, teacher-forced after each masked prompt in one forward pass (spec §2.2, the clean form). A masked
 * feature becomes {@code <unk>}, as the paper's QA value functions do.
 */
final class DecoderTextModel implements TextModel, PositionLogits {
    private final String name;
    private final LlamaModel model;
    private final LlamaGenerator generator;
    private final ContinuationScorer scorer;

    DecoderTextModel(String name, LlamaModel model) {
        this.name = name;
        this.model = model;
        this.generator = new LlamaGenerator(model);
        this.scorer = new ContinuationScorer(model);
    }

    /** The wrapped decoder. */
    LlamaModel model() {
        return model;
    }

    /** Besides {@link PositionLogits}, the decoder itself: generation, scoring and hidden states. */
    @Override
    public <T> java.util.Optional<T> capability(Class<T> type) {
        return type == LlamaModel.class ? java.util.Optional.of(type.cast(model)) : TextModel.super.capability(type);
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
    public TorchDevice device() {
        return model.device();
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
        int[] all = generator.generateGreedy(prompt, steps, Greedy.CACHED.untilEos());
        int[] cont = Arrays.copyOfRange(all, prompt.length, all.length);
        return cont.length == 0 ? new int[] {all[all.length - 1]} : cont;
    }

    @Override
    public ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options) {
        return valueFunction(task, input, input, options);
    }

    /** The continuation is the unmasked reference's; the masked forms of {@code evaluated} are scored. */
    @Override
    public ValueFunction valueFunction(Task task, MaskedInput reference, MaskedInput evaluated,
            ValueOptions options) {
        if (task != Task.LOGPROB) {
            throw new IllegalArgumentException("model " + name + " has no task " + task.label() + "; it supports "
                    + tasks());
        }
        int[] continuation = continuation(reference, options.continuationTokens());
        int limit = model.maxSequenceLength() - continuation.length;
        ValueFunction f = (MaskBatch masks) -> MaskedForward.evaluate(model.device(), evaluated, masks, options,
                limit, (ids, attention, positions, lengths) ->
                        scorer.logProb(ids, lengths, continuation, options.meanLogProb()));
        String text = model.tokenizer() == null ? Arrays.toString(continuation)
                : "\"" + model.tokenizer().decode(continuation) + "\"";
        return ValueFunction.described(f, (options.meanLogProb() ? "mean log p per token of " : "log p of ")
                + "the greedy continuation " + text + " (" + continuation.length + " tokens)");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The head is the LM head after the final norm; the classes are the vocabulary (each token's text) and
     * {@code output} is the next-token logits at the last position. {@code embeddings} are the raw token embedding
     * rows (the model adds no position embedding).
     */
    @Override
    public Readout positionLogits(Task task, long[] ids) {
        if (task != Task.LOGPROB) {
            throw new IllegalArgumentException("model " + name + " has no task " + task.label() + "; it supports "
                    + tasks());
        }
        int len = ids.length, vocab = model.vocabSize();
        Hooks hooks = new Hooks().capture(HookName.embed());
        float[] all = model.logits(ids, 1, len, null, hooks);
        Hooks.Captured h0 = hooks.captured(HookName.embed());
        float[][] emb = new float[len][];
        float[][] logits = new float[len][];
        for (int i = 0; i < len; i++) {
            emb[i] = h0.at(0, i);
            logits[i] = Arrays.copyOfRange(all, i * vocab, (i + 1) * vocab);
        }
        String[] names = new String[vocab];
        for (int c = 0; c < vocab; c++) {
            names[c] = model.tokenizer() == null ? "#" + c : model.tokenizer().decode(new int[] {c});
        }
        return new Readout(emb, logits, logits[len - 1].clone(), List.of(names));
    }

    @Override
    public void close() {
        model.close();
    }
}

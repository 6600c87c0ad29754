package org.spex4j.model.llama;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.Tensors;

/**
 * Greedy decoding with a {@link LlamaModel}: with the KV cache (prefill the prompt once, then one token per step
 * against cached keys and values) or by re-running the whole sequence at every step, the same tokens either way.
 * {@link SpeculativeDecoder} gives the same tokens in fewer passes when a draft of likely outputs is at hand.
 *
 * <p>End-of-sequence is EOS (config.json's {@code eos_token_id} for Hugging Face models) and, for llama2.c models,
 * also BOS (id 1), which llama2.c's run.c treats as the delimiter between sequences. Thread-safety and closing follow
 * the model's: every call holds the model open.
 */
public final class LlamaGenerator {
    private final LlamaModel model;

    public LlamaGenerator(LlamaModel model) {
        if (model == null) {
            throw new IllegalArgumentException("the generator needs a model");
        }
        this.model = model;
    }

    /**
     * A greedy generation: {@code tokens} is the prompt followed by the generated tokens, {@code stepLogits[i]} the
     * logits generated token {@code i} was chosen from (null unless asked for).
     */
    public record Generation(int[] tokens, float[][] stepLogits) {}

    /**
     * Greedy decoding of up to {@code steps} new tokens after {@code prompt} (which should start with BOS for
     * llama2.c models); returns the prompt followed by the generated tokens. With {@link Greedy#stopAtEos()},
     * generation stops after the first end-of-sequence token, which is then the last returned token.
     */
    public int[] generateGreedy(int[] prompt, int steps, Greedy how) {
        return generate(prompt, steps, how, false, null).tokens();
    }

    /** {@link #generateGreedy(int[], int, Greedy)} also returning each step's logits. */
    public Generation generateGreedyWithLogits(int[] prompt, int steps, Greedy how) {
        return generate(prompt, steps, how, true, null);
    }

    /**
     * {@link #generateGreedyWithLogits(int[], int, Greedy)} with hooks on the prompt's positions (a Patchscope): with
     * the KV cache they run in the prefill pass only, so later tokens see a patch through the cached keys and values;
     * without it they run in every full re-run, where they touch the same prompt positions. Both give the same tokens.
     * Hook positions must lie inside the prompt; a capture holds the prompt's states (cached) or the last re-run's
     * (uncached).
     */
    public Generation generateGreedyWithLogits(int[] prompt, int steps, Greedy how, Hooks promptHooks) {
        return generate(prompt, steps, how, true, promptHooks);
    }

    /**
     * Encodes {@code prompt} with BOS, generates up to {@code steps} tokens greedily (stopping at end-of-sequence as
     * run.c does) and returns the prompt and continuation as text, as llama2.c's run.c prints them.
     */
    public String generate(String prompt, int steps) {
        TextTokenizer tok = model.tokenizer();
        if (tok == null) {
            throw new IllegalStateException("this model was loaded without a tokenizer; use the id-level methods");
        }
        int[] ids = tok.encodeIds(prompt, true, false);
        int[] all = generateGreedy(ids, steps, Greedy.CACHED.untilEos());
        if (all.length > ids.length && model.isStop(all[all.length - 1])) {
            all = Arrays.copyOf(all, all.length - 1);
        }
        return tok.decode(all);
    }

    private Generation generate(int[] prompt, int steps, Greedy how, boolean keepLogits, Hooks hooks) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        model.checkPrompt(prompt, steps);
        return model.call(() -> how.kvCache() ? cached(prompt, steps, how.stopAtEos(), keepLogits, hooks)
                : uncached(prompt, steps, how.stopAtEos(), keepLogits, hooks));
    }

    private Generation uncached(int[] prompt, int steps, boolean stopAtEos, boolean keepLogits, Hooks hooks) {
        long[] seq = new long[prompt.length + steps];
        for (int i = 0; i < prompt.length; i++) {
            seq[i] = prompt[i];
        }
        int n = prompt.length;
        List<float[]> logits = new ArrayList<>();
        int produced = 0;
        while (produced < steps) {
            int pick;
            try (PointerScope step = new PointerScope()) {
                Tensor x = Tensors.fromLongs(model.device(), Arrays.copyOf(seq, n), 1, n);
                Tensor h = model.trunk(x, hooks).select(1, n - 1);  // [1, D]
                Tensor lg = model.head(h).reshape(-1);
                pick = (int) lg.argmax().item_long();
                if (keepLogits) {
                    logits.add(Tensors.toFloats(lg));
                }
            }
            seq[n++] = pick;
            produced++;
            if (stopAtEos && model.isStop(pick)) {
                break;
            }
        }
        int[] out = new int[prompt.length + produced];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) seq[i];
        }
        return new Generation(out, keepLogits ? logits.toArray(new float[0][]) : null);
    }

    private Generation cached(int[] prompt, int steps, boolean stopAtEos, boolean keepLogits, Hooks hooks) {
        KvCache cache = model.newCache(prompt.length + steps);
        List<float[]> logits = new ArrayList<>();
        int[] out = Arrays.copyOf(prompt, prompt.length + steps);
        int produced = 0;
        long[] input = LlamaModel.toLongs(prompt);
        int pos = 0;
        while (produced < steps) {
            int pick;
            try (PointerScope step = new PointerScope()) {
                Tensor x = Tensors.fromLongs(model.device(), input, 1, input.length);
                // hooks at the prefill only: decode steps see a patch through the cache
                Tensor h = model.forward(x, pos, cache, pos == 0 ? hooks : null);  // [1, T, D] after the final norm
                Tensor lg = model.head(h.select(1, input.length - 1)).reshape(-1);
                pick = (int) lg.argmax().item_long();
                if (keepLogits) {
                    logits.add(Tensors.toFloats(lg));
                }
            }
            pos += input.length;
            out[prompt.length + produced++] = pick;
            input = new long[] {pick};
            if (stopAtEos && model.isStop(pick)) {
                break;
            }
        }
        return new Generation(Arrays.copyOf(out, prompt.length + produced),
                keepLogits ? logits.toArray(new float[0][]) : null);
    }
}

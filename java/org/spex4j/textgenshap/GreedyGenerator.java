package org.spex4j.textgenshap;

import java.util.Arrays;
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.SpeculativeDecoder;

/**
 * {@code g}: greedy generation of up to a fixed number of tokens (stopping after an end-of-sequence token) from a
 * prompt, optionally speculative. With speculation each prompt is verified against a {@link SpeculationTree} of the
 * outputs generated so far (its most frequent outputs, up to a node budget) in one decoder pass over prompt and
 * tree; on a miss decoding falls back to cached greedy steps from the point of divergence, and the new output joins
 * the tree. The outputs are the same either way.
 *
 * <p>Not thread-safe (the tree and the counters are shared state): one generator per explanation.
 */
public final class GreedyGenerator {
    private final LlamaModel model;
    private final LlamaGenerator generator;
    private final SpeculativeDecoder decoder;
    private final int tokens;
    private final boolean speculative;
    private final SpeculationTree tree;
    private final int draftNodes;
    private long generations;
    private long hits;
    private long passes;
    private long generatedTokens;
    private long verifiedTokens;

    /** {@link #GreedyGenerator(LlamaModel, int, boolean, int, int)} with drafts of {@link #DRAFT_NODES} nodes. */
    public GreedyGenerator(LlamaModel model, int tokens, boolean speculative, int maxTreeNodes) {
        this(model, tokens, speculative, maxTreeNodes, DRAFT_NODES);
    }

    /** Default draft size: the tree nodes verified per prompt (the most frequent outputs that fit). */
    public static final int DRAFT_NODES = 32;

    /**
     * @param tokens       the most tokens generated per prompt (fewer when the context is full)
     * @param speculative  verify against the tree of seen outputs first
     * @param maxTreeNodes the tree's size limit (ignored without speculation)
     * @param draftNodes   tree nodes verified per prompt: the most frequent outputs that fit
     */
    public GreedyGenerator(LlamaModel model, int tokens, boolean speculative, int maxTreeNodes, int draftNodes) {
        if (model == null) {
            throw new IllegalArgumentException("the generator needs a model");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1, got " + tokens);
        }
        this.model = model;
        this.generator = new LlamaGenerator(model);
        this.decoder = new SpeculativeDecoder(model);
        this.tokens = tokens;
        this.speculative = speculative;
        if (draftNodes < 0) {
            throw new IllegalArgumentException("draftNodes must be >= 0, got " + draftNodes);
        }
        this.tree = new SpeculationTree(speculative ? maxTreeNodes : 0);
        this.draftNodes = draftNodes;
    }

    /** The generated tokens after {@code prompt} (an end-of-sequence token, when reached, is the last one). */
    public int[] generate(int[] prompt) {
        int steps = Math.min(tokens, model.maxSequenceLength() - prompt.length);
        if (steps < 1) {
            throw new IllegalArgumentException("the prompt (" + prompt.length + " tokens) leaves no room for a "
                    + "generation in the model's context of " + model.maxSequenceLength() + " tokens");
        }
        int[] all;
        generations++;
        if (speculative) {
            int[][] draft = tree.draft(steps, draftNodes);
            SpeculativeDecoder.TreeGeneration g = decoder.generateGreedy(prompt, steps, true, draft[0], draft[1]);
            all = g.tokens();
            hits += g.hit() ? 1 : 0;
            passes += g.passes();
            verifiedTokens += g.verified();
        } else {
            all = generator.generateGreedy(prompt, steps, Greedy.CACHED.untilEos());
            passes += all.length - prompt.length;
        }
        int[] out = Arrays.copyOfRange(all, prompt.length, all.length);
        generatedTokens += out.length;
        if (speculative) {
            tree.add(out);
        }
        return out;
    }

    public boolean speculative() {
        return speculative;
    }

    public SpeculationTree tree() {
        return tree;
    }

    /** Prompts generated from. */
    public long generations() {
        return generations;
    }

    /** Generations decided entirely by the one pass over prompt and tree. */
    public long hits() {
        return hits;
    }

    /** Decoder passes run (a prompt prefill and each single-token step count one each). */
    public long passes() {
        return passes;
    }

    public long generatedTokens() {
        return generatedTokens;
    }

    /** Generated tokens decided by the tree pass (with speculation). */
    public long verifiedTokens() {
        return verifiedTokens;
    }
}

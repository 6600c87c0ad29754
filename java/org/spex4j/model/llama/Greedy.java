package org.spex4j.model.llama;

/**
 * How greedy decoding runs: with the KV cache or by re-running the whole sequence at every step (the same tokens
 * either way; the cache is faster), and whether it stops at the first end-of-sequence token. Named, so a call says
 * what it does: {@code generator.generateGreedy(prompt, 30, Greedy.CACHED.untilEos())} (see
 * {@link LlamaGenerator}).
 *
 * @param kvCache   keep keys and values of earlier positions instead of re-running them
 * @param stopAtEos stop after the first end-of-sequence token (then the last token returned)
 */
public record Greedy(boolean kvCache, boolean stopAtEos) {
    /** With the KV cache, for exactly the requested steps. */
    public static final Greedy CACHED = new Greedy(true, false);
    /** Re-running the whole sequence at every step, for exactly the requested steps. */
    public static final Greedy UNCACHED = new Greedy(false, false);

    /** The same, stopping at the first end-of-sequence token. */
    public Greedy untilEos() {
        return new Greedy(kvCache, true);
    }
}

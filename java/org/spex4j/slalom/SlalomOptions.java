package org.spex4j.slalom;

/**
 * How SLALOM samples and fits, with the reference implementation's defaults:
 * <ul>
 * <li>{@link #efficient()} (SLALOM-eff): 500 random sequences of 3 tokens drawn with replacement from the input's
 * types, fitted by Adam for 60 epochs, learning rate 5e-3, batch 128;</li>
 * <li>{@link #fidelity()} (SLALOM-fidel): 500 copies of the input with 0–5 features deleted, fitted by alternating
 * least squares.</li>
 * </ul>
 *
 * @param variant        which sampler and fit
 * @param samples        model queries (sequences) to draw; fewer are evaluated when some repeat
 * @param epochs         Adam epochs (efficient variant)
 * @param learningRate   Adam learning rate (efficient variant)
 * @param batchSize      Adam minibatch (efficient variant)
 * @param sequenceLength tokens per random sequence (efficient variant; the reference uses 3)
 * @param maxDeletions   most features deleted per sample (fidelity variant)
 * @param alsRounds      (s-step, v-step) rounds after the first v-step (fidelity variant; the reference runs 1)
 */
public record SlalomOptions(Variant variant, int samples, int epochs, double learningRate, int batchSize,
        int sequenceLength, int maxDeletions, int alsRounds) {
    /** The two published variants. */
    public enum Variant {
        EFFICIENT, FIDELITY
    }

    public SlalomOptions {
        if (variant == null) {
            throw new IllegalArgumentException("the SLALOM variant is missing");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("SLALOM needs at least 1 sample, got " + samples);
        }
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("SLALOM's SGD needs epochs >= 1, batch size >= 1 and a finite learning "
                    + "rate > 0, got " + epochs + ", " + batchSize + ", " + learningRate);
        }
        if (sequenceLength < 1 || maxDeletions < 0 || alsRounds < 0) {
            throw new IllegalArgumentException("SLALOM needs sequence length >= 1, max deletions >= 0 and ALS rounds "
                    + ">= 0, got " + sequenceLength + ", " + maxDeletions + ", " + alsRounds);
        }
    }

    /** SLALOM-eff with the reference defaults. */
    public static SlalomOptions efficient() {
        return new SlalomOptions(Variant.EFFICIENT, 500, 60, 5e-3, 128, 3, 5, 1);
    }

    /** SLALOM-fidel with the reference defaults (one ALS round, as the reference code runs). */
    public static SlalomOptions fidelity() {
        return new SlalomOptions(Variant.FIDELITY, 500, 60, 5e-3, 128, 3, 5, 1);
    }

    public SlalomOptions withSamples(int n) {
        return new SlalomOptions(variant, n, epochs, learningRate, batchSize, sequenceLength, maxDeletions, alsRounds);
    }

    public SlalomOptions withEpochs(int e) {
        return new SlalomOptions(variant, samples, e, learningRate, batchSize, sequenceLength, maxDeletions, alsRounds);
    }

    public SlalomOptions withAlsRounds(int r) {
        return new SlalomOptions(variant, samples, epochs, learningRate, batchSize, sequenceLength, maxDeletions, r);
    }
}

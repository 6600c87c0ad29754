package org.spex4j.kernels;

/**
 * Settings of one detection pass (spec §6): the zeroton cutoff (||y||^2 <= cutoff * P), the singleton residual cutoff
 * (0.9 in the reference), soft (Chase) or hard decoding, the Chase depth, and CPU threads (0 = all cores).
 */
public record DetectParams(double cutoff, double residualCutoff, boolean soft, int chaseDepth, int threads) {
    public DetectParams {
        if (!(cutoff >= 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("cutoff must be a finite number >= 0, got " + cutoff);
        }
        if (!(residualCutoff > 0 && residualCutoff <= 1)) {
            throw new IllegalArgumentException("residualCutoff must be in (0, 1], got " + residualCutoff);
        }
        if (chaseDepth < 0 || chaseDepth > 2 * BchCode.MAX_T) {
            throw new IllegalArgumentException("chaseDepth must be in 0.." + 2 * BchCode.MAX_T + ", got " + chaseDepth);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        }
    }
}

package org.spex4j.kernels;

/**
 * The singletons of one detection pass, in (group, bin) order: for singleton q, its group, bin, the decoded k and
 * its amplitude rho; {@code decodes} counts the BCH decodes the pass ran.
 */
public record Detections(int[] group, int[] bin, int[][] k, double[] value, long decodes) {
    public int count() {
        return value.length;
    }
}

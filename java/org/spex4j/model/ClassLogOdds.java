package org.spex4j.model;

import java.util.List;

/**
 * The readout of a classifier's task, apart from the network: which class is explained (a label or index the user
 * names, else the class predicted on the unmasked input) and its log-odds against the others,
 * log p(c) − log(1 − p(c)) under p = softmax(z), which is z_c − log Σ_{j≠c} e^{z_j}. Sequence classifiers
 * ({@link Task#CLASS}) and TorchScript modules with several outputs ({@link Task#OUTPUT}) share it.
 */
final class ClassLogOdds {
    private ClassLogOdds() {}

    /** z_c − log Σ_{j≠c} e^{z_j} over {@code z[off, off + classes)}, computed stably. */
    static double of(double[] z, int off, int classes, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            if (j != c) {
                max = Math.max(max, z[off + j]);
            }
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            if (j != c) {
                sum += Math.exp(z[off + j] - max);
            }
        }
        return z[off + c] - max - Math.log(sum);
    }

    /** The probability p = e^{x − log(1 + e^x)} of log-odds x. */
    static double probability(double logOdds) {
        return Math.exp(logOdds - softplus(logOdds));
    }

    /** log(1 + e^x), computed stably. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** The predicted class: the index of the largest logit (the first of equals). */
    static int predicted(double[] z) {
        int best = 0;
        for (int j = 1; j < z.length; j++) {
            if (z[j] > z[best]) {
                best = j;
            }
        }
        return best;
    }

    /** A label (exactly, else ignoring case) or an index; anything else names the labels. */
    static int resolve(String choice, List<String> labels) {
        int byName = labels.indexOf(choice);
        if (byName >= 0) {
            return byName;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(choice)) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(choice.trim());
            if (i >= 0 && i < labels.size()) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // not an index either: reported below
        }
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            known.append(i == 0 ? "" : ", ").append(i).append(" = ").append(labels.get(i));
        }
        throw new IllegalArgumentException("class '" + choice + "' is neither a label nor an index of this "
                + "classifier; its classes: " + known);
    }
}

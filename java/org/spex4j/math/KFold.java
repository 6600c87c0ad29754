package org.spex4j.math;

/**
 * scikit-learn's unshuffled k-fold split of {@code count} items in order: contiguous folds, the first
 * {@code count % folds} of them one item longer. The one fold split of the library (SPEX's refit splits its query
 * blocks with it, ProxySPEX its masks), so that every cross-validation holds out the same way.
 */
public final class KFold {
    private KFold() {
    }

    /** The held-out items of one fold and the training items (all others), both in increasing order. */
    public record Split(int[] train, int[] test) {
    }

    /** The number of items in fold {@code fold}. */
    public static int size(int count, int folds, int fold) {
        return count / folds + (fold < count % folds ? 1 : 0);
    }

    /** The first item of fold {@code fold}. */
    public static int start(int count, int folds, int fold) {
        return fold * (count / folds) + Math.min(fold, count % folds);
    }

    /** The fold of every item. */
    public static int[] foldOf(int count, int folds) {
        int[] out = new int[count];
        for (int f = 0; f < folds; f++) {
            int from = start(count, folds, f);
            java.util.Arrays.fill(out, from, from + size(count, folds, f), f);
        }
        return out;
    }

    /** Fold {@code fold} held out, the rest for training. */
    public static Split split(int count, int folds, int fold) {
        int from = start(count, folds, fold);
        int to = from + size(count, folds, fold);
        int[] test = new int[to - from];
        int[] train = new int[count - test.length];
        for (int r = 0, a = 0, b = 0; r < count; r++) {
            if (r >= from && r < to) {
                test[a++] = r;
            } else {
                train[b++] = r;
            }
        }
        return new Split(train, test);
    }
}

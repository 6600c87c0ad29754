package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.spex4j.math.MaskBatch;

/**
 * Shapley values by permutation sampling over a {@link Hierarchy} (nested permutations, as the reference samples
 * them): each sample orders the groups uniformly, adds a group's leaves one by one in a uniform order when the
 * group is expanded and the whole group at once otherwise, and records the outcome change of every addition. Costs
 * {@code permutations × (1 + additions)} played coalitions (repeats are cached by the game).
 *
 * <p>Units of the returned {@link Marginals}: leaves {@code 0..n-1} (sampled when their group is expanded or a
 * single leaf), then groups {@code n..n+G-1} (always: for an expanded group, the change across all its leaves).
 */
final class PermutationShapley {
    private PermutationShapley() {}

    static Marginals sample(Game game, Hierarchy h, boolean[] expanded, int permutations, SplittableRandom random,
            int batchRows, BooleanSupplier cancelled) {
        int n = h.n(), groups = h.groups();
        if (game.n() != n) {
            throw new IllegalArgumentException("a game of " + game.n() + " features for a hierarchy of " + n);
        }
        int rowsPer = 1;
        for (int g = 0; g < groups; g++) {
            rowsPer += split(h, expanded, g) ? h.group(g).length : 1;
        }
        Marginals m = new Marginals(n + groups);
        int done = 0;
        while (done < permutations) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled after " + done + " of " + permutations + " permutations");
            }
            int k = Math.min(permutations - done, Math.max(1, batchRows / rowsPer));
            MaskBatch batch = MaskBatch.zeros(n, k * rowsPer);
            int w = batch.wordsPerRow();
            List<int[]> records = new ArrayList<>();  // {unit, row before, row after}
            for (int p = 0; p < k; p++) {
                int cur = p * rowsPer;  // the empty coalition
                for (int g : Shuffles.shuffled(Shuffles.range(groups), random)) {
                    int before = cur;
                    int[] leaves = h.group(g);
                    if (split(h, expanded, g)) {
                        for (int leaf : Shuffles.shuffled(leaves, random)) {
                            System.arraycopy(batch.words(), cur * w, batch.words(), (cur + 1) * w, w);
                            batch.set(++cur, leaf, true);
                            records.add(new int[] {leaf, cur - 1, cur});
                        }
                    } else {
                        System.arraycopy(batch.words(), cur * w, batch.words(), (cur + 1) * w, w);
                        cur++;
                        for (int leaf : leaves) {
                            batch.set(cur, leaf, true);
                        }
                        if (leaves.length == 1) {
                            records.add(new int[] {leaves[0], before, cur});
                        }
                    }
                    records.add(new int[] {n + g, before, cur});
                }
            }
            Outcome[] outcomes = game.play(batch);
            for (int[] r : records) {
                m.record(r[0], outcomes[r[1]], outcomes[r[2]]);
            }
            done += k;
        }
        return m;
    }

    /** Whether group g's leaves are added one by one. */
    private static boolean split(Hierarchy h, boolean[] expanded, int g) {
        return expanded[g] && h.group(g).length > 1;
    }
}

package org.spex4j.textgenshap;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.spex4j.math.MaskBatch;

/**
 * (Weighted) Banzhaf values by sampling, as the reference does: draw a coalition B with every unit in it with
 * probability p, play B and B with each unit flipped, and attribute each change to the flipped unit, oriented by
 * whether the unit was in B. {@code p = 0.5} gives the Banzhaf value; the reference's "banzhaf10" uses 0.1. Costs
 * {@code samples × (units + 1)} played coalitions. A unit is a set of leaves added or removed together.
 */
final class BanzhafSampler {
    private BanzhafSampler() {}

    static Marginals sample(Game game, List<int[]> units, int samples, double p, SplittableRandom random,
            int batchRows, BooleanSupplier cancelled) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("the Banzhaf inclusion probability must lie in (0, 1), got " + p);
        }
        int n = game.n(), u = units.size(), rowsPer = u + 1;
        Marginals m = new Marginals(u);
        int done = 0;
        while (done < samples) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled after " + done + " of " + samples + " Banzhaf samples");
            }
            int k = Math.min(samples - done, Math.max(1, batchRows / rowsPer));
            MaskBatch batch = MaskBatch.zeros(n, k * rowsPer);
            int w = batch.wordsPerRow();
            boolean[][] in = new boolean[k][u];
            for (int s = 0; s < k; s++) {
                int base = s * rowsPer;
                for (int j = 0; j < u; j++) {
                    in[s][j] = random.nextDouble() < p;
                    if (in[s][j]) {
                        for (int leaf : units.get(j)) {
                            batch.set(base, leaf, true);
                        }
                    }
                }
                for (int j = 0; j < u; j++) {
                    int row = base + 1 + j;
                    System.arraycopy(batch.words(), base * w, batch.words(), row * w, w);
                    for (int leaf : units.get(j)) {
                        batch.set(row, leaf, !in[s][j]);
                    }
                }
            }
            Outcome[] outcomes = game.play(batch);
            for (int s = 0; s < k; s++) {
                int base = s * rowsPer;
                for (int j = 0; j < u; j++) {
                    Outcome with = outcomes[in[s][j] ? base : base + 1 + j];
                    Outcome without = outcomes[in[s][j] ? base + 1 + j : base];
                    m.record(j, without, with);
                }
            }
            done += k;
        }
        return m;
    }
}

package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.spex4j.math.MaskBatch;

/**
 * TextGenSHAP's hierarchical estimation (spec §2.2):
 * <ol>
 * <li>pass 0: permutation Shapley over the sentences; a sentence's score is {@code max_y (mean φ⁺ − se)} for output
 *     games ({@code |mean φ| − se} for scalar games);</li>
 * <li>pass 1: nested permutations that add the words of every sentence scoring at least τ one by one (the other
 *     sentences whole); its samples alone give the values, so every sample telescopes and the values add up to
 *     {@code v(N) − v(∅)} exactly;</li>
 * <li>Banzhaf samples over the same units (split sentences' words, other sentences whole).</li>
 * </ol>
 * Without hierarchy (or when every sentence is one feature) a single pass values the features directly; a single
 * sentence is always split (a one-unit pass says nothing).
 */
public final class TextGenShap {
    private TextGenShap() {}

    /**
     * Explains {@code game} over {@code hierarchy}: the samplers draw from {@code seed}, play at most about
     * {@code masksPerCall} coalitions at once and poll {@code cancelled} between plays.
     */
    public static TextGenShapResult explain(Game game, Hierarchy hierarchy, TextGenShapConfig c, long seed,
            int masksPerCall, BooleanSupplier cancelled) {
        if (masksPerCall < 1) {
            throw new IllegalArgumentException("masks per call must be >= 1, got " + masksPerCall);
        }
        int n = hierarchy.n();
        if (game.n() != n) {
            throw new IllegalArgumentException("a game of " + game.n() + " features for a hierarchy of " + n);
        }
        Hierarchy h = c.hierarchical() ? hierarchy : Hierarchy.flat(n);
        int groups = h.groups();
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] expanded = new boolean[groups];
        double[] scores = new double[groups];
        Arrays.fill(scores, Double.NaN);
        Marginals shap;
        if (groups == 1 || h.isFlat()) {
            Arrays.fill(expanded, true);
            shap = PermutationShapley.sample(game, h, expanded, c.permutations(), random, masksPerCall, cancelled);
        } else {
            Marginals first = PermutationShapley.sample(game, h, expanded, c.permutations(), random, masksPerCall,
                    cancelled);
            boolean any = false;
            for (int g = 0; g < groups; g++) {
                scores[g] = first.score(n + g, game.indicator());
                expanded[g] = h.group(g).length > 1 && scores[g] >= c.threshold();
                any |= expanded[g];
            }
            // the second pass alone gives the values, so that they add up exactly (each sample telescopes)
            shap = !any ? first : PermutationShapley.sample(game, h, expanded, c.permutations(), random,
                    masksPerCall, cancelled);
        }
        // the units Banzhaf samples: words of split sentences, other sentences whole
        List<int[]> units = new ArrayList<>();
        int[] unitOfLeaf = new int[n];
        for (int g = 0; g < groups; g++) {
            int[] leaves = h.group(g);
            if (expanded[g] || leaves.length == 1) {
                for (int leaf : leaves) {
                    unitOfLeaf[leaf] = units.size();
                    units.add(new int[] {leaf});
                }
            } else {
                for (int leaf : leaves) {
                    unitOfLeaf[leaf] = units.size();
                }
                units.add(leaves);
            }
        }
        Marginals banz = c.banzhafSamples() == 0 ? null : BanzhafSampler.sample(game, units, c.banzhafSamples(),
                c.banzhafProbability(), random, masksPerCall, cancelled);
        MaskBatch ends = MaskBatch.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            ends.set(1, i, true);
        }
        Outcome[] endOutcomes = game.play(ends);
        TreeSet<Integer> labels = shap.labels();
        if (banz != null) {
            labels.addAll(banz.labels());
        }
        List<int[]> outputs = game.outputs();
        int[] counts = game.counts();
        for (int y = 0; y < outputs.size(); y++) {
            labels.add(y);
        }
        for (int g = 0; g < groups; g++) {
            if (Double.isNaN(scores[g])) {  // no first pass: score the sentences from the only one
                scores[g] = shap.score(n + g, game.indicator());
            }
        }
        Map<Integer, Attribution> shapley = new HashMap<>(), banzhaf = new HashMap<>(), groupShapley = new HashMap<>();
        for (int y : labels) {
            shapley.put(y, leafAttribution(shap, y, h, expanded));
            int[] groupUnit = new int[groups];
            for (int g = 0; g < groups; g++) {
                groupUnit[g] = n + g;
            }
            groupShapley.put(y, attribution(shap, y, groupUnit, new double[groups]));
            if (banz != null) {
                double[] share = new double[n];
                for (int i = 0; i < n; i++) {
                    share[i] = 1.0 / units.get(unitOfLeaf[i]).length;
                }
                banzhaf.put(y, attribution(banz, y, unitOfLeaf, share));
            }
        }
        return new TextGenShapResult(h, expanded, scores, shapley, banzhaf, groupShapley, endOutcomes[1],
                endOutcomes[0], outputs, counts, c.permutations(), c.banzhafSamples(), game.queries(),
                game.evaluations());
    }

    /** Leaves of split (or one-leaf) sentences get their own samples, the others an even share of their sentence's. */
    private static Attribution leafAttribution(Marginals m, int y, Hierarchy h, boolean[] expanded) {
        int n = h.n();
        int[] unit = new int[n];
        double[] share = new double[n];
        for (int i = 0; i < n; i++) {
            int g = h.groupOf(i);
            int size = h.group(g).length;
            boolean own = expanded[g] || size == 1;
            unit[i] = own ? i : n + g;
            share[i] = own ? 1 : 1.0 / size;
        }
        return attribution(m, y, unit, share);
    }

    /** Entry k reads unit {@code unit[k]} scaled by {@code share[k]} (0 means 1). */
    private static Attribution attribution(Marginals m, int y, int[] unit, double[] share) {
        int k = unit.length;
        double[] v = new double[k], inc = new double[k], vSe = new double[k], incSe = new double[k];
        for (int j = 0; j < k; j++) {
            double s = share[j] == 0 ? 1 : share[j];
            v[j] = s * m.mean(y, unit[j]);
            inc[j] = s * m.inclusion(y, unit[j]);
            vSe[j] = s * m.meanSe(y, unit[j]);
            incSe[j] = s * m.inclusionSe(y, unit[j]);
        }
        return new Attribution(v, inc, vSe, incSe);
    }
}

package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TextGenSHAP explanation: per output label, the Shapley and Banzhaf {@link Attribution}s of the leaf features;
 * the sentence level (scores, which sentences were split into words, sentence Shapley values); the distinct outputs
 * (output games) and the cost.
 *
 * <p>A leaf in a sentence that was not split carries its sentence's value divided evenly among the sentence's leaves
 * (so values still add up); {@link #expanded()} says which sentences have word-level values.
 */
public final class TextGenShapResult {
    private final Hierarchy hierarchy;
    private final boolean[] expanded;
    private final double[] groupScores;
    private final Map<Integer, Attribution> shapley;
    private final Map<Integer, Attribution> banzhaf;
    private final Map<Integer, Attribution> groupShapley;
    private final Outcome full;
    private final Outcome empty;
    private final List<int[]> outputs;
    private final int[] counts;
    private final int permutations;
    private final int banzhafSamples;
    private final long queries;
    private final long evaluations;

    TextGenShapResult(Hierarchy hierarchy, boolean[] expanded, double[] groupScores, Map<Integer, Attribution> shapley,
            Map<Integer, Attribution> banzhaf, Map<Integer, Attribution> groupShapley, Outcome full, Outcome empty,
            List<int[]> outputs, int[] counts, int permutations, int banzhafSamples, long queries, long evaluations) {
        this.hierarchy = hierarchy;
        this.expanded = expanded.clone();
        this.groupScores = groupScores.clone();
        this.shapley = Collections.unmodifiableMap(new TreeMap<>(shapley));
        this.banzhaf = Collections.unmodifiableMap(new TreeMap<>(banzhaf));
        this.groupShapley = Collections.unmodifiableMap(new TreeMap<>(groupShapley));
        this.full = full;
        this.empty = empty;
        this.outputs = outputs;
        this.counts = counts;
        this.permutations = permutations;
        this.banzhafSamples = banzhafSamples;
        this.queries = queries;
        this.evaluations = evaluations;
    }

    public int n() {
        return hierarchy.n();
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    /** Per sentence (group): whether it was split into its leaves. */
    public boolean[] expanded() {
        return expanded.clone();
    }

    /** Per sentence: its score {@code max_y (mean − se)} in the first pass (in the only pass when there was one). */
    public double[] groupScores() {
        return groupScores.clone();
    }

    /** The Shapley attribution of output {@code label} over the leaves (zeros for a label no feature moves). */
    public Attribution shapley(int label) {
        return shapley.getOrDefault(label, Attribution.zeros(n()));
    }

    /** The Banzhaf attribution of {@code label} (zeros when no Banzhaf samples were drawn). */
    public Attribution banzhaf(int label) {
        return banzhaf.getOrDefault(label, Attribution.zeros(n()));
    }

    /** The Shapley attribution of {@code label} over the sentences (groups). */
    public Attribution groupShapley(int label) {
        return groupShapley.getOrDefault(label, Attribution.zeros(hierarchy.groups()));
    }

    /** Labels with an attribution. */
    public List<Integer> labels() {
        return new ArrayList<>(shapley.keySet());
    }

    /** The outcome of the full input: its label is y*, the output being explained (a scalar game: label 0). */
    public Outcome full() {
        return full;
    }

    /** The outcome of the empty coalition. */
    public Outcome empty() {
        return empty;
    }

    /** The distinct outputs by label (output games), else an empty list. */
    public List<int[]> outputs() {
        List<int[]> copy = new ArrayList<>();
        for (int[] o : outputs) {
            copy.add(o.clone());
        }
        return copy;
    }

    /** Distinct coalitions that produced each output, by label. */
    public int[] counts() {
        return counts.clone();
    }

    public int permutations() {
        return permutations;
    }

    public int banzhafSamples() {
        return banzhafSamples;
    }

    /** Coalitions asked for (repeats included). */
    public long queries() {
        return queries;
    }

    /** Coalitions evaluated (generations, for an output game). */
    public long evaluations() {
        return evaluations;
    }
}

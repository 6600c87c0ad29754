package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spex4j.text.Segment;
import org.spex4j.text.Segmenter;

/**
 * Two levels of features: groups (sentences) that partition the leaves (the explained features, words say). The
 * estimators first value groups, then the leaves inside groups whose score passes the threshold.
 */
public final class Hierarchy {
    private final int n;
    private final int[][] groups;
    private final int[] groupOf;

    private Hierarchy(int n, int[][] groups) {
        this.n = n;
        this.groups = groups;
        this.groupOf = new int[n];
        Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].length == 0) {
                throw new IllegalArgumentException("group " + g + " is empty");
            }
            for (int leaf : groups[g]) {
                if (leaf < 0 || leaf >= n) {
                    throw new IllegalArgumentException("leaf " + leaf + " of group " + g + " is not in 0.." + (n - 1));
                }
                if (groupOf[leaf] >= 0) {
                    throw new IllegalArgumentException("leaf " + leaf + " is in groups " + groupOf[leaf] + " and " + g);
                }
                groupOf[leaf] = g;
            }
        }
        for (int i = 0; i < n; i++) {
            if (groupOf[i] < 0) {
                throw new IllegalArgumentException("leaf " + i + " is in no group");
            }
        }
    }

    /** Groups that partition the leaves 0..n-1. */
    public static Hierarchy of(int n, List<int[]> groups) {
        return new Hierarchy(n, groups.stream().map(int[]::clone).toArray(int[][]::new));
    }

    /** One group per leaf: no hierarchy. */
    public static Hierarchy flat(int n) {
        int[][] g = new int[n][];
        for (int i = 0; i < n; i++) {
            g[i] = new int[] {i};
        }
        return new Hierarchy(n, g);
    }

    /**
     * The sentences ({@link Segmenter#sentences}) of the text the features come from, each grouping the features
     * that start inside it. The text is laid out from the features' spans (gaps become spaces), so line breaks
     * between features are not seen.
     */
    public static Hierarchy sentences(List<Segment> features) {
        int length = 0;
        for (Segment s : features) {
            length = Math.max(length, s.end());
        }
        char[] text = new char[length];
        Arrays.fill(text, ' ');
        for (Segment s : features) {
            s.text().getChars(0, Math.min(s.text().length(), s.end() - s.start()), text, s.start());
        }
        List<Segment> sentences = Segmenter.sentences(new String(text));
        List<List<Integer>> members = new ArrayList<>();
        int current = -1, sentence = 0;
        for (int i = 0; i < features.size(); i++) {
            int start = features.get(i).start();
            while (sentence < sentences.size() - 1 && start >= sentences.get(sentence).end()) {
                sentence++;
            }
            if (sentence != current || members.isEmpty()) {
                members.add(new ArrayList<>());
                current = sentence;
            }
            members.get(members.size() - 1).add(i);
        }
        List<int[]> groups = new ArrayList<>();
        for (List<Integer> m : members) {
            groups.add(m.stream().mapToInt(Integer::intValue).toArray());
        }
        return of(features.size(), groups);
    }

    /** Number of leaves. */
    public int n() {
        return n;
    }

    public int groups() {
        return groups.length;
    }

    /** The leaves of group g (a copy). */
    public int[] group(int g) {
        return groups[g].clone();
    }

    public int groupOf(int leaf) {
        return groupOf[leaf];
    }

    /** True when every group is a single leaf. */
    public boolean isFlat() {
        return groups.length == n;
    }
}

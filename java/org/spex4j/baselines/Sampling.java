package org.spex4j.baselines;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.spex4j.math.Binomial;
import org.spex4j.math.MaskBatch;

/** The mask designs of the regression baselines. */
final class Sampling {
    private Sampling() {
    }

    /**
     * Appends {@code count} uniformly random masks. For n &lt;= 62 they are distinct: every one of the 2^n masks when
     * {@code count >= 2^n} (then exactly 2^n rows are added), otherwise a uniformly random subset of {@code count}
     * masks (Floyd's algorithm). For larger n they are drawn independently (a repeat is then astronomically rare,
     * and the evaluator would not re-query it). Returns the number of rows added.
     */
    static int uniform(MaskBatch.Builder out, long count, SplittableRandom random) {
        int n = out.n();
        if (n <= 62) {
            long all = 1L << n;
            if (count >= all) {
                for (long m = 0; m < all; m++) {
                    out.addBits(m);
                }
                return (int) all;
            }
            Set<Long> seen = new HashSet<>();
            List<Long> order = new ArrayList<>((int) count);
            for (long j = all - count; j < all; j++) {
                long t = random.nextLong(j + 1);
                long pick = seen.add(t) ? t : j;
                if (pick == j) {
                    seen.add(j);
                }
                order.add(pick);
            }
            for (long m : order) {
                out.addBits(m);
            }
            return (int) count;
        }
        independent(out, count, random);
        return (int) count;
    }

    /** Appends {@code count} masks whose bits are independent fair coin flips. */
    static void independent(MaskBatch.Builder out, long count, SplittableRandom random) {
        int n = out.n();
        int w = out.wordsPerRow();
        long tail = (n & 63) == 0 ? -1L : (1L << (n & 63)) - 1;
        for (long c = 0; c < count; c++) {
            int r = out.addEmpty();
            long[] words = out.words();
            for (int k = 0; k < w; k++) {
                long x = random.nextLong();
                words[r * w + k] = k == w - 1 ? x & tail : x;
            }
        }
    }

    /**
     * Appends a uniformly random mask with exactly {@code size} kept features (Floyd's algorithm over the smaller of
     * the kept and the masked sets).
     */
    static int randomOfSize(MaskBatch.Builder out, int size, SplittableRandom random, boolean[] scratch) {
        int n = out.n();
        boolean complement = size > n - size;
        int k = complement ? n - size : size;
        java.util.Arrays.fill(scratch, 0, n, false);
        for (int j = n - k; j < n; j++) {
            int t = random.nextInt(j + 1);
            scratch[scratch[t] ? j : t] = true;
        }
        int r = out.addEmpty();
        for (int i = 0; i < n; i++) {
            if (scratch[i] != complement) {
                out.set(r, i);
            }
        }
        return r;
    }

    /** Appends every mask with exactly {@code size} kept features (lexicographic order of the kept sets). */
    static void allOfSize(MaskBatch.Builder out, int size) {
        int n = out.n();
        int[] pos = new int[size];
        for (int i = 0; i < size; i++) {
            pos[i] = i;
        }
        while (true) {
            out.addFeatures(pos, size);
            int i = size - 1;
            while (i >= 0 && pos[i] == n - size + i) {
                i--;
            }
            if (i < 0) {
                return;
            }
            pos[i]++;
            for (int j = i + 1; j < size; j++) {
                pos[j] = pos[j - 1] + 1;
            }
        }
    }

    /** The interior rows of a Shapley-kernel design and their weights. */
    record KernelDesign(int from, int rows, int[] rowClass, double[] classWeight, int completeSizes, int sampled) {
    }

    /**
     * Appends the interior coalitions (1 &lt;= |S| &lt;= n − 1) of a Shapley-kernel design of at most {@code budget}
     * rows. The Shapley kernel gives each coalition of size s the weight {@code μ_s = (n − 1) / (C(n, s) s (n − s))},
     * so size s carries the mass {@code (n − 1) / (s (n − s))}. As in KernelSHAP, sizes are taken in pairs
     * {s, n − s} from the outside in (s = 1, 2, …), and a pair whose coalitions all fit the remaining budget is
     * enumerated completely with its exact weights. The rest of the budget is drawn with replacement from the
     * remaining sizes in proportion to their mass, a uniformly random coalition of the drawn size, each draw weighted
     * by (remaining mass) / (draws); with {@code paired}, every draw is followed by its complement (antithetic
     * sampling; the kernel is symmetric, so the weights stay the same). When the budget covers all 2^n − 2 interior
     * coalitions the design is exact. Weights are scaled to average 1 over the rows.
     */
    static KernelDesign shapleyKernel(MaskBatch.Builder out, long budget, boolean paired, SplittableRandom random) {
        int n = out.n();
        int from = out.rows();
        List<Integer> classOfRow = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        long left = budget;
        int s = 1;
        int complete = 0;
        for (; s <= n / 2; s++) {
            double count = Binomial.of(n, s) * (2 * s == n ? 1 : 2);
            if (count > left) {
                break;
            }
            double perCoalition = mass(n, s) / Binomial.of(n, s);
            int c = weights.size();
            weights.add(perCoalition);
            int before = out.rows();
            allOfSize(out, s);
            if (2 * s != n) {
                allOfSize(out, n - s);
            }
            for (int r = before; r < out.rows(); r++) {
                classOfRow.add(c);
            }
            left -= (long) count;
            complete += 2 * s == n ? 1 : 2;
        }
        int sampled = 0;
        int firstSampled = s;
        if (firstSampled <= n - firstSampled && left > 0) {
            // the sizes firstSampled .. n − firstSampled remain
            int lo = firstSampled;
            int hi = n - firstSampled;
            double[] cumulative = new double[hi - lo + 1];
            double total = 0;
            for (int size = lo; size <= hi; size++) {
                total += mass(n, size);
                cumulative[size - lo] = total;
            }
            int c = weights.size();
            weights.add(total / left);
            boolean[] scratch = new boolean[n];
            for (long k = 0; k < left; k++) {
                if (paired && (k & 1) == 1) {
                    out.addComplement(out.rows() - 1);
                } else {
                    double u = random.nextDouble() * total;
                    int idx = 0;
                    while (idx < cumulative.length - 1 && cumulative[idx] <= u) {
                        idx++;
                    }
                    randomOfSize(out, lo + idx, random, scratch);
                }
                classOfRow.add(c);
                sampled++;
            }
        }
        int rows = out.rows() - from;
        int[] rowClass = new int[rows];
        double sum = 0;
        for (int t = 0; t < rows; t++) {
            rowClass[t] = classOfRow.get(t);
            sum += weights.get(rowClass[t]);
        }
        double[] classWeight = new double[weights.size()];
        for (int c = 0; c < classWeight.length; c++) {
            classWeight[c] = weights.get(c) * (rows / sum);
        }
        return new KernelDesign(from, rows, rowClass, classWeight, complete, sampled);
    }

    /** The Shapley-kernel mass of all coalitions of size s: {@code (n − 1) / (s (n − s))}. */
    static double mass(int n, int s) {
        return (n - 1.0) / ((double) s * (n - s));
    }
}

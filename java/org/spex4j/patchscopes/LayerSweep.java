package org.spex4j.patchscopes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.spex4j.patchscopes.TokenIdentity.Expected;
import org.spex4j.patchscopes.TokenIdentity.Sample;
import org.spex4j.patchscopes.TokenIdentity.TargetPrompt;

/**
 * The layer-by-layer sweep: for every source sample (S, i) and every pair (source layer l, target layer l*) in
 * {@code 0..L} x {@code 0..L}, the state h at (l, i) is written, unmapped, at (l*, i*) of one target prompt, and the
 * patched next-token distribution at the target's last position is scored against the expectation
 * ({@link TokenIdentity.Expected}). Two baselines are scored the same way: the logit lens (final norm and LM
 * head on h) and, when there are enough samples, the paper's fitted affine map to the last layer followed by the
 * lens ({@link #affineBaseline}). Cost: one source forward per distinct source prompt, plus (L+1)^2 target
 * rows per sample, run as batched forwards of about {@value #ROWS_PER_BATCH} rows (whole samples).
 */
public final class LayerSweep {
    /** Target rows per batched forward pass: whole samples of (L+1)^2 rows each, at least one sample. */
    static final int ROWS_PER_BATCH = 256;

    private LayerSweep() {}

    /**
     * Runs the sweep.
     *
     * @param progress called with the number of samples done after each batch (null for none)
     */
    public static SweepTable run(Patchscope scope, List<Sample> samples, TargetPrompt target, Expected expected,
                                 IntConsumer progress) {
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("the sweep needs at least one source sample");
        }
        int nl = scope.layers() + 1;
        scope.target(target.ids(), target.position(), 0);  // validates the prompt and position
        long[][] hits = new long[nl][nl];
        double[][] surprisal = new double[nl][nl];
        int[][] top = samples.size() == 1 ? new int[nl][nl] : null;
        long[] lensHits = new long[nl];
        double[] lensSurprisal = new double[nl];
        int d = scope.dim(), v = scope.model().vocabSize();
        long start = System.nanoTime();
        Map<String, Patchscope.SourceRun> runs = new LinkedHashMap<>();  // one source forward per distinct prompt
        Map<String, Integer> promptIndex = new LinkedHashMap<>();
        float[][][] kept = new float[samples.size()][][];   // per sample, h at every layer (affine baseline)
        int[] keptWant = new int[samples.size()];
        NextTokens[] keptOrig = new NextTokens[samples.size()];
        int[] fold = new int[samples.size()];
        int group = Math.max(1, ROWS_PER_BATCH / (nl * nl));  // samples per batched target forward
        for (int from = 0; from < samples.size(); from += group) {
            List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + group));
            int g = chunk.size();
            NextTokens[] orig = new NextTokens[g];
            int[] want = new int[g];
            // row (k, l, l*) = k * (L+1)^2 + l * (L+1) + l*: sample k's state at layer l written at layer l*
            int[] rowLayers = new int[g * nl * nl];
            float[][] rowStates = new float[g * nl * nl][];
            float[] stacked = new float[g * nl * d];  // every state once, for the logit lens
            for (int k = 0; k < g; k++) {
                Sample s = chunk.get(k);
                String key = java.util.Arrays.toString(s.ids());
                Patchscope.SourceRun src = runs.computeIfAbsent(key, any -> scope.runSource(s.ids()));
                promptIndex.putIfAbsent(key, promptIndex.size());
                orig[k] = src.nextTokens(s.position());
                want[k] = expected == Expected.SOURCE_TOKEN ? src.token(s.position()) : orig[k].argmax();
                kept[from + k] = new float[nl][];
                keptWant[from + k] = want[k];
                keptOrig[from + k] = orig[k];
                fold[from + k] = promptIndex.get(key) % 2;  // by source prompt: alternate prompts in order of use
                for (int ls = 0; ls < nl; ls++) {
                    float[] h = src.state(ls, s.position());
                    kept[from + k][ls] = h;
                    System.arraycopy(h, 0, stacked, (k * nl + ls) * d, d);
                    for (int lt = 0; lt < nl; lt++) {
                        rowLayers[(k * nl + ls) * nl + lt] = lt;
                        rowStates[(k * nl + ls) * nl + lt] = h;
                    }
                }
            }
            // the logit-lens baseline: final norm and LM head on every state, in one call
            float[] lensLogits = scope.model().lmHead(stacked);
            NextTokens[] read = scope.readBatch(target.ids(), target.position(), rowLayers, rowStates);
            for (int k = 0; k < g; k++) {
                for (int ls = 0; ls < nl; ls++) {
                    int at = k * nl + ls;
                    NextTokens lens = new NextTokens(java.util.Arrays.copyOfRange(lensLogits, at * v, (at + 1) * v));
                    lensHits[ls] += lens.argmax() == want[k] ? 1 : 0;
                    lensSurprisal[ls] += expected == Expected.SOURCE_TOKEN ? lens.surprisal(want[k])
                            : orig[k].surprisal(lens.argmax());
                    for (int lt = 0; lt < nl; lt++) {
                        NextTokens p = read[at * nl + lt];
                        int got = p.argmax();
                        if (got == want[k]) {
                            hits[ls][lt]++;
                        }
                        surprisal[ls][lt] += expected == Expected.SOURCE_TOKEN ? p.surprisal(want[k])
                                : orig[k].surprisal(got);
                        if (top != null) {
                            top[ls][lt] = got;
                        }
                    }
                }
            }
            if (progress != null) {
                progress.accept(from + g);
            }
        }
        double[][] affine = affineBaseline(scope, kept, keptWant, keptOrig, fold, expected);
        double ms = (System.nanoTime() - start) / 1e6;
        double[][] precision = new double[nl][nl];
        for (int ls = 0; ls < nl; ls++) {
            for (int lt = 0; lt < nl; lt++) {
                precision[ls][lt] = hits[ls][lt] / (double) samples.size();
                surprisal[ls][lt] /= samples.size();
            }
        }
        double[] lensPrecision = new double[nl];
        for (int ls = 0; ls < nl; ls++) {
            lensPrecision[ls] = lensHits[ls] / (double) samples.size();
            lensSurprisal[ls] /= samples.size();
        }
        String[][] topText = null;
        if (top != null) {
            topText = new String[nl][nl];
            for (int ls = 0; ls < nl; ls++) {
                for (int lt = 0; lt < nl; lt++) {
                    topText[ls][lt] = scope.tokenText(top[ls][lt]);
                }
            }
        }
        return new SweepTable(expected, target.text(), target.position(), samples.size(), runs.size(), precision,
                surprisal, lensPrecision, lensSurprisal, affine == null ? null : affine[0],
                affine == null ? null : affine[1], topText, ms);
    }

    /**
     * The paper's fitted-affine baseline, cross-fitted: for each layer l, the least-squares map h^l -> h^L
     * ({@link AffineMap#fit}, no ridge) is fitted on the samples of one fold of source prompts and applied to the
     * other fold's samples, followed by the final norm and LM head; every sample is scored out of fold, with the
     * same Precision@1 and surprisal as the sweep. Folds alternate over the distinct source prompts.
     *
     * @return {@code {precision[l], surprisal[l]}}, or null when a fold has fewer than {@code 2 (d + 1)} samples
     *     (too few for a stable fit)
     */
    static double[][] affineBaseline(Patchscope scope, float[][][] states, int[] want, NextTokens[] orig, int[] fold,
                                     Expected expected) {
        int n = states.length, nl = scope.layers() + 1, d = scope.dim(), v = scope.model().vocabSize();
        if (want.length != n || orig.length != n || fold.length != n) {
            throw new IllegalArgumentException("states, want, orig and fold must have one entry per sample");
        }
        int[] size = new int[2];
        for (int f : fold) {
            size[f]++;
        }
        if (Math.min(size[0], size[1]) < 2 * (d + 1)) {
            return null;
        }
        double[] precision = new double[nl];
        double[] surprisal = new double[nl];
        for (int l = 0; l < nl; l++) {
            for (int test = 0; test < 2; test++) {
                int train = 1 - test;
                float[][] in = new float[size[train]][];
                float[][] out = new float[size[train]][];
                for (int k = 0, j = 0; k < n; k++) {
                    if (fold[k] == train) {
                        in[j] = states[k][l];
                        out[j++] = states[k][nl - 1];
                    }
                }
                AffineMap f;
                try {
                    f = AffineMap.fit(in, out, 0);
                } catch (IllegalArgumentException singular) {
                    return null;
                }
                float[] mapped = new float[size[test] * d];
                int[] who = new int[size[test]];
                for (int k = 0, j = 0; k < n; k++) {
                    if (fold[k] == test) {
                        System.arraycopy(f.apply(states[k][l]), 0, mapped, j * d, d);
                        who[j++] = k;
                    }
                }
                float[] logits = scope.model().lmHead(mapped);
                for (int j = 0; j < who.length; j++) {
                    NextTokens p = new NextTokens(java.util.Arrays.copyOfRange(logits, j * v, (j + 1) * v));
                    int k = who[j];
                    precision[l] += p.argmax() == want[k] ? 1 : 0;
                    surprisal[l] += expected == Expected.SOURCE_TOKEN ? p.surprisal(want[k])
                            : orig[k].surprisal(p.argmax());
                }
            }
            precision[l] /= n;
            surprisal[l] /= n;
        }
        return new double[][] {precision, surprisal};
    }
}

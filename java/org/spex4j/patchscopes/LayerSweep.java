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
 * ({@link TokenIdentity.Expected}). The logit lens (final norm and LM head on h) is scored the same way as a
 * baseline. Cost: one source forward per distinct source prompt, plus one batched
 * forward of (L+1)^2 target rows per sample.
 */
public final class LayerSweep {
    private LayerSweep() {}

    /**
     * Runs the sweep.
     *
     * @param progress called with the number of samples done after each one (null for none)
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
        int done = 0;
        for (Sample s : samples) {
            Patchscope.SourceRun src = runs.computeIfAbsent(java.util.Arrays.toString(s.ids()),
                    k -> scope.runSource(s.ids()));
            NextTokens orig = src.nextTokens(s.position());
            int want = expected == Expected.SOURCE_TOKEN ? src.token(s.position()) : orig.argmax();
            // all (l, l*) pairs of this sample in one batched forward, row l * (L+1) + l*
            int[] rowLayers = new int[nl * nl];
            float[][] rowStates = new float[nl * nl][];
            for (int ls = 0; ls < nl; ls++) {
                float[] h = src.state(ls, s.position());
                for (int lt = 0; lt < nl; lt++) {
                    rowLayers[ls * nl + lt] = lt;
                    rowStates[ls * nl + lt] = h;
                }
            }
            // the logit-lens baseline: final norm and LM head on every layer's state, in one call
            float[] stacked = new float[nl * d];
            for (int ls = 0; ls < nl; ls++) {
                System.arraycopy(rowStates[ls * nl], 0, stacked, ls * d, d);
            }
            float[] lensLogits = scope.model().applyFinalNormAndHead(stacked);
            for (int ls = 0; ls < nl; ls++) {
                NextTokens lens = new NextTokens(java.util.Arrays.copyOfRange(lensLogits, ls * v, (ls + 1) * v));
                lensHits[ls] += lens.argmax() == want ? 1 : 0;
                lensSurprisal[ls] += expected == Expected.SOURCE_TOKEN ? lens.surprisal(want)
                        : orig.surprisal(lens.argmax());
            }
            NextTokens[] read = scope.readBatch(target.ids(), target.position(), rowLayers, rowStates);
            for (int ls = 0; ls < nl; ls++) {
                for (int lt = 0; lt < nl; lt++) {
                    NextTokens p = read[ls * nl + lt];
                    int got = p.argmax();
                    if (got == want) {
                        hits[ls][lt]++;
                    }
                    surprisal[ls][lt] += expected == Expected.SOURCE_TOKEN ? p.surprisal(want) : orig.surprisal(got);
                    if (top != null) {
                        top[ls][lt] = got;
                    }
                }
            }
            done++;
            if (progress != null) {
                progress.accept(done);
            }
        }
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
                surprisal, lensPrecision, lensSurprisal, topText, ms);
    }
}

package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.List;
import org.spex4j.api.Explanation;
import org.spex4j.api.Explainer;
import org.spex4j.api.ModelInput;
import org.spex4j.api.Scores;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.MaskBatch;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.TextTokenizer;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.Progress;

/**
 * The {@code textgenshap} method of {@code spex explain}. On a decoder it explains the greedy generation of the full
 * input, y*, through the indicator games {@code v_y(S) = 1[g(x_S) = y]} (speculative decoding on); on any other model
 * it explains the task's scalar value function (permutation Shapley with hierarchical refinement). Sentences are
 * valued first and split into the explained features where their score passes τ = 0.1.
 *
 * <p>Scores, in order ({@code shapley} ranks):
 * {@code shapley} (φ(y*)), {@code banzhaf}, {@code shapley_inclusion} (φ⁺(y*),
 * what the reference reports), {@code banzhaf_inclusion}, {@code sentence_score} (the score of the feature's
 * sentence in the first pass, or in the only pass for one sentence or one feature per sentence), then
 * {@code shapley[y<k>*="…"]} for y* itself (a copy of {@code shapley}) and {@code shapley[y<k>="…"]} for the three
 * most frequent other outputs: the names carry the output texts, which is how the distinct outputs reach the JSON
 * report without a new field. The Fourier part is the first-order additive surrogate of {@code v_{y*}}: Möbius
 * {@code a(∅) = v_{y*}(∅)}, {@code a({i}) = φ_i(y*)} (so {@code F({i}) = −φ_i/2}). The report's f(all kept) and
 * f(all masked) are the task's value function, not {@code v_{y*}}.
 *
 * <p>It needs a subject with a {@link ModelInput} (the input's features and sentences); the model's
 * {@link LlamaModel} capability, where it has one, makes it a decoder.
 *
 * <p>Budget: P = budget / (2 (sentences + features + 2)) permutations and S = budget / (2 (features + 1)) Banzhaf
 * samples, each clamped to [2, 100] (the reference uses 100).
 */
public final class TextGenShapExplainer implements Explainer {
    /** Tokens generated per coalition. */
    public static final int TOKENS = 8;
    private static final int OTHER_OUTPUTS = 3;

    @Override
    public String name() {
        return "textgenshap";
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        MaskedInput input = subject.require(ModelInput.class, name()).input();
        Explainer.requireBudget(budget, name());
        long start = System.nanoTime();
        int n = input.n();
        Hierarchy h = Hierarchy.sentences(input.features());
        int permutations = clamp(budget / (2L * (h.groups() + n + 2)));
        int samples = clamp(budget / (2L * (n + 1)));
        TextGenShapConfig config = TextGenShapConfig.builder()
                .optPermutations(permutations)
                .optBanzhafSamples(samples)
                .optTokens(TOKENS)
                .build();
        LlamaModel llama = subject.capability(LlamaModel.class).orElse(null);
        GreedyGenerator generator = llama == null ? null
                : new GreedyGenerator(llama, TOKENS, config.speculative(), config.maxTreeNodes());
        Game game = llama == null ? Game.of(subject.value(), n) : OutputGame.of(input, generator);
        long planned = (long) permutations * (h.groups() + n + 2) + (long) samples * (n + 1);
        TextGenShapResult result = TextGenShap.explain(new Reporting(game, subject.progress(), planned, start), h,
                config, seed, subject.masksPerCall(), subject.cancelled());
        long end = System.nanoTime();

        int yStar = result.full().label();
        Attribution shap = result.shapley(yStar);
        Attribution banz = result.banzhaf(yStar);
        double[] phi = shap.value();
        // the additive surrogate of v_{y*} (Möbius a(∅) = v(∅), a({i}) = φ_i)
        SparseCoefficients.Builder mobius = SparseCoefficients.builder(n, Basis.MOBIUS);
        double empty = result.empty().label() == yStar ? result.empty().value() : 0;
        mobius.put(FeatureSet.EMPTY, empty);
        for (int i = 0; i < n; i++) {
            mobius.put(FeatureSet.of(i), phi[i]);
        }
        double[] sentenceScore = new double[n];
        for (int i = 0; i < n; i++) {
            sentenceScore[i] = result.groupScores()[result.hierarchy().groupOf(i)];
        }
        Explanation.Builder out = Explanation.builder(name(), Conversions.mobiusToFourier(mobius.build()))
                .maxOrder(1)
                .seed(seed)
                .queries(result.queries(), result.evaluations());
        Scores.Builder scores = Scores.ranking("shapley", phi)
                .add("banzhaf", banz.value())
                .add("shapley_inclusion", shap.inclusion())
                .add("banzhaf_inclusion", banz.inclusion())
                .add("sentence_score", sentenceScore);
        if (llama != null) {
            TextTokenizer tok = llama.tokenizer();
            int[] counts = result.counts();
            List<Integer> others = new ArrayList<>();
            for (int y = 0; y < counts.length; y++) {
                if (y != yStar) {
                    others.add(y);
                }
            }
            others.sort((a, b) -> Integer.compare(counts[b], counts[a]));
            List<Integer> shown = new ArrayList<>(List.of(yStar));
            shown.addAll(others.subList(0, Math.min(OTHER_OUTPUTS, others.size())));
            for (int y : shown) {
                String text = tok == null ? java.util.Arrays.toString(result.outputs().get(y))
                        : tok.decode(result.outputs().get(y));
                scores.add("shapley[y" + y + (y == yStar ? "*" : "") + "=\"" + text.replace("\n", "\\n") + "\"]",
                        result.shapley(y).value());
                if (y == yStar) {  // what is explained is this game, not the task's value: say so
                    out.target("1[the greedy output of the masked input is y* = \"" + text.replace("\n", "\\n")
                            + "\"] (TextGenSHAP's game, up to " + TOKENS + " tokens)")
                            .full(1.0)
                            .baseline(empty);
                }
            }
        }
        out.scores(scores.build());
        out.timing("evaluate", (end - start) / 1e6).timing("total", (System.nanoTime() - start) / 1e6);
        return out.build();
    }

    private static int clamp(long v) {
        return (int) Math.max(2, Math.min(100, v));
    }

    /** Reports evaluated coalitions against the planned count as progress. */
    private record Reporting(Game game, Progress progress, long planned, long start) implements Game {
        @Override
        public int n() {
            return game.n();
        }

        @Override
        public boolean indicator() {
            return game.indicator();
        }

        @Override
        public Outcome[] play(MaskBatch coalitions) {
            Outcome[] out = game.play(coalitions);
            long done = Math.min(game.queries(), planned);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            progress.update(done, planned, done == 0 ? -1 : elapsed * (planned - done) / done);
            return out;
        }

        @Override
        public long queries() {
            return game.queries();
        }

        @Override
        public long evaluations() {
            return game.evaluations();
        }

        @Override
        public List<int[]> outputs() {
            return game.outputs();
        }

        @Override
        public int[] counts() {
            return game.counts();
        }
    }
}

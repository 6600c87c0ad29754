package org.spex4j.slalom;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spex4j.api.Explanation;
import org.spex4j.api.Explainer;
import org.spex4j.api.ModelInput;
import org.spex4j.api.Scores;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.TextModel;
import org.spex4j.value.BatchEvaluator;

/**
 * SLALOM (Leemann et al., TMLR 2025, arXiv 2405.13536): fits a Softmax-Linked Additive Log-Odds Model to the
 * model's output on token sequences and reads per-feature scores off it.
 *
 * <p>A SLALOM "token" is one explained feature (a word, say); features that own the same token ids are one type
 * ({@link TokenTypes}). Sequences are sampled as {@link SlalomOptions} says (random short sequences, or the input
 * with up to 5 features deleted), scored by the model through {@link ModelSequences}, each distinct sequence once,
 * and fitted by {@link SlalomFit}. It needs a subject with a {@link ModelInput}. The query count is the option's
 * sample count, or the call's budget when that is smaller.
 *
 * <p>The explanation's scores, in this order ({@code removal} ranks the features):
 * <ul>
 * <li>{@code removal}: F(t) − F(t without the feature) = α(v − F(t)) / (1 − α), α the feature's softmax weight in
 * the whole input (a repeated word's occurrences each have their own α);</li>
 * <li>{@code value}: v of the feature's type;</li>
 * <li>{@code importance}: s of the feature's type, mean-centred over the input's types;</li>
 * <li>{@code linear}: e^s·v with the centred s;</li>
 * <li>{@code removal_type}: the reference's per-type score F(t) − F(t∖τ), every occurrence of the feature's word
 * removed (equal to {@code removal} for a word that occurs once).</li>
 * </ul>
 * Features that own no token score 0 everywhere. The Fourier part is the first-order additive surrogate of the
 * removal scores: Möbius coefficients a({i}) = removal_i and a(∅) = F(t) − Σ_i removal_i, so it reproduces SLALOM's
 * F on the whole input and its leave-one-out predictions.
 */
public final class SlalomExplainer implements Explainer {
    private final String name;
    private final SlalomOptions options;

    public SlalomExplainer(String name, SlalomOptions options) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    /** "slalom": the efficient variant with the reference defaults. */
    public static SlalomExplainer efficient() {
        return new SlalomExplainer("slalom", SlalomOptions.efficient());
    }

    /** "slalom-fidel": the high-fidelity variant with the reference defaults. */
    public static SlalomExplainer fidelity() {
        return new SlalomExplainer("slalom-fidel", SlalomOptions.fidelity());
    }

    @Override
    public String name() {
        return name;
    }

    public SlalomOptions options() {
        return options;
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        ModelInput request = subject.require(ModelInput.class, name);
        Explainer.requireBudget(budget, name);
        TokenTypes types = TokenTypes.of(request.input());
        TextModel.ValueOptions defaults = TextModel.ValueOptions.defaults();
        TextModel.ValueOptions valueOptions = new TextModel.ValueOptions(request.rowsPerPass(),
                defaults.maxBatchTokens(), defaults.meanLogProb(), defaults.continuationTokens());
        SequenceValue f = new ModelSequences(request.model(), request.task(), request.input(), types, valueOptions);
        int samples = (int) Math.max(1, Math.min(options.samples(), budget));
        SlalomExplainer sized = new SlalomExplainer(name, options.withSamples(samples));
        return sized.explanation(sized.fit(f, types, seed, new BatchEvaluator(subject.masksPerCall(),
                subject.progress(), subject.cancelled())), types, seed);
    }

    /** A fitted model, the samples it was fitted on, and what fitting cost. */
    public record Fit(SlalomModel model, SlalomFit.Samples samples, long queries, int distinct, double evaluateMillis,
            double fitMillis) {}

    /**
     * Samples sequences, evaluates them through f (each distinct one once, in batches, by {@code evaluator}) and
     * fits the model: what {@link #explain} does before it reads the scores off, open to a study that needs the
     * fitted model itself (any sequence value: a real model, or an exact SLALOM oracle in tests).
     */
    public Fit fit(SequenceValue f, TokenTypes types, long seed, BatchEvaluator evaluator) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        int[][] sequences = options.variant() == SlalomOptions.Variant.EFFICIENT
                ? shortSequences(types.types(), options.samples(), options.sequenceLength(), random)
                : deletions(types.fullSequence(), options.samples(), options.maxDeletions(), random);
        List<IntBuffer> queries = new ArrayList<>(sequences.length);
        for (int[] sequence : sequences) {
            queries.add(IntBuffer.wrap(sequence));
        }
        BatchEvaluator.Result evaluated = evaluator.evaluate(queries,
                batch -> f.values(batch.stream().map(IntBuffer::array).toArray(int[][]::new)));
        long fitStart = System.nanoTime();
        SlalomFit.Samples samples = new SlalomFit.Samples(types.types(), sequences, evaluated.values());
        SlalomModel model = options.variant() == SlalomOptions.Variant.EFFICIENT
                ? SlalomFit.sgd(samples, options.epochs(), options.learningRate(), options.batchSize(), random.nextLong())
                : SlalomFit.als(samples, options.alsRounds());
        long end = System.nanoTime();
        return new Fit(model.centred(), samples, sequences.length, evaluated.distinct(), (fitStart - start) / 1e6,
                (end - fitStart) / 1e6);
    }

    /** The explanation of a fit: the scores ({@link #explanation(String, SlalomModel, TokenTypes)}), cost, seed. */
    Explanation explanation(Fit fit, TokenTypes types, long seed) {
        return explanation(name, fit.model(), types)
                .queries(fit.queries(), fit.distinct())
                .seed(seed)
                .iterations(options.variant() == SlalomOptions.Variant.EFFICIENT ? options.epochs()
                        : options.alsRounds())
                .timing("evaluate", fit.evaluateMillis())
                .timing("fit", fit.fitMillis())
                .timing("total", fit.evaluateMillis() + fit.fitMillis())
                .build();
    }

    /** {@code count} sequences of {@code length} types drawn uniformly with replacement. */
    static int[][] shortSequences(int types, int count, int length, SplittableRandom random) {
        int[][] out = new int[count][length];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < length; j++) {
                out[i][j] = random.nextInt(types);
            }
        }
        return out;
    }

    /**
     * {@code count} copies of {@code full} with k ~ U{0..min(maxDeletions, |full| − 1)} positions deleted (chosen
     * uniformly without replacement), the rest in order.
     */
    static int[][] deletions(int[] full, int count, int maxDeletions, SplittableRandom random) {
        int m = full.length, most = Math.min(maxDeletions, m - 1);
        int[][] out = new int[count][];
        int[] pos = new int[m];
        for (int i = 0; i < count; i++) {
            int k = random.nextInt(most + 1);
            for (int j = 0; j < m; j++) {
                pos[j] = j;
            }
            boolean[] deleted = new boolean[m];
            for (int j = 0; j < k; j++) {  // partial Fisher–Yates
                int p = j + random.nextInt(m - j);
                int t = pos[j];
                pos[j] = pos[p];
                pos[p] = t;
                deleted[pos[j]] = true;
            }
            int[] seq = new int[m - k];
            for (int j = 0, at = 0; j < m; j++) {
                if (!deleted[j]) {
                    seq[at++] = full[j];
                }
            }
            out[i] = seq;
        }
        return out;
    }

    /** The per-feature scores of a fitted model and its additive surrogate (see the class comment). */
    public static Explanation.Builder explanation(String method, SlalomModel fitted, TokenTypes types) {
        if (fitted.types() != types.types()) {
            throw new IllegalArgumentException("a model over " + fitted.types() + " types for an input with "
                    + types.types());
        }
        SlalomModel model = fitted.centred();
        int n = types.n();
        int[] full = types.fullSequence();
        double[] v = model.values(), s = model.importances();
        double[] removal = new double[n], value = new double[n], importance = new double[n], linear = new double[n];
        double[] removalOfType = new double[n];
        SparseCoefficients.Builder mobius = SparseCoefficients.builder(n, Basis.MOBIUS);
        double sum = 0;
        for (int f = 0; f < n; f++) {
            int k = types.typeOf(f);
            if (k < 0) {
                continue;
            }
            removal[f] = model.removal(full, k);
            value[f] = v[k];
            importance[f] = s[k];
            linear[f] = Math.exp(s[k]) * v[k];
            removalOfType[f] = model.removalOfType(full, k);
            mobius.put(FeatureSet.of(f), removal[f]);
            sum += removal[f];
        }
        mobius.put(FeatureSet.EMPTY, model.predict(full) - sum);
        return Explanation.builder(method, Conversions.mobiusToFourier(mobius.build()))
                .maxOrder(1)
                .scores(Scores.ranking("removal", removal)
                        .add("value", value)
                        .add("importance", importance)
                        .add("linear", linear)
                        .add("removal_type", removalOfType)
                        .build());
    }
}

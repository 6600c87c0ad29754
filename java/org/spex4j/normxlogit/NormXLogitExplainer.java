package org.spex4j.normxlogit;

import org.spex4j.api.Explanation;
import org.spex4j.api.Explainer;
import org.spex4j.api.ModelInput;
import org.spex4j.api.Scores;
import org.spex4j.api.Subject;
import org.spex4j.math.Basis;
import org.spex4j.math.Conversions;
import org.spex4j.math.FeatureSet;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.model.PositionLogits;
import org.spex4j.math.MaskBatch;

/**
 * NormXLogit as an {@link Explainer}: one forward pass over the unmasked input (see {@link NormXLogit}). It needs a
 * subject with a {@link ModelInput} whose model offers {@link PositionLogits}; it makes one pass and one query of
 * the value function whatever the budget.
 *
 * <ul>
 * <li><b>Decoders</b> ({@code stories260k}, LOGPROB task): the head is the LM head after the final norm, the class is
 * the token the model predicts next after the input (or the target token id given to the constructor), h⁰ the raw
 * token embedding.</li>
 * <li><b>Encoders</b> ({@code minilm}, SENTIMENT task): the zero-shot sentiment head applied to each position's final
 * hidden state on its own (normalise it, cosine with each label prompt's embedding, over the temperature), and the
 * class the model predicts (positive or negative). This head is an extension: the paper uses trained classifier
 * heads. h⁰ is the embedding output after the embedding LayerNorm ({@code hidden_states[0]}).</li>
 * </ul>
 *
 * <p>Scores, per feature (each the sum over the feature's tokens): "normxlogit" (ranks the features),
 * "embedding_norm" and "logit". They are not in the value function's units. The Fourier part is therefore only an
 * additive surrogate built from them: Möbius coefficients {@code a({i}) = normxlogit_i} and
 * {@code a(∅) = f(all kept) − Σ_i normxlogit_i}, so it agrees with the model on the full input (one query of the
 * value function) and its first-order values order the features as NormXLogit does.
 */
public final class NormXLogitExplainer implements Explainer {
    private final int target;

    /** Explains the class the model predicts. */
    public NormXLogitExplainer() {
        this.target = -1;
    }

    /** Explains class {@code target} (a token id for decoders, 0 = positive / 1 = negative for sentiment). */
    public NormXLogitExplainer(int target) {
        if (target < 0) {
            throw new IllegalArgumentException("target class must be >= 0, got " + target);
        }
        this.target = target;
    }

    @Override
    public String name() {
        return "normxlogit";
    }

    @Override
    public Explanation explain(Subject subject, long budget, long seed) {
        ModelInput request = subject.require(ModelInput.class, name());
        PositionLogits model = subject.capability(PositionLogits.class).orElseThrow(() ->
                new IllegalArgumentException("normxlogit needs a model that exposes its hidden states and head; "
                        + request.model().name() + " does not"));
        long start = System.nanoTime();
        PositionLogits.Readout readout = model.positionLogits(request.task(), request.input().ids());
        int cls = target >= 0 ? target : NormXLogit.predicted(readout);
        if (cls >= readout.output().length) {
            throw new IllegalArgumentException("target class " + cls + " is outside the model's "
                    + readout.output().length + " classes");
        }
        NormXLogit.TokenScores tokens = NormXLogit.tokenScores(readout, cls);
        double[] score = NormXLogit.toFeatures(tokens.score(), request.input());
        long forward = System.nanoTime();
        int n = request.input().n();
        double full = subject.value().evaluate(MaskBatch.allKept(n))[0];
        SparseCoefficients.Builder mobius = SparseCoefficients.builder(n, Basis.MOBIUS);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            mobius.put(FeatureSet.of(i), score[i]);
            sum += score[i];
        }
        mobius.put(FeatureSet.EMPTY, full - sum);
        long end = System.nanoTime();
        return Explanation.builder(name(), Conversions.mobiusToFourier(mobius.build()))
                .maxOrder(1)
                .queries(1, 1)
                .iterations(1)
                .seed(seed)
                .timing("forward", (forward - start) / 1e6)
                .timing("evaluate", (end - forward) / 1e6)
                .timing("total", (end - start) / 1e6)
                .scores(Scores.ranking("normxlogit", score).bySign()
                        .add("embedding_norm", NormXLogit.toFeatures(tokens.norm(), request.input()))
                        .add("logit", NormXLogit.toFeatures(tokens.logit(), request.input()))
                        .build())
                .full(full)
                .build();
    }

    /** The class explained, or -1 for the model's prediction. */
    public int target() {
        return target;
    }
}

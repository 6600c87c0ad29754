package org.spex4j.model.llama;

import org.bytedeco.pytorch.Tensor;

/**
 * The weight tensors of a Llama decoder as a loader produces them: float32, PyTorch {@code [out, in]} layout, rotary
 * pairs laid out as {@link LlamaConfig#rope()} says. Made inside the loading {@code PointerScope}; the model keeps
 * what it needs.
 */
final class LlamaWeights {
    /** One transformer block. Projections are {@code [out, in]}; {@code bqkv} is null without attention biases. */
    record Layer(Tensor attnNorm, Tensor wq, Tensor wk, Tensor wv, Tensor wo, Tensor ffnNorm, Tensor w1, Tensor w2,
                 Tensor w3, Tensor bqkv) {}

    final LlamaConfig config;
    final Tensor embed;       // [vocab, dim]
    final Tensor classifier;  // [vocab, dim]; the same tensor as embed when tied
    final Tensor finalNorm;   // [dim]
    final Layer[] layers;

    LlamaWeights(LlamaConfig config, Tensor embed, Tensor classifier, Tensor finalNorm, Layer[] layers) {
        this.config = config;
        this.embed = embed;
        this.classifier = classifier;
        this.finalNorm = finalNorm;
        this.layers = layers;
    }
}

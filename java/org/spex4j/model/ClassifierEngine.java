package org.spex4j.model;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.Tokenized;
import org.spex4j.model.runtime.Precision;

/**
 * A sequence classifier's tokenizer and forward pass, whichever engine runs it (LibTorch, ONNX Runtime):
 * {@link ClassifierTextModel} turns it into value functions.
 */
interface ClassifierEngine extends AutoCloseable {
    /** The class names in logit order; one entry for a single-logit (regression) head. */
    List<String> labels();

    /**
     * The logits of a right-padded batch of int64 [rows, length] ids under its attention mask: rows × labels, with
     * the dense layers in {@link #runsIn}({@code precision}).
     */
    double[] logits(Tensor ids, Tensor attention, Precision precision);

    /** The precision a pass asked for {@code precision} runs in. */
    default Precision runsIn(Precision precision) {
        return Precision.FP32;
    }

    Tokenized tokenize(String text);

    /** The token a masked feature becomes (the tokenizer's unknown-word token unless configured otherwise). */
    long replaceId();

    long padId();

    int maxTokens();

    /**
     * Whether several passes may run at once on their own threads ({@link MaskedForward}); false for an engine that
     * spreads one pass over the cores itself.
     */
    default boolean parallelPasses() {
        return true;
    }

    /** Where the inputs the engine takes live. */
    TorchDevice device();

    @Override
    void close();
}

package org.spex4j.model;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.Tokenized;
import org.spex4j.model.runtime.Precision;

/** A Hugging Face encoder with its sequence-classification head, on LibTorch. */
final class TorchClassifierEngine implements ClassifierEngine {
    private final BertEncoder encoder;

    TorchClassifierEngine(BertEncoder encoder) {
        if (encoder.labels().isEmpty()) {
            throw new IllegalArgumentException(encoder + " has no classification head");
        }
        this.encoder = encoder;
    }

    @Override
    public List<String> labels() {
        return encoder.labels();
    }

    @Override
    public double[] logits(Tensor ids, Tensor attention, Precision precision) {
        float[] z = encoder.logits(ids, attention, precision, null);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i];
        }
        return out;
    }

    @Override
    public Precision runsIn(Precision precision) {
        return encoder.runsIn(precision);
    }

    @Override
    public Tokenized tokenize(String text) {
        return encoder.tokenize(text).spans();
    }

    @Override
    public long replaceId() {
        return encoder.unkId();
    }

    @Override
    public long padId() {
        return encoder.padId();
    }

    @Override
    public int maxTokens() {
        return encoder.maxPositions();
    }

    @Override
    public TorchDevice device() {
        return encoder.device();
    }

    @Override
    public void close() {
        encoder.close();
    }
}

package org.spex4j.model;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.spex4j.model.onnx.OnnxClassifier;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.Tokenized;
import org.spex4j.model.runtime.Precision;

/** An ONNX classifier as an engine: the mask expansion's host tensors are read into arrays for ONNX Runtime. */
final class OnnxClassifierEngine implements ClassifierEngine {
    private final OnnxClassifier classifier;

    OnnxClassifierEngine(OnnxClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public double[] logits(Tensor ids, Tensor attention, Precision precision) {
        return classifier.logits(Tensors.toLongs(ids), Tensors.toLongs(attention), (int) ids.size(0),
                (int) ids.size(1));
    }

    @Override
    public Tokenized tokenize(String text) {
        return classifier.tokenize(text);
    }

    @Override
    public long replaceId() {
        return classifier.replaceId();
    }

    @Override
    public long padId() {
        return classifier.padId();
    }

    @Override
    public int maxTokens() {
        return classifier.maxTokens();
    }

    /** ONNX Runtime spreads each pass over the cores itself (its intra-op threads). */
    @Override
    public boolean parallelPasses() {
        return false;
    }

    /** ONNX Runtime runs on the CPU here (its CPU build), so the masks are expanded on the host. */
    @Override
    public TorchDevice device() {
        return TorchDevice.CPU;
    }

    @Override
    public void close() {
        classifier.close();
    }
}

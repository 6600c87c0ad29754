package org.spex4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spex4j.kernels.Kernels;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.model.bert.BertEncoder;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.value.MaskBatch;
import org.spex4j.value.ValueFunction;

/**
 * The models on a CUDA device against the same models on the CPU. Runs only where LibTorch sees a GPU (a -Pgpu
 * build on a machine with one); skipped everywhere else.
 */
class GpuModelTest {
    static final String REVIEW = "A gripping, beautifully shot film, but the ending is weak and far too long.";

    @BeforeEach
    void needsAGpu() {
        assumeTrue(TorchDevice.cudaAvailable(), "no CUDA device visible to LibTorch");
    }

    @Test
    void miniLmEmbeddingsMatchTheCpu() {
        List<String> texts = List.of("Great film.", REVIEW, "Terrible, boring and far too long for what it says.");
        try (BertEncoder cpu = BertEncoder.miniLm(); BertEncoder gpu = BertEncoder.miniLm(TorchDevice.cuda(0))) {
            float[] a = cpu.embedTexts(texts);
            float[] b = gpu.embedTexts(texts);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4, "embedding value " + i);
            }
        }
    }

    @Test
    void stories260kGreedyMatchesTheCpu() {
        try (LlamaModel cpu = LlamaModel.stories260k(); LlamaModel gpu = LlamaModel.stories260k(TorchDevice.cuda(0))) {
            assertEquals(cpu.generate("Once upon a time", 40), gpu.generate("Once upon a time", 40));
        }
    }

    @Test
    void maskedValueFunctionsMatchTheCpu() {
        for (String name : List.of("minilm", "stories260k")) {
            try (TextModel cpu = Models.load(name, Kernels.Device.CPU);
                 TextModel gpu = Models.load(name, Kernels.Device.CUDA)) {
                assertTrue(gpu.device().isCuda());
                for (MaskMode mode : MaskMode.values()) {
                    MaskedInput in = TextModelTest.input(cpu, REVIEW, mode);
                    MaskBatch masks = MaskBatch.uniform(in.n(), 40, new SplittableRandom(3));
                    TextModel.ValueOptions options = new TextModel.ValueOptions(16, 65_536, false, 8);
                    ValueFunction f = cpu.valueFunction(cpu.defaultTask(), in, options);
                    ValueFunction g = gpu.valueFunction(gpu.defaultTask(), in, options);
                    assertArrayEquals(f.evaluate(masks), g.evaluate(masks), 2e-3, name + " " + mode);
                }
            }
        }
    }

    /** The CUDA expansion kernel writes exactly what the CPU kernel writes. */
    @Test
    void deviceExpansionEqualsHostExpansion() {
        assumeTrue(MaskExpansion.deviceExpansionAvailable(), "the CUDA kernel library is not built");
        try (TextModel m = Models.load("minilm", Kernels.Device.CPU)) {
            for (MaskMode mode : MaskMode.values()) {
                MaskedInput in = TextModelTest.input(m, REVIEW, mode);
                MaskBatch masks = MaskBatch.uniform(in.n(), 37, new SplittableRandom(11));
                long[][] host = expanded(TorchDevice.CPU, in, masks);
                long[][] device = expanded(TorchDevice.cuda(0), in, masks);
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(host[k], device[k], mode + " tensor " + k);
                }
            }
        }
    }

    /** ids, attention and positions of every pass, concatenated in pass order. */
    private static long[][] expanded(TorchDevice device, MaskedInput in, MaskBatch masks) {
        java.util.List<long[]>[] parts = new java.util.List[] {new java.util.ArrayList<long[]>(),
            new java.util.ArrayList<long[]>(), new java.util.ArrayList<long[]>()};
        MaskedForward.evaluate(device, in, masks, 8, 1 << 20, 512, (ids, attention, positions, lengths) -> {
            Tensor[] t = {ids, attention, positions};
            for (int k = 0; k < 3; k++) {
                assertEquals(device.isCuda(), t[k].is_cuda());
                parts[k].add(Tensors.toLongs(t[k]));
            }
            return new double[lengths.length];
        });
        long[][] out = new long[3][];
        for (int k = 0; k < 3; k++) {
            out[k] = parts[k].stream().flatMapToLong(java.util.Arrays::stream).toArray();
        }
        return out;
    }
}

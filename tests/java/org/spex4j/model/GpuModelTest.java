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
import org.spex4j.model.llama.Greedy;
import org.spex4j.model.llama.LlamaGenerator;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.model.llama.SpeculativeDecoder;
import org.spex4j.model.runtime.HookName;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.testing.Float32;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.math.MaskBatch;
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
                Float32.assertClose(a[i], b[i], 1, Float32.MINILM, "embedding value " + i);  // unit vectors
            }
        }
    }

    @Test
    void stories260kGreedyMatchesTheCpu() {
        try (LlamaModel cpu = LlamaModel.stories260k(); LlamaModel gpu = LlamaModel.stories260k(TorchDevice.cuda(0))) {
            assertEquals(new LlamaGenerator(cpu).generate("Once upon a time", 40),
                    new LlamaGenerator(gpu).generate("Once upon a time", 40));
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
                    double[] y = f.evaluate(masks), z = g.evaluate(masks);
                    double scale = name.equals("minilm") ? Float32.MINILM_SENTIMENT_SCALE
                            : 8 * Float32.STORIES260K_LOG_SOFTMAX_SCALE;  // the log-prob of 8 tokens
                    long k = name.equals("minilm") ? Float32.MINILM : Float32.STORIES260K;
                    for (int r = 0; r < y.length; r++) {
                        Float32.assertClose(y[r], z[r], scale, k, name + " " + mode + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void aMissingDeviceIndexIsAClearError() {
        int count = org.bytedeco.pytorch.global.torch.cuda_device_count();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TorchDevice.cuda(count));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    /** Hooks (Patchscopes, NormXLogit) read and patch hidden states on the GPU as on the CPU. */
    @Test
    void hooksOnTheGpu() {
        try (LlamaModel cpu = LlamaModel.stories260k(); LlamaModel gpu = LlamaModel.stories260k(TorchDevice.cuda(0))) {
            long[] ids = {1, 403, 407, 261, 378, 300};
            Hooks capCpu = new Hooks().capture(HookName.residPost(2));
            Hooks capGpu = new Hooks().capture(HookName.residPost(2));
            float[] plain = gpu.logits(ids, 1, ids.length, null, capGpu);
            cpu.logits(ids, 1, ids.length, null, capCpu);
            float[] a = capCpu.captured(HookName.residPost(2)).at(0, 3);
            float[] b = capGpu.captured(HookName.residPost(2)).at(0, 3);
            Float32.assertClose(a, b, Float32.STORIES260K, "residual stream");
            Hooks self = new Hooks().patch(HookName.residPost(2), 3, b);
            Float32.assertClose(plain, gpu.logits(ids, 1, ids.length, null, self), Float32.STORIES260K,
                    "a patch with its own value");
        }
    }

    /** NormXLogit's per-position readout (embeddings and head logits) on the GPU equals the CPU's. */
    @Test
    void positionLogitsOnTheGpu() {
        for (String name : List.of("minilm", "stories260k")) {
            try (TextModel cpu = Models.load(name, Kernels.Device.CPU);
                 TextModel gpu = Models.load(name, Kernels.Device.CUDA)) {
                long[] ids = cpu.tokenize(REVIEW).ids();
                PositionLogits.Readout a = ((PositionLogits) cpu).positionLogits(cpu.defaultTask(), ids);
                PositionLogits.Readout b = ((PositionLogits) gpu).positionLogits(gpu.defaultTask(), ids);
                for (int i = 0; i < ids.length; i++) {
                    long k = name.equals("minilm") ? Float32.MINILM : Float32.STORIES260K;
                    Float32.assertClose(a.embeddings()[i], b.embeddings()[i], k, name + " embedding " + i);
                    Float32.assertClose(a.logits()[i], b.logits()[i], k, name + " logits " + i);
                }
                Float32.assertClose(a.output(), b.output(),
                        name.equals("minilm") ? Float32.MINILM : Float32.STORIES260K, name);
            }
        }
    }

    /** Speculative (tree) decoding, which TextGenSHAP uses, on the GPU equals plain greedy decoding on the CPU. */
    @Test
    void treeDecodingOnTheGpu() {
        try (LlamaModel cpu = LlamaModel.stories260k(); LlamaModel gpu = LlamaModel.stories260k(TorchDevice.cuda(0))) {
            int[] prompt = cpu.tokenizer().encodeIds("Once upon a time", true, false);
            int[] greedy = new LlamaGenerator(cpu).generateGreedy(prompt, 12, Greedy.CACHED);
            int[] draft = java.util.Arrays.copyOfRange(greedy, prompt.length, greedy.length);
            int[] parents = new int[draft.length];
            for (int j = 0; j < parents.length; j++) {
                parents[j] = j - 1;
            }
            SpeculativeDecoder decoder = new SpeculativeDecoder(gpu);
            SpeculativeDecoder.TreeGeneration hit = decoder.generateGreedy(prompt, 12, false, draft, parents);
            assertArrayEquals(greedy, hit.tokens());
            assertTrue(hit.hit());
            int[] wrong = draft.clone();
            wrong[4] = (wrong[4] + 1) % gpu.vocabSize();
            assertArrayEquals(greedy, decoder.generateGreedy(prompt, 12, false, wrong, parents).tokens());
            assertArrayEquals(greedy, new LlamaGenerator(gpu).generateGreedy(prompt, 12, Greedy.UNCACHED));
        }
    }

    /** A TorchScript module moves to the GPU with its inputs and gives the CPU's values. */
    @Test
    void torchScriptOnTheGpu(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            java.nio.file.Files.copy(in, dir.resolve("tokenizer.json"));
        }
        float[] w = new float[TorchScriptTextModelTest.VOCAB * TorchScriptTextModelTest.CLASSES];
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        TorchScriptTextModelTest.saveModule(dir.resolve("bag.pt"), "def forward(self, input_ids, attention_mask):\n"
                + "    e = self.w[input_ids]\n    m = attention_mask.unsqueeze(2).to(e.dtype)\n"
                + "    return (e * m).sum(1)\n", w);
        String path = dir.resolve("bag.pt").toString();
        try (TextModel cpu = Models.load(path, Kernels.Device.CPU);
             TextModel gpu = Models.load(path, Kernels.Device.CUDA)) {
            MaskedInput in = TextModelTest.input(cpu, REVIEW, MaskMode.REPLACE);
            MaskBatch masks = MaskBatch.uniform(in.n(), 30, new SplittableRandom(2));
            TextModel.ValueOptions options = TextModel.ValueOptions.defaults();
            double[] y = cpu.valueFunction(cpu.defaultTask(), in, options).evaluate(masks);
            double[] z = gpu.valueFunction(gpu.defaultTask(), in, options).evaluate(masks);
            double scale = 2 * in.ids().length * Float32.maxAbs(w);  // sums of weights over the tokens
            for (int r = 0; r < y.length; r++) {
                Float32.assertClose(y[r], z[r], scale, in.ids().length, "row " + r);
            }
        }
    }

    /**
     * The CUDA expansion kernel writes exactly what the CPU kernel writes, pass by pass, so a model's passes on a GPU
     * see the same tensors whichever kernel built them (no switch is needed to compare the two paths' values).
     */
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
        MaskedForward.evaluate(device, in, masks, new TextModel.ValueOptions(8, 1 << 20, false, 1).withThreads(1), 512,
                (ids, attention, positions, lengths) -> {
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

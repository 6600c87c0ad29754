package org.spex4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.kernels.NativeMemory;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;
import org.spex4j.text.MaskedInput;
import org.spex4j.math.MaskBatch;

/**
 * Runs a model over the masked forms of one input: rows are sorted by masked length and cut into passes of at most
 * {@code batchSize} rows and {@code maxBatchTokens} tokens (rows × padded length), each pass's int64 inputs are
 * written by the native expansion kernel straight into fresh tensors, and every pass runs in its own PointerScope
 * so native memory stays flat over long runs.
 *
 * <p>On the CPU, {@link TextModel.ValueOptions#resolvedThreads()} passes run at once, each on a thread of a shared
 * pool with one LibTorch and one BLAS thread: the matrix products, which OpenBLAS runs on one thread, then use
 * every core (intra-op threads only parallelise the element-wise work). The calls are cut into a multiple of that
 * many passes of about equal tokens, so no core idles at the end of a call. So the thread count decides which rows
 * share a pass and how far they are padded: another count may change a value by float32 rounding, while the same
 * count gives the same values bit for bit.
 *
 * <p>On a CUDA {@link TorchDevice} passes run one at a time; the masks, ids and feature ranges go to the GPU once
 * per call and the CUDA kernel expands each pass in device memory, where that kernel is built
 * ({@link MaskExpansion#deviceExpansionAvailable}); otherwise the CPU kernel expands on the host and the pass's
 * tensors are copied to the device.
 */
public final class MaskedForward {
    /** One forward pass over a right-padded batch, its tensors on the model's device: {@code width} values per row. */
    @FunctionalInterface
    public interface Pass {
        double[] run(Tensor ids, Tensor attention, Tensor positions, int[] lengths);
    }

    static {
        NativeMemory.keepFreedMemory();   // a pass's activations are reused by the next, not returned and refaulted
    }

    private MaskedForward() {}

    /** One value per row (width 1). */
    public static double[] evaluate(TorchDevice device, MaskedInput input, MaskBatch masks,
            TextModel.ValueOptions options, int maxLength, Pass pass) {
        return evaluate(device, input, masks, options, maxLength, 1, pass);
    }

    /** {@code width} values per row (an embedding, say), row-major in mask order. */
    public static double[] evaluate(TorchDevice device, MaskedInput input, MaskBatch masks,
            TextModel.ValueOptions options, int maxLength, int width, Pass pass) {
        int rows = masks.rows();
        int[] lengths = MaskExpansion.lengths(input, masks);
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
            if (lengths[r] > maxLength) {
                throw new IllegalArgumentException("a masked input has " + lengths[r] + " tokens, more than the "
                        + "model's limit of " + maxLength);
            }
        }
        Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a]));  // longest first: pads least
        int threads = device.isCuda() ? 1 : options.resolvedThreads();
        List<int[]> plan = plan(lengths, order, options.batchSize(), options.maxBatchTokens(), threads);
        double[] out = new double[rows * width];
        if (threads == 1 || plan.size() == 1) {
            try (PointerScope call = new PointerScope()) {
                DeviceInputs onDevice = device.isCuda() && MaskExpansion.deviceExpansionAvailable()
                        ? new DeviceInputs(device, input, masks, order) : null;
                for (int[] p : plan) {
                    runPass(device, input, masks, lengths, order, p, width, pass, onDevice, out);
                }
            }
        } else {
            PassPool.run(plan.size(), threads, k -> runPass(device, input, masks, lengths, order, plan.get(k), width,
                    pass, null, out));
        }
        return out;
    }

    /**
     * The passes of a call, as {@code {from, count}} slices of its rows sorted longest first ({@code order} indexes
     * {@code lengths}): greedy under the row and token limits, then, when several run at once, cut again into a
     * multiple of {@code threads} passes of about equal padded tokens. Public so that a benchmark can give another
     * runtime the same passes.
     */
    public static List<int[]> plan(int[] lengths, Integer[] order, int batchSize, long maxBatchTokens, int threads) {
        List<int[]> greedy = cut(lengths, order, batchSize, maxBatchTokens);
        if (threads == 1 || greedy.size() % threads == 0) {
            return greedy;
        }
        long tokens = 0;
        for (int[] p : greedy) {
            tokens += (long) p[1] * Math.max(1, lengths[order[p[0]]]);
        }
        int target = (greedy.size() + threads - 1) / threads * threads;
        List<int[]> even = cut(lengths, order, batchSize, Math.max(1, (tokens + target - 1) / target));
        return even.size() <= target ? even : greedy;
    }

    /** Passes of at most {@code batchSize} rows and {@code maxTokens} padded tokens (a longer row runs alone). */
    private static List<int[]> cut(int[] lengths, Integer[] order, int batchSize, long maxTokens) {
        List<int[]> passes = new ArrayList<>();
        int at = 0;
        while (at < order.length) {
            int len = Math.max(1, lengths[order[at]]);
            int fit = (int) Math.max(1, Math.min(batchSize, maxTokens / len));
            int count = Math.min(fit, order.length - at);
            passes.add(new int[] {at, count});
            at += count;
        }
        return passes;
    }

    /** One pass: expand its rows, run the model in a PointerScope of its own, scatter the values to mask order. */
    private static void runPass(TorchDevice device, MaskedInput input, MaskBatch masks, int[] lengths,
            Integer[] order, int[] slice, int width, Pass pass, DeviceInputs onDevice, double[] out) {
        int at = slice[0], count = slice[1];
        int len = Math.max(1, lengths[order[at]]);
        int[] rowIndex = new int[count];
        int[] rowLengths = new int[count];
        for (int q = 0; q < count; q++) {
            rowIndex[q] = order[at + q];
            rowLengths[q] = lengths[rowIndex[q]];
        }
        double[] values;
        try (PointerScope scope = new PointerScope()) {
            Tensor[] batch = onDevice != null
                    ? onDevice.expand(lengths, at, rowIndex, len)
                    : expandOnHost(device, input, masks, rowIndex, len);
            values = pass.run(batch[0], batch[1], batch[2], rowLengths);
        }
        if (values.length != count * width) {
            throw new IllegalStateException("a forward pass returned " + values.length + " values for " + count
                    + " rows of width " + width);
        }
        for (int q = 0; q < count; q++) {
            System.arraycopy(values, q * width, out, rowIndex[q] * width, width);
        }
    }

    /** The CPU kernel writes into host tensors, then they move to the device (a no-op on the CPU). */
    private static Tensor[] expandOnHost(TorchDevice device, MaskedInput input, MaskBatch masks, int[] rowIndex,
            int len) {
        Tensor[] t = emptyBatch(TorchDevice.CPU, rowIndex.length, len);
        MaskExpansion.expand(input, masks, rowIndex, len, Tensors.hostLongs(t[0]), Tensors.hostLongs(t[1]),
                Tensors.hostLongs(t[2]));
        return new Tensor[] {device.on(t[0]), device.on(t[1]), device.on(t[2])};
    }

    /** Uninitialised int64 ids, attention and positions tensors [rows, len] on {@code device}. */
    private static Tensor[] emptyBatch(TorchDevice device, int rows, int len) {
        long[] shape = {rows, len};
        TensorOptions longs = device.options(ScalarType.Long);
        Tensor[] t = new Tensor[3];
        for (int k = 0; k < 3; k++) {
            t[k] = torch.empty(shape, longs, new MemoryFormatOptional());
        }
        return t;
    }

    /**
     * What the CUDA expansion reads, uploaded once per call: the masks, the input's ids and feature ranges, and the
     * row order, of which every pass expands a contiguous slice. Lives in the call's PointerScope.
     */
    private static final class DeviceInputs {
        private final TorchDevice device;
        private final MaskedInput input;
        private final MaskBatch masks;
        private final Tensor order;
        private final MaskExpansion.DeviceSource source;

        DeviceInputs(TorchDevice device, MaskedInput input, MaskBatch masks, Integer[] order) {
            this.device = device;
            this.input = input;
            this.masks = masks;
            int[] sorted = new int[order.length];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = order[i];
            }
            long[] words = masks.words();
            Tensor m = Tensors.fromLongs(device, words, words.length);
            Tensor ids = Tensors.fromLongs(device, input.ids(), input.ids().length);
            Tensor start = Tensors.fromInts(device, input.featureStart(), input.featureStart().length);
            Tensor end = Tensors.fromInts(device, input.featureEnd(), input.featureEnd().length);
            this.order = Tensors.fromInts(device, sorted, sorted.length);
            this.source = new MaskExpansion.DeviceSource(Tensors.sizedData(m), Tensors.sizedData(ids),
                    Tensors.sizedData(start), Tensors.sizedData(end));
        }

        /** Rows {@code order[from .. from + rowIndex.length)} (= rowIndex) expanded into new device tensors. */
        Tensor[] expand(int[] lengths, int from, int[] rowIndex, int len) {
            Tensor[] t = emptyBatch(device, rowIndex.length, len);
            Tensor rows = order.narrow(0, from, rowIndex.length);
            MaskExpansion.expandOnDevice(input, masks, lengths, source, rowIndex, Tensors.sizedData(rows), len,
                    Tensors.sizedData(t[0]), Tensors.sizedData(t[1]), Tensors.sizedData(t[2]), device.cudaIndex());
            return t;
        }
    }
}

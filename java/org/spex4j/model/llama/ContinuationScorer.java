package org.spex4j.model.llama;

import java.util.Arrays;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import org.spex4j.model.runtime.Hooks;
import org.spex4j.model.runtime.Tensors;
import org.spex4j.model.runtime.TorchDevice;

/**
 * Scores a fixed continuation after many prefixes: for every row, the log-probability of {@code continuation}
 * teacher-forced right after that row's prefix, the sum (or, when {@code mean}, the mean per token) over {@code j} of
 * {@code log_softmax(logits)[continuation[j]]} at the position before continuation token {@code j}. One forward pass
 * of the {@link LlamaModel} scores the whole batch: row {@code r} is laid out as its prefix tokens followed
 * immediately by the continuation, then padding.
 *
 * <p>A task on top of the network, not part of it: it lays out the rows and reads the LM head only where a
 * continuation token is predicted. Thread-safety and closing follow the model's: every call holds the model open.
 */
public final class ContinuationScorer {
    private final LlamaModel model;

    public ContinuationScorer(LlamaModel model) {
        if (model == null) {
            throw new IllegalArgumentException("the scorer needs a model");
        }
        this.model = model;
    }

    /**
     * The continuation's log-probability after every row of a right-padded batch.
     *
     * @param prefixIds     {@code [batch × prefixLength]}, right-padded
     * @param prefixLengths real prefix tokens per row, each in {@code [1, prefixLength]} (null: all full)
     * @param continuation  the continuation's ids (at least one); {@code max prefix length + continuation.length}
     *                      must fit the context
     */
    public double[] logProb(long[] prefixIds, int batch, int prefixLength, long[] prefixLengths, int[] continuation,
                            boolean mean) {
        return logProb(prefixIds, batch, prefixLength, prefixLengths, continuation, mean, null);
    }

    /**
     * {@link #logProb(long[], int, int, long[], int[], boolean)} with hooks; hook positions refer to the laid-out rows
     * (prefix, then continuation).
     */
    public double[] logProb(long[] prefixIds, int batch, int prefixLength, long[] prefixLengths, int[] continuation,
                            boolean mean, Hooks hooks) {
        long[] clean = model.checkBatch(prefixIds, batch, prefixLength, prefixLengths, "prefix ids");
        int[] lengths = new int[batch];
        for (int r = 0; r < batch; r++) {
            lengths[r] = prefixLengths == null ? prefixLength : (int) prefixLengths[r];
        }
        return model.call(() -> score(Tensors.fromLongs(model.device(), clean, batch, prefixLength), lengths,
                continuation, mean, hooks));
    }

    /**
     * {@link #logProb(long[], int, int, long[], int[], boolean)} on a batch already in a tensor (e.g. one the
     * mask-expansion kernel filled on the device): int64 {@code [B, L]}, right-padded, on the model's device (else
     * copied there); ids past a row's length are ignored, the rest must lie in the vocabulary.
     */
    public double[] logProb(Tensor prefixIds, int[] prefixLengths, int[] continuation, boolean mean) {
        if (prefixIds == null || prefixIds.dim() != 2 || prefixIds.scalar_type().intern() != ScalarType.Long) {
            throw new IllegalArgumentException("prefix ids must be an int64 tensor of shape [batch, length]");
        }
        long b = prefixIds.size(0), len = prefixIds.size(1);
        if (b < 1 || len < 1 || prefixLengths == null || prefixLengths.length != b) {
            throw new IllegalArgumentException("prefix ids of shape [" + b + ", " + len + "] need " + b
                    + " lengths, got " + (prefixLengths == null ? "null" : prefixLengths.length));
        }
        for (int r = 0; r < b; r++) {
            if (prefixLengths[r] < 1 || prefixLengths[r] > len) {
                throw new IllegalArgumentException("prefix length " + prefixLengths[r] + " of row " + r
                        + " must lie in [1, " + len + "]");
            }
        }
        return model.call(() -> score(model.device().on(prefixIds), prefixLengths, continuation, mean, null));
    }

    /**
     * The shared core, inside {@code LlamaModel.call}: row r is laid out as its prefix (ids [B, L] on the device;
     * whatever lies past the row's length is ignored, the rest must be in the vocabulary) followed at position
     * {@code lengths[r]} by the continuation; one pass scores every continuation token from the position before it.
     */
    private double[] score(Tensor ids, int[] lengths, int[] continuation, boolean mean, Hooks hooks) {
        if (continuation == null || continuation.length == 0) {
            throw new IllegalArgumentException("the continuation must have at least one token");
        }
        for (int t : continuation) {
            model.checkId(t, "continuation");
        }
        TorchDevice device = model.device();
        int batch = lengths.length, c = continuation.length, d = model.config().dim();
        int maxPrefix = Arrays.stream(lengths).max().orElse(0);
        int total = maxPrefix + c;
        model.checkLength(total, "longest prefix (" + maxPrefix + " tokens) plus continuation (" + c + " tokens)");
        Tensor lens = Tensors.fromLongs(device, LlamaModel.toLongs(lengths), batch, 1);
        Tensor prefix = model.clearPadding(ids.narrow(1, 0, maxPrefix), lens, "prefix token ids");
        Tensor seq = torch.zeros(new long[] {batch, total}, device.options(ScalarType.Long));
        seq.narrow(1, 0, maxPrefix).copy_(prefix);
        Tensor at = lens.add(torch.arange(new Scalar((long) c), device.options(ScalarType.Long)).unsqueeze(0));
        Tensor targets = Tensors.fromLongs(device, LlamaModel.toLongs(continuation), 1, c).expand(batch, c)
                .contiguous();
        seq.scatter_(1, at, targets);
        Tensor hidden = model.trunk(seq, hooks);                                          // [B, T, D]
        Tensor idx = at.sub(new Scalar(1L)).unsqueeze(2).expand(batch, c, d);             // the position before
        Tensor picked = hidden.gather(1, idx);                                            // [B, C, D]
        Tensor logp = torch.log_softmax(model.head(picked), 2);                           // [B, C, V]
        Tensor tok = logp.gather(2, targets.unsqueeze(2)).squeeze(2).to(ScalarType.Double);
        Tensor s = tok.sum(new long[] {1}, false, new ScalarTypeOptional());
        if (mean) {
            s = s.div(new Scalar((double) c));
        }
        return Tensors.toDoubles(s);
    }
}

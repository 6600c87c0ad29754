package org.spex4j.model.runtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Hooks for one forward pass: hidden states to record and hidden states to overwrite, by hook name. A model calls
 * {@link #apply(String, Tensor)} at each of its hook points and continues with what it returns. Not thread-safe:
 * one {@code Hooks} per forward pass.
 *
 * <pre>{@code
 * Hooks hooks = new Hooks().capture(HookName.residPost(2)).patch(HookName.residPost(1), 4, vector);
 * model.forward(..., hooks);
 * Captured h = hooks.captured(HookName.residPost(2));
 * }</pre>
 */
public final class Hooks {
    /** A recorded hidden state: row-major floats of {@code shape} = [batch, position, d_model]. */
    public record Captured(float[] values, long[] shape) {
        /** The vector at (row, position). */
        public float[] at(int row, int position) {
            int len = (int) shape[1], d = (int) shape[2];
            float[] out = new float[d];
            System.arraycopy(values, (row * len + position) * d, out, 0, d);
            return out;
        }
    }

    private record Patch(int position, float[] value) {}

    private record RowPatch(int position, float[][] rows) {}

    private final Map<String, Captured> captured = new LinkedHashMap<>();
    private final Map<String, Boolean> toCapture = new HashMap<>();
    private final Map<String, Patch> patches = new HashMap<>();
    private final Map<String, RowPatch> rowPatches = new HashMap<>();

    /** Records the hidden state at {@code name}. */
    public Hooks capture(String name) {
        toCapture.put(name, true);
        return this;
    }

    /** Overwrites the hidden state at {@code name}, position {@code position}, with {@code value} in every row. */
    public Hooks patch(String name, int position, float[] value) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + position);
        }
        patches.put(name, new Patch(position, value.clone()));
        return this;
    }

    /**
     * Overwrites the hidden state at {@code name}, position {@code position}, with {@code rows[r]} in batch row
     * {@code r}; a null entry leaves its row alone (a batch of different patches, e.g. one Patchscope per row). The
     * batch must have {@code rows.length} rows.
     */
    public Hooks patchRows(String name, int position, float[][] rows) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + position);
        }
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("rows must hold one entry per batch row");
        }
        float[][] copy = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r] == null ? null : rows[r].clone();
        }
        rowPatches.put(name, new RowPatch(position, copy));
        return this;
    }

    /** True when no hook is set (a model may skip the calls). */
    public boolean isEmpty() {
        return toCapture.isEmpty() && patches.isEmpty() && rowPatches.isEmpty();
    }

    /** The recorded state, or null when {@code name} was not captured (or not reached). */
    public Captured captured(String name) {
        return captured.get(name);
    }

    /** Applies the patch for {@code name} (if any), records it (if asked) and returns the state to continue with. */
    public Tensor apply(String name, Tensor hidden) {
        Patch p = patches.get(name);
        if (p != null) {
            long len = hidden.size(1), d = hidden.size(2);
            if (p.position >= len) {
                throw new IllegalArgumentException("patch position " + p.position + " at " + name
                        + " is beyond the sequence length " + len);
            }
            if (p.value.length != d) {
                throw new IllegalArgumentException("patch for " + name + " has " + p.value.length
                        + " values, the model's width is " + d);
            }
            hidden = hidden.clone();
            Tensor v = Tensors.fromFloats(p.value, d).to(hidden.device(), hidden.dtype());
            hidden.select(1, p.position).copy_(v);  // a view of [batch, d] at the position, broadcast over rows
        }
        RowPatch rp = rowPatches.get(name);
        if (rp != null) {
            long b = hidden.size(0), len = hidden.size(1), d = hidden.size(2);
            if (rp.rows.length != b) {
                throw new IllegalArgumentException("row patches for " + name + " have " + rp.rows.length
                        + " rows, the batch has " + b);
            }
            if (rp.position >= len) {
                throw new IllegalArgumentException("patch position " + rp.position + " at " + name
                        + " is beyond the sequence length " + len);
            }
            // the patched rows go to the model's device as one [k, d] block
            long[] rows = new long[(int) b];
            float[] values = new float[(int) (b * d)];
            int k = 0;
            for (int r = 0; r < b; r++) {
                float[] row = rp.rows[r];
                if (row == null) {
                    continue;
                }
                if (row.length != d) {
                    throw new IllegalArgumentException("patch for " + name + " row " + r + " has " + row.length
                            + " values, the model's width is " + d);
                }
                System.arraycopy(row, 0, values, (int) (k * d), (int) d);
                rows[k++] = r;
            }
            hidden = hidden.clone();
            if (k > 0) {
                Tensor index = Tensors.fromLongs(Arrays.copyOf(rows, k), k).to(hidden.device(), ScalarType.Long);
                Tensor block = Tensors.fromFloats(Arrays.copyOf(values, (int) (k * d)), k, d)
                        .to(hidden.device(), hidden.dtype());
                hidden.select(1, rp.position).index_copy_(0, index, block);  // a [batch, d] view of the position
            }
        }
        if (toCapture.containsKey(name)) {
            Tensor c = hidden.contiguous();
            captured.put(name, new Captured(Tensors.toFloats(c), c.sizes().vec().get()));
        }
        return hidden;
    }
}

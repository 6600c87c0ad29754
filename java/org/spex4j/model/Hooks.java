package org.spex4j.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

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

    private final Map<String, Captured> captured = new LinkedHashMap<>();
    private final Map<String, Boolean> toCapture = new HashMap<>();
    private final Map<String, Patch> patches = new HashMap<>();

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

    /** True when no hook is set (a model may skip the calls). */
    public boolean isEmpty() {
        return toCapture.isEmpty() && patches.isEmpty();
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
            Tensor v = Tensors.fromFloats(p.value, d).to(hidden.dtype());
            hidden.select(1, p.position).copy_(v);  // a view of [batch, d] at the position, broadcast over rows
        }
        if (toCapture.containsKey(name)) {
            Tensor c = hidden.contiguous();
            captured.put(name, new Captured(Tensors.toFloats(c), c.sizes().vec().get()));
        }
        return hidden;
    }
}

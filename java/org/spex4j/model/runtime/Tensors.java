package org.spex4j.model.runtime;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Copies between Java arrays and LibTorch tensors. Tensors made here own their memory (cloned from a temporary
 * view), so they stay valid whatever happens to the Java array; call inside a PointerScope. Reads copy a tensor on
 * a GPU to the host first, so they are safe for tensors on any {@link TorchDevice}; this is the one place that
 * reads a tensor's memory into Java.
 */
public final class Tensors {
    private Tensors() {}

    public static Tensor fromFloats(float[] values, long... shape) {
        return fromFloats(TorchDevice.CPU, values, shape);
    }

    /** A float32 tensor on {@code device}. */
    public static Tensor fromFloats(TorchDevice device, float[] values, long... shape) {
        check(values.length, shape);
        return copyOut(new FloatPointer(values), shape, ScalarType.Float, device);
    }

    public static Tensor fromLongs(long[] values, long... shape) {
        return fromLongs(TorchDevice.CPU, values, shape);
    }

    /** An int64 tensor on {@code device}. */
    public static Tensor fromLongs(TorchDevice device, long[] values, long... shape) {
        check(values.length, shape);
        return copyOut(new LongPointer(values), shape, ScalarType.Long, device);
    }

    /** An int32 tensor on {@code device}. */
    public static Tensor fromInts(TorchDevice device, int[] values, long... shape) {
        check(values.length, shape);
        return copyOut(new IntPointer(values), shape, ScalarType.Int, device);
    }

    /** A tensor with its own memory on {@code device}, copied from the temporary {@code buffer}, which is freed. */
    private static Tensor copyOut(Pointer buffer, long[] shape, ScalarType type, TorchDevice device) {
        try {
            Tensor view = torch.from_blob(buffer, shape, new TensorOptions(type));
            return device.isCuda() ? view.to(device.device(), type) : view.clone();
        } finally {
            buffer.close();
        }
    }

    /** The values of a float tensor (any shape), row-major. */
    public static float[] toFloats(Tensor t) {
        Tensor c = host(t).to(ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        c.data_ptr_float().get(out);
        return out;
    }

    public static long[] toLongs(Tensor t) {
        Tensor c = host(t).to(ScalarType.Long).contiguous();
        long[] out = new long[(int) c.numel()];
        c.data_ptr_long().get(out);
        return out;
    }

    /** The values of a tensor (any shape and floating type), row-major, as doubles. */
    public static double[] toDoubles(Tensor t) {
        Tensor c = host(t).to(ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        c.data_ptr_double().get(out);
        return out;
    }

    /**
     * The memory of a contiguous int64 host tensor as a pointer that carries its size, for native code that writes
     * into it ({@code data_ptr_long()} alone has capacity 0, "unknown", which the kernels refuse).
     */
    public static LongPointer hostLongs(Tensor t) {
        if (!t.is_cpu() || t.scalar_type().intern() != ScalarType.Long || !t.is_contiguous()) {  // intern: a fresh enum
            throw new IllegalArgumentException("expected a contiguous int64 tensor in host memory");
        }
        return t.data_ptr_long().capacity(t.numel());
    }

    /** The memory of a contiguous tensor (on any device) as a pointer whose capacity is its size in bytes. */
    public static Pointer sizedData(Tensor t) {
        if (!t.is_contiguous()) {
            throw new IllegalArgumentException("expected a contiguous tensor");
        }
        return t.data_ptr().capacity(t.numel() * t.element_size());
    }

    /** {@code t} in host memory: a GPU tensor's memory must never be read through a Java pointer. */
    private static Tensor host(Tensor t) {
        return t.is_cpu() ? t : t.cpu();
    }

    private static void check(long length, long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException("a tensor of shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " values, got " + length);
        }
    }
}

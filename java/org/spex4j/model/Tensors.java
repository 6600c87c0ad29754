package org.spex4j.model;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Copies between Java arrays and LibTorch tensors. Tensors made here own their memory (cloned from a temporary
 * view), so they stay valid whatever happens to the Java array; call inside a PointerScope.
 */
public final class Tensors {
    private Tensors() {}

    public static Tensor fromFloats(float[] values, long... shape) {
        check(values.length, shape);
        FloatPointer p = new FloatPointer(values);
        Tensor t = torch.from_blob(p, shape, new TensorOptions(ScalarType.Float)).clone();
        p.close();
        return t;
    }

    public static Tensor fromLongs(long[] values, long... shape) {
        check(values.length, shape);
        LongPointer p = new LongPointer(values);
        Tensor t = torch.from_blob(p, shape, new TensorOptions(ScalarType.Long)).clone();
        p.close();
        return t;
    }

    /** The values of a float tensor (any shape), row-major. */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.to(ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        c.data_ptr_float().get(out);
        return out;
    }

    public static long[] toLongs(Tensor t) {
        Tensor c = t.to(ScalarType.Long).contiguous();
        long[] out = new long[(int) c.numel()];
        c.data_ptr_long().get(out);
        return out;
    }

    private static void check(long length, long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + java.util.Arrays.toString(shape));
        }
    }
}

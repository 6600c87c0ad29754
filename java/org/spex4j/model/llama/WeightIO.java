package org.spex4j.model.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Turns little-endian bytes (a mapped file region or an in-memory copy) into owned float32 tensors. */
final class WeightIO {
    private WeightIO() {}

    /** A random-access source of bytes: a file (regions memory-mapped on demand) or a direct in-memory buffer. */
    interface Source extends AutoCloseable {
        long size();

        /** {@code length} bytes at {@code offset}, as a direct little-endian buffer. */
        ByteBuffer region(long offset, long length);

        @Override
        void close();

        static Source of(FileChannel channel) {
            return new Source() {
                @Override
                public long size() {
                    try {
                        return channel.size();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public ByteBuffer region(long offset, long length) {
                    try {
                        return channel.map(FileChannel.MapMode.READ_ONLY, offset, length)
                                .order(ByteOrder.LITTLE_ENDIAN);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }

        static Source of(byte[] bytes) {
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
            direct.put(bytes).flip();
            return new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public ByteBuffer region(long offset, long length) {
                    return direct.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
                }

                @Override
                public void close() {}
            };
        }
    }

    /** An owned float32 tensor of {@code shape} read from {@code buffer} holding elements of {@code type}. */
    static Tensor tensor(ByteBuffer buffer, ScalarType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        long bytes = n * elementSize(type);
        if (buffer.remaining() != bytes) {
            throw new IllegalArgumentException("expected " + bytes + " bytes for a tensor of " + n + " " + type
                    + " values, got " + buffer.remaining());
        }
        if (!buffer.isDirect()) {
            throw new IllegalStateException("weights must come from a direct buffer");
        }
        BytePointer p = new BytePointer(buffer);
        try {
            Tensor view = torch.from_blob(p, shape, new TensorOptions(type));
            return type == ScalarType.Float ? view.clone() : view.to(ScalarType.Float);
        } finally {
            p.close();
        }
    }

    static Tensor floats(ByteBuffer buffer, long... shape) {
        return tensor(buffer, ScalarType.Float, shape);
    }

    static int elementSize(ScalarType type) {
        switch (type) {
            case Float:
                return 4;
            case Half:
            case BFloat16:
                return 2;
            default:
                throw new IllegalArgumentException("unsupported weight type " + type);
        }
    }
}

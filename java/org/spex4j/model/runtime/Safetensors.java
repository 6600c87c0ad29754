package org.spex4j.model.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A minimal reader of the safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}), then the
 * data, with offsets relative to its start. Floating-point tensors (F32, F16, BF16, F64) are returned as float32,
 * integer tensors (I64, I32) as int64; the layout is the file's (Hugging Face dense weights are [out, in]).
 *
 * <p>The header is parsed at {@link #open(Path)}; each {@link #tensor(String)} reads its bytes straight from the file
 * into a new tensor. Not thread-safe.
 */
public final class Safetensors implements AutoCloseable {

    /** One header entry. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {}

    private static final long MAX_HEADER = 100L << 20;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    /** Opens and checks the header; IllegalArgumentException naming the file when it is missing or malformed. */
    public static Safetensors open(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("safetensors file " + file + " does not exist or is not a regular file");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "it has " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.getLong(0);
            if (n <= 1 || n > MAX_HEADER || n > size - 8) {
                throw bad(file, "its header length " + n + " is impossible for a file of " + size + " bytes");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            JsonNode header = JsonFiles.parse(hb.array(), "safetensors file " + file + ": its header");
            if (header == null || !header.isObject()) {
                throw bad(file, "its header is not a JSON object");
            }
            long dataStart = 8 + n, dataSize = size - dataStart;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataSize));
            }
            Safetensors s = new Safetensors(file, ch, dataStart, Collections.unmodifiableMap(entries));
            ch = null;
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("safetensors file " + file + " cannot be read: " + e, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private static Entry entry(Path file, String name, JsonNode v, long dataSize) {
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || !dt.isTextual() || sh == null || !sh.isArray() || off == null || !off.isArray()
                || off.size() != 2) {
            throw bad(file, "header entry " + name + " lacks dtype, shape or data_offsets [begin, end]");
        }
        long[] shape = new long[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = sh.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw bad(file, "tensor " + name + " has a negative or non-integer dimension in " + sh);
            }
            try {
                numel = Math.multiplyExact(numel, shape[i]);
            } catch (ArithmeticException overflow) {
                throw bad(file, "tensor " + name + " has shape " + sh + ", more elements than a long counts");
            }
        }
        long begin = off.get(0).asLong(-1), end = off.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, "tensor " + name + " has data_offsets [" + begin + ", " + end
                    + "] outside the " + dataSize + " data bytes");
        }
        int elem = elementSize(dt.asText());
        if (elem > 0 && (numel > Long.MAX_VALUE / elem || end - begin != numel * elem)) {
            throw bad(file, "tensor " + name + " (" + dt.asText() + " " + Arrays.toString(shape) + ") needs "
                    + numel * elem + " bytes, its offsets span " + (end - begin));
        }
        return new Entry(name, dt.asText(), shape, begin, end);
    }

    /** True for the floating dtypes (F32, F16, BF16, F64): the ones a weight may have. */
    public static boolean isFloat(String dtype) {
        return switch (dtype) {
            case "F32", "F16", "BF16", "F64" -> true;
            default -> false;
        };
    }

    private static int elementSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException("safetensors file " + file + " is malformed: " + what);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The tensor names, in header order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The header entry of {@code name}; IllegalArgumentException when absent. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("safetensors file " + file + " has no tensor named " + name);
        }
        return e;
    }

    /**
     * A new tensor with the data of {@code name}, in the file's layout: float32 for F32/F16/BF16/F64, int64 for
     * I64/I32. Call inside a PointerScope or close it.
     */
    public Tensor tensor(String name) {
        Entry e = entry(name);
        ScalarType st = switch (e.dtype()) {
            case "F32" -> ScalarType.Float;
            case "F16" -> ScalarType.Half;
            case "BF16" -> ScalarType.BFloat16;
            case "F64" -> ScalarType.Double;
            case "I64" -> ScalarType.Long;
            case "I32" -> ScalarType.Int;
            default -> throw new IllegalArgumentException("safetensors file " + file + ": tensor " + name
                    + " has dtype " + e.dtype() + ", which is not supported (F32, F16, BF16, F64, I64, I32 are)");
        };
        boolean isFloat = st != ScalarType.Long && st != ScalarType.Int;
        Tensor t = torch.empty(e.shape(), new TensorOptions(st), new MemoryFormatOptional());
        long bytes = e.end() - e.begin();
        if (bytes > 0) {
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("safetensors file " + file + ": tensor " + name
                        + " is over 2 GB, which this reader does not support");
            }
            ByteBuffer dst = new BytePointer(t.data_ptr()).capacity(bytes).asByteBuffer();
            try {
                readFully(channel, dst, dataStart + e.begin());
            } catch (IOException ex) {
                throw new IllegalArgumentException("safetensors file " + file + ": tensor " + name
                        + " cannot be read: " + ex, ex);
            }
        }
        return t.to(isFloat ? ScalarType.Float : ScalarType.Long);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}

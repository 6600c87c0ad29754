package org.spex4j.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A minimal reader of the safetensors format: an 8-byte little-endian header length, a JSON header mapping tensor
 * names to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the end of the header), then
 * the data. Reads F32, F16 and BF16 tensors as float32 {@link Tensor}s (each tensor's bytes are memory-mapped on
 * demand). Every inconsistency is an {@link IllegalArgumentException} naming the file.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** One entry of the header. */
    public record Entry(String dtype, long[] shape, long begin, long end) {
        public long numel() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    public static SafetensorsFile open(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("safetensors file not found: " + file);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "it has " + size + " bytes, too few for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw bad(file, "header length " + headerLen + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw bad(file, "its header is not valid JSON (" + e.getMessage() + ")");
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "its header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    continue;
                }
                entries.put(f.getKey(), parseEntry(file, f.getKey(), f.getValue(), dataSize));
            }
            return new SafetensorsFile(file, ch, dataStart, entries);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IllegalArgumentException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize) {
        JsonNode dtype = node.get("dtype"), shape = node.get("shape"), offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        long[] dims = new long[shape.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0 || d.asLong() > (1L << 40)) {
                throw bad(file, "tensor '" + name + "' has a bad shape " + shape);
            }
            dims[i] = d.asLong();
            try {
                numel = Math.multiplyExact(numel, dims[i]);
            } catch (ArithmeticException overflow) {
                throw bad(file, "tensor '" + name + "' has a bad shape " + shape);
            }
        }
        long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "] outside the data section of " + dataSize + " bytes");
        }
        Entry e = new Entry(dtype.asText(), dims, begin, end);
        Integer width = elementSize(e.dtype());
        if (width != null && end - begin != numel * width) {
            throw bad(file, "tensor '" + name + "' (" + e.dtype() + " " + Arrays.toString(dims) + ") needs "
                    + numel * width + " bytes, its offsets span " + (end - begin));
        }
        return e;
    }

    private static Integer elementSize(String dtype) {
        switch (dtype) {
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            default:
                return null;
        }
    }

    public Path path() {
        return path;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw bad(path, "it has no tensor '" + name + "'");
        }
        return e;
    }

    /** The tensor {@code name} as float32 (in the caller's PointerScope). */
    public Tensor load(String name) {
        Entry e = entry(name);
        ScalarType type;
        switch (e.dtype()) {
            case "F32":
                type = ScalarType.Float;
                break;
            case "F16":
                type = ScalarType.Half;
                break;
            case "BF16":
                type = ScalarType.BFloat16;
                break;
            default:
                throw bad(path, "tensor '" + name + "' has dtype " + e.dtype() + "; only F32, F16 and BF16 are read");
        }
        long length = e.end() - e.begin();
        ByteBuffer region;
        if (length == 0) {
            region = ByteBuffer.allocateDirect(0);
        } else {
            try {
                region = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), length)
                        .order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException ex) {
                throw new IllegalArgumentException("cannot read tensor '" + name + "' of " + path + ": "
                        + ex.getMessage(), ex);
            }
        }
        return WeightIO.tensor(region, type, e.shape());
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException("corrupt safetensors file " + file + ": " + what);
    }
}

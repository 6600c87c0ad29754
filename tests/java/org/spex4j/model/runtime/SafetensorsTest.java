package org.spex4j.model.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spex4j.testing.Refusals.assertRefused;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader on small files written here, including F16/BF16 and malformed headers. */
public class SafetensorsTest {

    @TempDir
    Path tmp;

    /**
     * Writes {@code tensors} as a safetensors file: floating-point tensors in {@code floatDtype} (F32, F16, BF16),
     * int64 tensors as I64. The header is padded with spaces to a multiple of 8 bytes.
     */
    public static void write(Path file, Map<String, Tensor> tensors, String floatDtype) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        Map<String, byte[]> data = new LinkedHashMap<>();
        long offset = 0;
        try (PointerScope scope = new PointerScope()) {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                boolean isLong = t.scalar_type().intern() == ScalarType.Long;   // JavaCPP returns fresh enum objects
                String dtype = isLong ? "I64" : floatDtype;
                ScalarType st = isLong ? ScalarType.Long : switch (floatDtype) {
                    case "F32" -> ScalarType.Float;
                    case "F16" -> ScalarType.Half;
                    case "BF16" -> ScalarType.BFloat16;
                    default -> throw new IllegalArgumentException(floatDtype);
                };
                Tensor c = t.to(st).contiguous();
                byte[] bytes = new byte[(int) c.nbytes()];
                new BytePointer(c.data_ptr()).capacity(bytes.length).get(bytes);
                data.put(e.getKey(), bytes);
                header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"").append(dtype)
                        .append("\",\"shape\":").append(java.util.Arrays.toString(t.shape()).replace(" ", ""))
                        .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes.length)
                        .append("]}");
                offset += bytes.length;
            }
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            for (byte[] b : data.values()) {
                out.write(b);
            }
        }
    }

    @Test
    void readsF32F16Bf16AndI64() throws IOException {
        float[] values = {1.5f, -2f, 0.25f, 3f, 1024f, -0.125f};
        for (String dtype : new String[] {"F32", "F16", "BF16"}) {
            Path f = tmp.resolve(dtype + ".safetensors");
            try (PointerScope scope = new PointerScope()) {
                Map<String, Tensor> m = new LinkedHashMap<>();
                m.put("w", Tensors.fromFloats(values, 2, 3));
                m.put("ids", Tensors.fromLongs(new long[] {0, 1, 1L << 40}, 3));
                write(f, m, dtype);
            }
            try (PointerScope scope = new PointerScope(); Safetensors st = Safetensors.open(f)) {
                assertEquals(java.util.List.of("w", "ids"), java.util.List.copyOf(st.names()));
                assertEquals(dtype, st.entry("w").dtype());
                assertArrayEquals(new long[] {2, 3}, st.entry("w").shape());
                Tensor w = st.tensor("w");
                assertEquals(ScalarType.Float, w.scalar_type().intern());
                assertArrayEquals(values, Tensors.toFloats(w), dtype);   // all exactly representable
                assertArrayEquals(new long[] {0, 1, 1L << 40}, Tensors.toLongs(st.tensor("ids")));
                assertRefused(IllegalArgumentException.class, () -> st.tensor("x"), "has no tensor named x");
            }
        }
    }

    @Test
    void malformedFilesAreClearErrors() throws IOException {
        Path tiny = Files.write(tmp.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertRefused(IllegalArgumentException.class, () -> Safetensors.open(tiny),
                "tiny.safetensors is malformed: it has 3 bytes");

        byte[] hugeLen = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        Path huge = Files.write(tmp.resolve("huge.safetensors"), hugeLen);
        assertRefused(IllegalArgumentException.class, () -> Safetensors.open(huge),
                "huge.safetensors is malformed: its header length 1099511627776 is impossible");

        Path notJson = tmp.resolve("notjson.safetensors");
        byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(notJson)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(body.length).array());
            out.write(body);
        }
        assertRefused(IllegalArgumentException.class, () -> Safetensors.open(notJson),
                "notjson.safetensors: its header is not valid JSON");

        Path badOffsets = tmp.resolve("offsets.safetensors");
        byte[] h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,64]}}".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(badOffsets)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            out.write(new byte[16]);
        }
        assertRefused(IllegalArgumentException.class, () -> Safetensors.open(badOffsets),
                "tensor w has data_offsets [0, 64] outside the 16 data bytes");

        assertRefused(IllegalArgumentException.class, () -> Safetensors.open(tmp.resolve("absent.safetensors")),
                "absent.safetensors does not exist");
    }
}

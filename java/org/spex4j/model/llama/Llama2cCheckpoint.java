package org.spex4j.model.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.pytorch.Tensor;

/**
 * A llama2.c checkpoint in the legacy float32 format: a header of 7 little-endian int32 (dim, hidden_dim, n_layers,
 * n_heads, n_kv_heads, vocab_size, seq_len; a negative vocab_size means the output classifier is stored separately
 * instead of being tied to the token embedding), then the weights as float32: token_embedding [vocab, dim],
 * rms_att [layers, dim], wq [layers, dim, dim], wk [layers, kv_dim, dim], wv [layers, kv_dim, dim],
 * wo [layers, dim, dim], rms_ffn [layers, dim], w1 [layers, hidden, dim], w2 [layers, dim, hidden],
 * w3 [layers, hidden, dim], rms_final [dim], two legacy RoPE tables of seq_len * head_size / 2 floats each (skipped),
 * and, when not tied, wcls [vocab, dim].
 *
 * <p>{@link #read} validates the header and that the file size is exactly what the header implies; every problem is
 * an {@link IllegalArgumentException} naming the file and what is wrong.
 */
public final class Llama2cCheckpoint {
    static final int HEADER_BYTES = 7 * 4;

    private final String name;
    private final LlamaConfig config;
    private final Path path;      // set when read from a file
    private final byte[] bytes;   // set when read from memory

    private Llama2cCheckpoint(String name, LlamaConfig config, Path path, byte[] bytes) {
        this.name = name;
        this.config = config;
        this.path = path;
        this.bytes = bytes;
    }

    /** Reads and validates the header of the checkpoint at {@code file}; weights are mapped when loaded. */
    public static Llama2cCheckpoint read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("llama2.c checkpoint not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // fill
            }
            if (header.hasRemaining()) {
                throw new IllegalArgumentException("llama2.c checkpoint " + file + " is too short (" + size
                        + " bytes) to hold its 28-byte header");
            }
            header.flip();
            LlamaConfig config = parseHeader(header, size, file.toString());
            return new Llama2cCheckpoint(file.toString(), config, file, null);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read llama2.c checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates a checkpoint held in memory ({@code name} is used in messages). */
    public static Llama2cCheckpoint read(byte[] data, String name) {
        if (data.length < HEADER_BYTES) {
            throw new IllegalArgumentException("llama2.c checkpoint " + name + " is too short (" + data.length
                    + " bytes) to hold its 28-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(data, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        LlamaConfig config = parseHeader(header, data.length, name);
        return new Llama2cCheckpoint(name, config, null, data);
    }

    /** Reads a checkpoint from a stream (for class-path resources). */
    public static Llama2cCheckpoint read(InputStream in, String name) throws IOException {
        return read(in.readAllBytes(), name);
    }

    public LlamaConfig config() {
        return config;
    }

    /** The number of bytes a checkpoint with this header must have. */
    public static long expectedSize(LlamaConfig c) {
        long d = c.dim(), h = c.hiddenDim(), l = c.layers(), v = c.vocab(), kv = c.kvDim();
        long floats = v * d                       // token embedding
                + l * d                           // rms_att
                + l * d * d + 2 * l * kv * d      // wq, wk, wv
                + l * d * d                       // wo
                + l * d                           // rms_ffn
                + 3 * l * h * d                   // w1, w2, w3
                + d                               // rms_final
                + (long) c.seqLen() * c.headSize() // freq_cis_real + freq_cis_imag (seq_len * head_size / 2 each)
                + (c.sharedClassifier() ? 0 : v * d);
        return HEADER_BYTES + 4 * floats;
    }

    private static LlamaConfig parseHeader(ByteBuffer header, long size, String name) {
        if (header.getInt(0) == 0x616b3432) {  // "ak42": llama2.c's newer export formats
            throw new IllegalArgumentException("llama2.c checkpoint " + name + " is a version-" + header.getInt(4)
                    + " export (magic ak42); only the legacy float32 format (export.py --version 0) is read");
        }
        int dim = header.getInt(), hidden = header.getInt(), layers = header.getInt(), heads = header.getInt(),
                kvHeads = header.getInt(), vocab = header.getInt(), seqLen = header.getInt();
        boolean shared = vocab > 0;
        LlamaConfig config;
        try {
            config = LlamaConfig.llama2c(dim, hidden, layers, heads, kvHeads, vocab == Integer.MIN_VALUE ? 0
                    : Math.abs(vocab), seqLen, shared);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt llama2.c checkpoint " + name + ": header [dim=" + dim
                    + ", hidden_dim=" + hidden + ", n_layers=" + layers + ", n_heads=" + heads + ", n_kv_heads="
                    + kvHeads + ", vocab_size=" + vocab + ", seq_len=" + seqLen + "]: " + e.getMessage(), e);
        }
        long expected = expectedSize(config);
        if (size != expected) {
            throw new IllegalArgumentException("corrupt llama2.c checkpoint " + name + ": its header [dim=" + dim
                    + ", hidden_dim=" + hidden + ", n_layers=" + layers + ", n_heads=" + heads + ", n_kv_heads="
                    + kvHeads + ", vocab_size=" + vocab + ", seq_len=" + seqLen + "] implies " + expected
                    + " bytes, the file has " + size + " (truncated, or not a legacy float32 llama2.c export)");
        }
        return config;
    }

    /** Loads the weights as tensors in the caller's PointerScope. */
    LlamaWeights load() {
        WeightIO.Source src;
        if (path != null) {
            try {
                src = WeightIO.Source.of(FileChannel.open(path, StandardOpenOption.READ));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read llama2.c checkpoint " + name + ": " + e.getMessage(),
                        e);
            }
        } else {
            src = WeightIO.Source.of(bytes);
        }
        try (src) {
            if (src.size() != expectedSize(config)) {
                throw new IllegalArgumentException("llama2.c checkpoint " + name + " changed size while loading");
            }
            LlamaConfig c = config;
            long d = c.dim(), h = c.hiddenDim(), nl = c.layers(), v = c.vocab(), kv = c.kvDim();
            long off = HEADER_BYTES;
            Tensor embed = WeightIO.floats(src.region(off, 4 * v * d), v, d);
            off += 4 * v * d;
            long rmsAtt = off;
            off += 4 * nl * d;
            long wq = off;
            off += 4 * nl * d * d;
            long wk = off;
            off += 4 * nl * kv * d;
            long wv = off;
            off += 4 * nl * kv * d;
            long wo = off;
            off += 4 * nl * d * d;
            long rmsFfn = off;
            off += 4 * nl * d;
            long w1 = off;
            off += 4 * nl * h * d;
            long w2 = off;
            off += 4 * nl * d * h;
            long w3 = off;
            off += 4 * nl * h * d;
            Tensor finalNorm = WeightIO.floats(src.region(off, 4 * d), d);
            off += 4 * d;
            off += 4L * c.seqLen() * c.headSize();  // legacy freq_cis tables
            Tensor cls = c.sharedClassifier() ? embed : WeightIO.floats(src.region(off, 4 * v * d), v, d);

            LlamaWeights.Layer[] layers = new LlamaWeights.Layer[c.layers()];
            for (int l = 0; l < c.layers(); l++) {
                layers[l] = new LlamaWeights.Layer(
                        WeightIO.floats(src.region(rmsAtt + 4 * l * d, 4 * d), d),
                        WeightIO.floats(src.region(wq + 4 * l * d * d, 4 * d * d), d, d),
                        WeightIO.floats(src.region(wk + 4 * l * kv * d, 4 * kv * d), kv, d),
                        WeightIO.floats(src.region(wv + 4 * l * kv * d, 4 * kv * d), kv, d),
                        WeightIO.floats(src.region(wo + 4 * l * d * d, 4 * d * d), d, d),
                        WeightIO.floats(src.region(rmsFfn + 4 * l * d, 4 * d), d),
                        WeightIO.floats(src.region(w1 + 4 * l * h * d, 4 * h * d), h, d),
                        WeightIO.floats(src.region(w2 + 4 * l * d * h, 4 * d * h), d, h),
                        WeightIO.floats(src.region(w3 + 4 * l * h * d, 4 * h * d), h, d), null);
            }
            return new LlamaWeights(c, embed, cls, finalNorm, layers);
        }
    }

    @Override
    public String toString() {
        return "Llama2cCheckpoint[" + name + ", " + config + "]";
    }
}

package org.spex4j.model.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The llama2.c tokenizer ({@code tokenizer.bin} / {@code tok512.bin}): int32 max_token_length, then per token a
 * float32 merge score, an int32 byte length and the piece's bytes (all little endian). Ids 0, 1, 2 are
 * {@code <unk>}, BOS and EOS; ids 3..258 are the byte-fallback pieces {@code <0x00>..<0xFF>}.
 *
 * <p>{@link #encode} follows llama2.c's {@code run.c}: a dummy-prefix space token when the text is not empty, one
 * token per UTF-8 character found in the vocabulary (otherwise one byte-fallback token {@code byte + 3} per byte), then
 * repeatedly the adjacent pair whose concatenated piece has the highest score is merged (the leftmost on ties) until
 * no pair merges; optional BOS in front and EOS at the end (special tokens are never merged). The merge loop uses a
 * priority queue, which picks the same pair as run.c's quadratic scan. Immutable and thread-safe.
 */
public final class LlamaTokenizer implements TextTokenizer {
    public static final int UNK = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    private static final int BYTE_OFFSET = 3;
    /** run.c only merges pairs scoring above this. */
    private static final float MIN_SCORE = -1e10f;

    private final String[] pieces;   // piece bytes as ISO-8859-1 strings (one char per byte)
    private final float[] scores;
    private final Map<String, Integer> lookup = new HashMap<>();
    private final boolean byteFallback;
    private final int maxTokenLength;

    private LlamaTokenizer(String[] pieces, float[] scores, int maxTokenLength) {
        this.pieces = pieces;
        this.scores = scores;
        this.maxTokenLength = maxTokenLength;
        for (int i = 0; i < pieces.length; i++) {
            lookup.putIfAbsent(pieces[i], i);
        }
        boolean fallback = pieces.length >= BYTE_OFFSET + 256;
        for (int b = 0; fallback && b < 256; b++) {
            fallback = pieces[BYTE_OFFSET + b].equals(String.format("<0x%02X>", b));
        }
        this.byteFallback = fallback;
    }

    /** Reads a tokenizer file; {@code vocabSize} > 0 requires exactly that many tokens (0 accepts any count). */
    public static LlamaTokenizer read(Path file, int vocabSize) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("llama2.c tokenizer not found: " + file);
        }
        try {
            return parse(Files.readAllBytes(file), file.toString(), vocabSize);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read llama2.c tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    public static LlamaTokenizer read(Path file) {
        return read(file, 0);
    }

    /** Reads a tokenizer from a stream (for class-path resources). */
    public static LlamaTokenizer read(InputStream in, String name, int vocabSize) throws IOException {
        return parse(in.readAllBytes(), name, vocabSize);
    }

    static LlamaTokenizer parse(byte[] data, String name, int vocabSize) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 4) {
            throw new IllegalArgumentException("llama2.c tokenizer " + name + " is too short (" + data.length
                    + " bytes)");
        }
        int maxLen = buf.getInt();
        if (maxLen < 1 || maxLen > (1 << 16)) {
            throw new IllegalArgumentException("corrupt llama2.c tokenizer " + name + ": max_token_length " + maxLen);
        }
        java.util.List<String> pieces = new java.util.ArrayList<>();
        java.util.List<Float> scores = new java.util.ArrayList<>();
        while (buf.hasRemaining()) {
            int i = pieces.size();
            if (buf.remaining() < 8) {
                throw new IllegalArgumentException("corrupt llama2.c tokenizer " + name + ": token " + i
                        + " is truncated");
            }
            float score = buf.getFloat();
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining() || len > maxLen) {
                throw new IllegalArgumentException("corrupt llama2.c tokenizer " + name + ": token " + i
                        + " has length " + len + " (max_token_length " + maxLen + ", " + buf.remaining()
                        + " bytes left)");
            }
            byte[] piece = new byte[len];
            buf.get(piece);
            pieces.add(new String(piece, StandardCharsets.ISO_8859_1));
            scores.add(score);
        }
        if (pieces.size() < BYTE_OFFSET) {
            throw new IllegalArgumentException("llama2.c tokenizer " + name + " has only " + pieces.size()
                    + " tokens; it needs at least <unk>, BOS and EOS");
        }
        if (vocabSize > 0 && pieces.size() != vocabSize) {
            throw new IllegalArgumentException("llama2.c tokenizer " + name + " has " + pieces.size()
                    + " tokens, the model's vocab_size is " + vocabSize);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return new LlamaTokenizer(pieces.toArray(new String[0]), s, maxLen);
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    @Override
    public int bosId() {
        return BOS;
    }

    @Override
    public int eosId() {
        return EOS;
    }

    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** The raw bytes of token {@code id}'s piece, as UTF-8 text where they are valid UTF-8. */
    public String piece(int id) {
        checkId(id);
        return new String(pieces[id].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    public float score(int id) {
        checkId(id);
        return scores[id];
    }

    private record Candidate(float score, int left, int right, int leftVersion, int rightVersion, int id) {}

    @Override
    public Encoding encode(String text, boolean bos, boolean eos) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        int cap = 2 + 4 * text.length() + 1;
        int[] id = new int[cap];
        int[] start = new int[cap];
        int[] end = new int[cap];
        int n = 0;
        if (!text.isEmpty()) {
            Integer space = lookup.get(" ");
            if (space == null) {
                throw new IllegalStateException("the vocabulary has no ' ' piece for the dummy prefix");
            }
            id[n] = space;
            start[n] = 0;
            end[n] = 0;
            n++;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            byte[] utf8 = text.substring(i, next).getBytes(StandardCharsets.UTF_8);
            Integer known = lookup.get(new String(utf8, StandardCharsets.ISO_8859_1));
            if (known != null) {
                id[n] = known;
                start[n] = i;
                end[n] = next;
                n++;
            } else {
                for (byte b : utf8) {
                    id[n] = byteFallback ? (b & 0xFF) + BYTE_OFFSET : UNK;
                    start[n] = i;
                    end[n] = next;
                    n++;
                }
            }
            i = next;
        }
        n = merge(id, start, end, n);

        int total = n + (bos ? 1 : 0) + (eos ? 1 : 0);
        int[] ids = new int[total];
        int[] starts = new int[total];
        int[] ends = new int[total];
        int k = 0;
        if (bos) {
            ids[k] = BOS;
            starts[k] = -1;
            ends[k] = -1;
            k++;
        }
        System.arraycopy(id, 0, ids, k, n);
        System.arraycopy(start, 0, starts, k, n);
        System.arraycopy(end, 0, ends, k, n);
        k += n;
        if (eos) {
            ids[k] = EOS;
            starts[k] = -1;
            ends[k] = -1;
        }
        return new Encoding(ids, starts, ends);
    }

    /** Greedy BPE by score over the first {@code n} tokens (in place); returns the new count. */
    private int merge(int[] id, int[] start, int[] end, int n) {
        if (n < 2) {
            return n;
        }
        int[] prev = new int[n];
        int[] next = new int[n];
        int[] version = new int[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            alive[i] = true;
        }
        // highest score first; on equal scores the leftmost pair (nodes keep their left-to-right order by index)
        PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, id, version, i, i + 1);
        }
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            if (!alive[c.left] || !alive[c.right] || next[c.left] != c.right
                    || version[c.left] != c.leftVersion || version[c.right] != c.rightVersion) {
                continue;  // stale
            }
            int l = c.left, r = c.right;
            id[l] = c.id;
            end[l] = end[r];
            alive[r] = false;
            next[l] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = l;
            }
            version[l]++;
            if (prev[l] >= 0) {
                offer(queue, id, version, prev[l], l);
            }
            if (next[l] >= 0) {
                offer(queue, id, version, l, next[l]);
            }
        }
        int m = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            id[m] = id[i];
            start[m] = start[i];
            end[m] = end[i];
            m++;
        }
        return m;
    }

    private void offer(PriorityQueue<Candidate> queue, int[] id, int[] version, int left, int right) {
        Integer merged = lookup.get(pieces[id[left]] + pieces[id[right]]);
        if (merged != null && scores[merged] > MIN_SCORE) {
            queue.add(new Candidate(scores[merged], left, right, version[left], version[right], merged));
        }
    }

    /**
     * The text of {@code ids} as run.c prints it: BOS and EOS render as nothing, a piece right after BOS loses its
     * leading space, byte-fallback pieces {@code <0xNN>} become raw bytes, and the bytes are read as UTF-8.
     */
    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prev = -1;
        for (int token : ids) {
            checkId(token);
            if (token != BOS && token != EOS) {
                String p = pieces[token];
                if (prev == BOS && p.startsWith(" ")) {
                    p = p.substring(1);
                }
                int b = byteValue(p);
                if (b >= 0) {
                    out.write(b);
                } else {
                    byte[] bytes = p.getBytes(StandardCharsets.ISO_8859_1);
                    out.write(bytes, 0, bytes.length);
                }
            }
            prev = token;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The byte of a {@code <0xNN>} piece, or -1. */
    private static int byteValue(String p) {
        if (p.length() != 6 || !p.startsWith("<0x") || p.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(p.charAt(3), 16), lo = Character.digit(p.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private void checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + pieces.length
                    + ")");
        }
    }
}

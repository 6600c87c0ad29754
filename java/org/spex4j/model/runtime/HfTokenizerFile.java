package org.spex4j.model.runtime;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spex4j.text.Tokenized;

/**
 * A Hugging Face {@code tokenizer.json} read from a local file (never a hub download): text to ids with UTF-16
 * character spans, with the tokenizer's own special tokens (e.g. [CLS] … [SEP]) and no truncation, plus the id of
 * any named token. Thread-safe (the native tokenizer is immutable); close it when done.
 */
public final class HfTokenizerFile implements AutoCloseable {
    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final JsonNode root;

    private HfTokenizerFile(Path file, HuggingFaceTokenizer tokenizer, JsonNode root) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.root = root;
    }

    /**
     * DJL may download (tokenizers, native libraries) unless told not to: the library never does, whoever calls it
     * (the command line sets the same; a caller's explicit setting is kept).
     */
    static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /** Opens {@code file} with its special tokens; a missing or malformed file is an IllegalArgumentException. */
    /**
     * The id of the first of {@code tokens} this vocabulary has: the token that plays {@code role} (e.g. mask).
     *
     * @throws IllegalArgumentException naming the tokens looked for and how to name one
     */
    public long firstId(String role, String... tokens) {
        for (String t : tokens) {
            if (id(t) >= 0) {
                return id(t);
            }
        }
        throw new IllegalArgumentException("tokenizer " + file() + " has none of " + java.util.List.of(tokens)
                + " for the " + role + " token; name one with \"mask_token\" in the model's .json");
    }

    public static HfTokenizerFile open(Path file) {
        return open(file, true);
    }

    /**
     * Opens {@code file}; with {@code addSpecialTokens} false the post-processor adds nothing (decoders add BOS/EOS
     * themselves by id).
     */
    public static HfTokenizerFile open(Path file, boolean addSpecialTokens) {
        offline();
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tokenizer file " + file + " does not exist or is not a regular file");
        }
        JsonNode root = JsonFiles.read(file);
        if (root == null || !root.isObject() || !root.has("model")) {
            throw new IllegalArgumentException("tokenizer " + file + " is not a tokenizer.json (no \"model\")");
        }
        String unreadable = unreadableByTokenizers(root, 0);
        if (unreadable != null) {
            throw new IllegalArgumentException("tokenizer " + file + " cannot be loaded: " + unreadable);
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(addSpecialTokens)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new HfTokenizerFile(file, t, root);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("tokenizer " + file + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * What JSON the native tokenizers library (Rust's serde_json) cannot read although Jackson can: an unpaired
     * UTF-16 surrogate escape, a number beyond a double, or nesting past its recursion limit of 128. Found in the
     * decoder section, such input makes the library panic and abort the JVM (found by the fuzzer), so it is refused
     * here; null when there is none.
     */
    static String unreadableByTokenizers(JsonNode node, int depth) {
        if (depth > 100) {
            return "its JSON nests deeper than 100 levels";
        }
        if (node.isTextual()) {
            return unpairedSurrogate(node.textValue());
        }
        if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            return "a number is beyond the range of a double";
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            String bad = unpairedSurrogate(e.getKey());
            if (bad == null) {
                bad = unreadableByTokenizers(e.getValue(), depth + 1);
            }
            if (bad != null) {
                return bad;
            }
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                String bad = unreadableByTokenizers(child, depth + 1);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static String unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("a string holds the unpaired surrogate \\u%04x (not valid Unicode)", (int) c);
            }
        }
        return null;
    }

    public Path file() {
        return file;
    }

    /** The id of {@code token} (added tokens first, then the model's vocabulary), or -1 when it has none. */
    public long id(String token) {
        for (JsonNode t : root.path("added_tokens")) {
            if (token.equals(t.path("content").asText(null)) && t.has("id")) {
                return t.get("id").asLong();
            }
        }
        JsonNode v = root.path("model").path("vocab").get(token);
        return v != null && v.canConvertToLong() ? v.asLong() : -1;
    }

    /** The id of {@code token}, or an error naming the file and what is missing. */
    public long requireId(String token, String role) {
        long id = id(token);
        if (id < 0) {
            throw new IllegalArgumentException("tokenizer " + file + " has no " + token + " token (needed as the "
                    + role + " token)");
        }
        return id;
    }

    /**
     * One text as the tokenizer splits it, with the special tokens (e.g. [CLS] first, [SEP] last), untruncated and
     * unpadded: everything the tokenizer knows of each token. Explainers need only the ids and spans
     * ({@link #spans()}, the {@link Tokenized} every text model hands out); the token strings and word indices are
     * for the encoder's own callers and tests.
     *
     * @param ids        token ids
     * @param tokens     token strings (e.g. {@code "[CLS]"}, {@code "great"}, {@code "##ly"})
     * @param charStarts start of each token in the text, as a Java {@code String} index (UTF-16); -1 for special
     *                   tokens
     * @param charEnds   end (exclusive) of each token in the text; -1 for special tokens
     * @param wordIds    index of the word each token belongs to (the tokenizer's pre-tokenization: words and
     *                   punctuation marks); -1 for special tokens
     */
    public record Encoded(long[] ids, String[] tokens, int[] charStarts, int[] charEnds, long[] wordIds) {

        /** The number of tokens, special tokens included. */
        public int length() {
            return ids.length;
        }

        /** The ids and character spans, as every text model hands them out. */
        public Tokenized spans() {
            return new Tokenized(ids, charStarts, charEnds);
        }

        /** True when token {@code i} was added around the text ([CLS], [SEP]) and so has no span in it. */
        public boolean isSpecial(int i) {
            return charStarts[i] < 0;
        }
    }

    /** Encodes (with the special tokens when opened so), without truncation or padding. */
    public Encoded encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        Encoding e = tokenizer.encode(text);
        long[] ids = e.getIds();
        CharSpan[] spans = e.getCharTokenSpans();
        int[] starts = new int[ids.length], ends = new int[ids.length];
        int[] utf16 = codePointToUtf16(text);
        for (int i = 0; i < ids.length; i++) {
            // the post-processor's [CLS]/[SEP] have no span; a literal "[MASK]" typed in the text keeps its span
            CharSpan s = spans == null || i >= spans.length ? null : spans[i];
            starts[i] = s == null ? -1 : toUtf16(utf16, s.getStart());
            ends[i] = s == null ? -1 : toUtf16(utf16, s.getEnd());
        }
        return new Encoded(ids, e.getTokens(), starts, ends, e.getWordIds().clone());
    }

    /** The text of {@code ids}, special tokens skipped. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** Maps code-point offsets (what the tokenizer reports) to UTF-16 indices; null when the text has no surrogates. */
    private static int[] codePointToUtf16(String text) {
        int n = text.codePointCount(0, text.length());
        if (n == text.length()) {
            return null;
        }
        int[] map = new int[n + 1];
        int idx = 0;
        for (int cp = 0; cp < n; cp++) {
            map[cp] = idx;
            idx = text.offsetByCodePoints(idx, 1);
        }
        map[n] = text.length();
        return map;
    }

    private static int toUtf16(int[] map, int cp) {
        return map == null ? cp : map[Math.min(Math.max(cp, 0), map.length - 1)];
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

package org.spex4j.model.llama;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Hugging Face {@code tokenizer.json} (through DJL's tokenizers, from a local path only: no hub access). Special
 * tokens are not added by the tokenizer's post-processor; BOS and EOS are added here by id when asked. Spans are the
 * tokenizer's character offsets (for text outside the Basic Multilingual Plane they count code points). The wrapped
 * Rust tokenizer is immutable after loading, so calls from several threads are expected to be safe (not stress-tested
 * here); close it when done.
 */
public final class HfTokenizer implements TextTokenizer {
    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final int bos;
    private final int eos;

    /**
     * @param file      a {@code tokenizer.json}
     * @param vocabSize the model's vocabulary size (ids at or above it are rejected)
     * @param bos       BOS id, e.g. config.json's {@code bos_token_id}
     * @param eos       EOS id, e.g. config.json's {@code eos_token_id}
     */
    public HfTokenizer(Path file, int vocabSize, int bos, int eos) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tokenizer.json not found: " + file);
        }
        if (bos < 0 || bos >= vocabSize || eos < 0 || eos >= vocabSize) {
            throw new IllegalArgumentException("BOS " + bos + " / EOS " + eos + " outside the vocabulary [0, "
                    + vocabSize + ")");
        }
        try {
            this.tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
        this.vocabSize = vocabSize;
        this.bos = bos;
        this.eos = eos;
    }

    @Override
    public Encoding encode(String text, boolean addBos, boolean addEos) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text, false, false);
        long[] raw = e.getIds();
        CharSpan[] spans = e.getCharTokenSpans();
        int n = raw.length + (addBos ? 1 : 0) + (addEos ? 1 : 0);
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        Arrays.fill(starts, -1);
        Arrays.fill(ends, -1);
        int k = 0;
        if (addBos) {
            ids[k++] = bos;
        }
        for (int i = 0; i < raw.length; i++, k++) {
            if (raw[i] < 0 || raw[i] >= vocabSize) {
                throw new IllegalStateException("tokenizer produced id " + raw[i]
                        + " outside the model's vocabulary [0, " + vocabSize + ")");
            }
            ids[k] = (int) raw[i];
            if (spans != null && i < spans.length && spans[i] != null) {
                starts[k] = spans[i].getStart();
                ends[k] = spans[i].getEnd();
            }
        }
        if (addEos) {
            ids[k] = eos;
        }
        return new Encoding(ids, starts, ends);
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary [0, "
                        + vocabSize + ")");
            }
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

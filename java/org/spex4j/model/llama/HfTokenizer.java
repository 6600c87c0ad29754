package org.spex4j.model.llama;

import java.nio.file.Path;
import java.util.Arrays;
import org.spex4j.model.runtime.HfTokenizerFile;

/**
 * A Hugging Face {@code tokenizer.json} as a decoder's {@link TextTokenizer}, read through {@link HfTokenizerFile}
 * (local path only). The post-processor adds no special tokens; BOS and EOS are added here by id when asked. Spans
 * are UTF-16 indices into the text, as {@link String#substring} takes them, also for text outside the Basic
 * Multilingual Plane. Thread-safe as {@link HfTokenizerFile} is; close it when done.
 */
public final class HfTokenizer implements TextTokenizer {
    private final HfTokenizerFile tokenizer;
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
        if (bos < 0 || bos >= vocabSize || eos < 0 || eos >= vocabSize) {
            throw new IllegalArgumentException("BOS " + bos + " / EOS " + eos + " outside the vocabulary [0, "
                    + vocabSize + ")");
        }
        this.tokenizer = HfTokenizerFile.open(file, false);
        this.vocabSize = vocabSize;
        this.bos = bos;
        this.eos = eos;
    }

    @Override
    public Encoding encode(String text, boolean addBos, boolean addEos) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        HfTokenizerFile.Encoded e = tokenizer.encode(text);
        long[] raw = e.ids();
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
            starts[k] = e.charStarts()[i];
            ends[k] = e.charEnds()[i];
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
        return tokenizer.decode(l);
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

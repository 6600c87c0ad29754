package org.spex4j.model.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the JSON files spex4j is given (model configs, tokenizer files, safetensors headers, coefficient files)
 * strictly, with one-line errors: trailing text after the document is an error, and Jackson's second line
 * ("at [Source: ...]") becomes "line L, column C".
 */
public final class JsonFiles {
    private static final ObjectReader STRICT = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFiles() {}

    /** The JSON document in {@code file}; IllegalArgumentException naming the file and the first error. */
    /**
     * The optional JSON object in {@code file} (a model's settings beside it): empty when the file is absent, read
     * strictly as {@link #read} does when present.
     *
     * @throws IllegalArgumentException when present but not a JSON object
     */
    public static JsonNode readOptionalObject(Path file) {
        if (!Files.exists(file)) {
            return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        }
        JsonNode root = read(file);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " is not a JSON object");
        }
        return root;
    }

    public static JsonNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.toString());
    }

    /** The JSON document in {@code bytes} (UTF-8), {@code what} naming it in errors. */
    public static JsonNode parse(byte[] bytes, String what) {
        try {
            return STRICT.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + message(e));
        }
    }

    /** One line: Jackson's message without its source excerpt, with the line and column. */
    public static String message(IOException e) {
        if (e instanceof JsonProcessingException j) {
            String m = j.getOriginalMessage() == null ? "" : j.getOriginalMessage().lines().findFirst().orElse("");
            return j.getLocation() == null ? m
                    : m + " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    }
}

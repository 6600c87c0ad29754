package org.spex4j.model;

import java.util.List;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Tokenized;
import org.spex4j.value.ValueFunction;

/** A TextModel for tests that need only its identity: a name, a task, a window; tokenizing and valuing throw. */
public class StubTextModel implements TextModel {
    private final String name;
    private final int maxTokens;

    public StubTextModel(String name, int maxTokens) {
        this.name = name;
        this.maxTokens = maxTokens;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Task> tasks() {
        return List.of(Task.SENTIMENT);
    }

    @Override
    public Tokenized tokenize(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long replaceId() {
        return 0;
    }

    @Override
    public long padId() {
        return 0;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public ValueFunction valueFunction(Task task, MaskedInput input, ValueOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}

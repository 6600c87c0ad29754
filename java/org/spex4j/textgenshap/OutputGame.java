package org.spex4j.textgenshap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spex4j.text.MaskedInput;
import org.spex4j.math.MaskBatch;

/**
 * The indicator games of a generator: coalition S is worth the label of {@code g(x_S)}, the output generated from
 * the input with the features outside S masked. Distinct outputs get labels 0, 1, ... in the order they first
 * appear; each coalition is generated once.
 *
 * <p>Empty coalition: by default its output is generated like any other (the fully masked prompt still has a
 * continuation). {@link #blankEmpty()} makes it the empty output without generating, as the reference does.
 */
public final class OutputGame implements Game {
    private final CachedGame game;
    private final Function<boolean[], int[]> generator;
    private final boolean blankEmpty;
    private final List<int[]> outputs = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private boolean blankPlayed;

    private OutputGame(int n, Function<boolean[], int[]> generator, boolean blankEmpty) {
        this.game = new CachedGame(n, true, this::generate);
        this.generator = generator;
        this.blankEmpty = blankEmpty;
    }

    /** The game of {@code generator}, which maps a coalition (true keeps a feature) to its output tokens. */
    public static OutputGame of(int n, Function<boolean[], int[]> generator) {
        return new OutputGame(n, generator, false);
    }

    /** The game of greedy generation from the masked forms of {@code input}. */
    public static OutputGame of(MaskedInput input, GreedyGenerator generator) {
        MaskedPrompts prompts = new MaskedPrompts(input);
        return new OutputGame(input.n(), keep -> generator.generate(prompts.prompt(keep)), false);
    }

    /** This game with the empty coalition's output fixed to the empty sequence (not generated). */
    public OutputGame blankEmpty() {
        return new OutputGame(n(), generator, true);
    }

    @Override
    public int n() {
        return game.n();
    }

    @Override
    public boolean indicator() {
        return true;
    }

    @Override
    public Outcome[] play(MaskBatch coalitions) {
        return game.play(coalitions);
    }

    @Override
    public long queries() {
        return game.queries();
    }

    /** Generates each new coalition's output (one call each) and labels it. */
    private Outcome[] generate(MaskBatch fresh) {
        Outcome[] out = new Outcome[fresh.rows()];
        for (int r = 0; r < out.length; r++) {
            boolean[] keep = new boolean[n()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = fresh.get(r, i);
            }
            boolean blank = blankEmpty && fresh.keptCount(r) == 0;
            int[] output = blank ? new int[0] : generator.apply(keep);
            blankPlayed |= blank;
            out[r] = new Outcome(label(output), 1.0);
            counts.set(out[r].label(), counts.get(out[r].label()) + 1);
        }
        return out;
    }

    /** The label of {@code output}, registering it when new. */
    private int label(int[] output) {
        String key = Arrays.toString(output);
        Integer id = labels.get(key);
        if (id == null) {
            id = outputs.size();
            labels.put(key, id);
            outputs.add(output.clone());
            counts.add(0);
        }
        return id;
    }

    @Override
    public List<int[]> outputs() {
        List<int[]> copy = new ArrayList<>();
        for (int[] o : outputs) {
            copy.add(o.clone());
        }
        return copy;
    }

    @Override
    public int[] counts() {
        return counts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Distinct coalitions generated: the blank empty coalition is distinct but not generated. */
    @Override
    public long evaluations() {
        return game.evaluations() - (blankPlayed ? 1 : 0);
    }
}

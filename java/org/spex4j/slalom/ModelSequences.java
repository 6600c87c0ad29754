package org.spex4j.slalom;

import java.util.ArrayList;
import java.util.List;
import org.spex4j.model.Task;
import org.spex4j.model.TextModel;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segment;
import org.spex4j.math.MaskBatch;

/**
 * The model's value on token-type sequences. A sequence becomes the input's leading special tokens, the tokens of
 * each type's first feature in the sequence's order, then the input's trailing special tokens ({@code [CLS] a b c
 * [SEP]} for BERT), exactly what deleting features gives when the sequence is a kept subset in order.
 *
 * <p>One batch of sequences is written as one synthetic input whose features are the sequences' items laid end to
 * end; row r of the mask batch keeps only sequence r's items and the input is in delete mode, so the existing
 * masked-forward path (batching by length, the expansion kernel) runs it. The task's reference (the unmasked input a
 * similarity compares with) stays the explained input, through
 * {@link TextModel#valueFunction(Task, MaskedInput, MaskedInput, TextModel.ValueOptions)}.
 */
public final class ModelSequences implements SequenceValue {
    private final TextModel model;
    private final Task task;
    private final MaskedInput input;
    private final TokenTypes types;
    private final TextModel.ValueOptions options;
    private final long[] prefix;
    private final long[] suffix;

    public ModelSequences(TextModel model, Task task, MaskedInput input, TokenTypes types,
            TextModel.ValueOptions options) {
        if (types.n() != input.n()) {
            throw new IllegalArgumentException(types.n() + " typed features for an input of " + input.n());
        }
        this.model = model;
        this.task = task;
        this.input = input;
        this.types = types;
        this.options = options;
        long[] ids = input.ids();
        int[] start = input.featureStart(), end = input.featureEnd();
        int first = ids.length, last = 0;
        for (int f = 0; f < input.n(); f++) {
            if (end[f] > start[f]) {
                first = Math.min(first, start[f]);
                last = Math.max(last, end[f]);
            }
        }
        int owned = 0;
        for (int f = 0; f < input.n(); f++) {
            owned += end[f] - start[f];
        }
        if (first < last && owned != last - first) {
            // a sequence of features is laid out from their tokens alone; a token between features that belongs to
            // none (a special token mid-input) would silently disappear and F(full) would not be the model's output
            throw new IllegalArgumentException("SLALOM needs every token between the first and the last feature to "
                    + "belong to a feature; " + (last - first - owned) + " do not (special tokens inside the input?)");
        }
        this.prefix = java.util.Arrays.copyOfRange(ids, 0, first);
        this.suffix = java.util.Arrays.copyOfRange(ids, last, ids.length);
    }

    @Override
    public double[] values(int[][] sequences) {
        if (sequences.length == 0) {
            return new double[0];
        }
        long[] ids = input.ids();
        int[] start = input.featureStart(), end = input.featureEnd();
        List<Segment> items = new ArrayList<>();
        List<Long> tokens = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (long id : prefix) {
            tokens.add(id);
            owner.add(-1);
        }
        int[] firstItem = new int[sequences.length + 1];
        for (int r = 0; r < sequences.length; r++) {
            if (sequences[r].length == 0) {
                throw new IllegalArgumentException("sequence " + r + " is empty");
            }
            firstItem[r] = items.size();
            for (int k : sequences[r]) {
                if (k < 0 || k >= types.types()) {
                    throw new IllegalArgumentException("type " + k + " is outside 0.." + (types.types() - 1));
                }
                int f = types.representative(k), item = items.size();
                items.add(new Segment(input.features().get(f).text(), item, item + 1));  // synthetic span
                for (int t = start[f]; t < end[f]; t++) {
                    tokens.add(ids[t]);
                    owner.add(item);
                }
            }
        }
        firstItem[sequences.length] = items.size();
        for (long id : suffix) {
            tokens.add(id);
            owner.add(-1);
        }
        int len = tokens.size();
        long[] allIds = new long[len];
        int[] tokStart = new int[len], tokEnd = new int[len];
        for (int t = 0; t < len; t++) {
            allIds[t] = tokens.get(t);
            int o = owner.get(t);
            tokStart[t] = o < 0 ? -1 : o;
            tokEnd[t] = o < 0 ? -1 : o + 1;
        }
        MaskedInput laidOut = MaskedInput.of(items, allIds, tokStart, tokEnd, MaskMode.DELETE, input.replaceId(),
                input.padId());
        MaskBatch masks = MaskBatch.zeros(items.size(), sequences.length);
        for (int r = 0; r < sequences.length; r++) {
            for (int i = firstItem[r]; i < firstItem[r + 1]; i++) {
                masks.set(r, i, true);
            }
        }
        return model.valueFunction(task, input, laidOut, options).evaluate(masks);
    }
}

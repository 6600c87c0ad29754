package org.spex4j.patchscopes;

import java.util.ArrayList;
import java.util.List;
import org.spex4j.model.llama.TextTokenizer;

/**
 * The token-identity Patchscope: a few-shot "repeat the word" target prompt whose placeholder receives the source
 * state, so that the target's prediction reveals what the state encodes. The paper's prompt is
 * {@code "cat -> cat\n1135 -> 1135\nhello -> hello\n?"}; stories260k's 512-token vocabulary has whole-word tokens only
 * for common TinyStories words, so the default here repeats three of them: {@value #FEW_SHOT}, the placeholder being
 * the final {@code ?} (one token).
 *
 * <p>Two read-outs, each defined for a source prompt S, position i and the patched target distribution p':
 * <ul>
 *   <li>{@link Expected#SOURCE_TOKEN} (the default): the target is {@value #FEW_SHOT} followed by {@code ","}, the
 *       patch goes on the {@code ?} (position -2) and the next token after the comma should repeat the source token
 *       x_i. Precision@1 = 1[argmax p' = x_i]; surprisal = -ln p'(x_i).</li>
 *   <li>{@link Expected#NEXT_TOKEN} (the paper's section 4.1 next-token metric): the target is {@value #FEW_SHOT},
 *       the patch goes on the final {@code ?} (position -1), and p' is compared with the model's own prediction
 *       after S[0..i], p = p(. | S, i). Precision@1 = 1[argmax p' = argmax p]; surprisal = -ln p(argmax p').</li>
 * </ul>
 * Both use the identity map and sweep source layer l and target layer l* over 0..L ({@link LayerSweep}).
 */
public final class TokenIdentity {
    private TokenIdentity() {}

    /** The few-shot identity prompt for stories260k; {@code ?} is the placeholder. */
    public static final String FEW_SHOT = "Lily, Lily. mom, mom. big, big. ?";

    /** The placeholder's text inside {@link #FEW_SHOT}. */
    public static final String PLACEHOLDER = "?";

    /** What a patched read-out is compared with. */
    public enum Expected {
        /** The source token x_i itself. */
        SOURCE_TOKEN("source-token"),
        /** The model's own top next-token prediction after S[0..i] (the paper's metric). */
        NEXT_TOKEN("next-token");

        private final String label;

        Expected(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The constant with {@code label} ({@code source-token} or {@code next-token}). */
        public static Expected parse(String label) {
            for (Expected e : values()) {
                if (e.label.equalsIgnoreCase(label) || e.name().equalsIgnoreCase(label)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown expectation '" + label + "': use source-token or next-token");
        }
    }

    /** A target prompt and the position that receives the state (resolved, inside the prompt). */
    public record TargetPrompt(int[] ids, int position, String text) {
        public TargetPrompt {
            ids = ids.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }
    }

    /** The default token-identity target for {@code expected}. */
    public static TargetPrompt target(Patchscope scope, Expected expected) {
        return expected == Expected.SOURCE_TOKEN ? placeholderTarget(scope, FEW_SHOT + ",", PLACEHOLDER)
                : placeholderTarget(scope, FEW_SHOT, PLACEHOLDER);
    }

    /**
     * A target whose patched position is the token at the last occurrence of {@code placeholder} in {@code text}; the
     * placeholder must encode as one token.
     */
    public static TargetPrompt placeholderTarget(Patchscope scope, String text, String placeholder) {
        int at = text == null || placeholder == null || placeholder.isEmpty() ? -1 : text.lastIndexOf(placeholder);
        if (at < 0) {
            throw new IllegalArgumentException("the target prompt '" + text + "' has no placeholder '" + placeholder
                    + "'");
        }
        TextTokenizer tok = scope.model().tokenizer();
        if (tok == null) {
            throw new IllegalStateException("the model has no tokenizer");
        }
        TextTokenizer.Encoding e = tok.encode(text, true, false);
        int position = -1;
        for (int i = 0; i < e.size(); i++) {
            if (!e.isSpecial(i) && e.starts()[i] <= at && at < e.ends()[i]) {
                if (e.starts()[i] != at || e.ends()[i] != at + placeholder.length()) {
                    throw new IllegalArgumentException("the placeholder '" + placeholder + "' is not a token of its "
                            + "own in '" + text + "'");
                }
                position = i;
                break;
            }
        }
        if (position < 0) {
            throw new IllegalArgumentException("the placeholder '" + placeholder + "' is not a token of its own in '"
                    + text + "'");
        }
        return new TargetPrompt(e.ids(), position, text);
    }

    /** One source position: the prompt's ids (with BOS) and a position in {@code 1..length-1}. */
    public record Sample(int[] ids, int position) {
        public Sample {
            ids = ids.clone();
            if (position < 1 || position >= ids.length) {
                throw new IllegalArgumentException("sample position " + position + " must lie in 1.."
                        + (ids.length - 1));
            }
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }
    }

    /**
     * Story sentences in TinyStories style (written for this project) that the measurement draws source positions
     * from.
     */
    public static final List<String> SENTENCES = List.of(
            "Once upon a time, there was a little girl named Lily.",
            "She liked to play in the park with her mom.",
            "One day, Tim saw a big red ball under the tree.",
            "The dog was very happy and ran to his friend.",
            "They went home and ate a warm cake together.",
            "Lily wanted to help her dad in the garden.",
            "The little bird sang a song in the sun.",
            "Tom was sad because he lost his toy car.",
            "His mom gave him a hug and said it was okay.",
            "The cat jumped on the bed and fell asleep.",
            "Sue found a shiny rock near the river.",
            "The boy and the girl played with the blocks all day.",
            "Ben liked to eat apples and bananas.",
            "The big fish swam fast in the blue sea.",
            "Mom said, \"Be careful, the stove is hot.\"",
            "They laughed and had a lot of fun.",
            "The old man had a kind dog named Max.",
            "Anna drew a picture of a pretty flower.",
            "The sun was bright and the sky was blue.",
            "At night, Lily went to bed and had a good dream.");

    /**
     * The measurement's source positions: every token after BOS except the last of each sentence (the paper draws one
     * random non-final position per sentence; here all of them, so nothing depends on a seed).
     */
    public static List<Sample> samples(Patchscope scope, List<String> sentences) {
        if (sentences == null || sentences.isEmpty()) {
            throw new IllegalArgumentException("no source sentences");
        }
        List<Sample> out = new ArrayList<>();
        for (String s : sentences) {
            int[] ids = scope.encode(s, "source sentence");
            for (int i = 1; i < ids.length - 1; i++) {
                out.add(new Sample(ids, i));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the source sentences have no non-final positions");
        }
        return out;
    }
}

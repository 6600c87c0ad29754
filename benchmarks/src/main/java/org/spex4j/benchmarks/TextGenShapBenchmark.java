package org.spex4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spex4j.kernels.Kernels;
import org.spex4j.kernels.MaskExpansion;
import org.spex4j.model.Models;
import org.spex4j.model.TextModel;
import org.spex4j.text.Tokenized;
import org.spex4j.model.llama.LlamaModel;
import org.spex4j.text.MaskMode;
import org.spex4j.text.MaskedInput;
import org.spex4j.text.Segmenter;
import org.spex4j.textgenshap.GreedyGenerator;
import org.spex4j.textgenshap.Hierarchy;
import org.spex4j.textgenshap.OutputGame;
import org.spex4j.textgenshap.TextGenShap;
import org.spex4j.textgenshap.TextGenShapConfig;
import org.spex4j.textgenshap.TextGenShapResult;
import org.spex4j.math.MaskBatch;

/**
 * TextGenSHAP's generations on stories260k (LibTorch intra-op threads 1), with and without speculative decoding.
 *
 * <p>Workload: the first {@code sentences} sentences of {@link #STORY} (3: 14 words, 5: 24 words; features = words,
 * masked words replaced by {@code <unk>}). Setup draws {@value #PERMUTATIONS} uniform permutations of the words
 * (seed 7) and builds the masked prompt of every coalition a permutation-sampling pass plays: the empty coalition and
 * each prefix of the permutation, {@code 12 × (n + 1)} prompts (repeats included, as the estimator's cache would
 * not see them all). One op greedily generates up to 8 tokens (stopping at end-of-sequence) for the next prompt of
 * the pool; each pass over the pool starts with a fresh {@link GreedyGenerator}, so the speculation tree starts empty
 * and grows as it does in one explanation. Score: ops/s = generations per second.
 *
 * <p>{@link #main} is the plain measurement: one whole hierarchical explanation (P = 20, S = 20) of the 5-sentence
 * story both ways, wall time, generations, decoder passes and tree hits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
public class TextGenShapBenchmark {
    static final String STORY = "Lily went to the park. She saw a big dog. The dog was happy. Lily wanted to play. "
            + "They ran and laughed all day.";
    static final int PERMUTATIONS = 12;
    static final int TOKENS = 8;
    /** Prompts in the pools of the 3- and 5-sentence workloads (checked in setup). */
    static final int POOL_3 = PERMUTATIONS * (14 + 1);
    static final int POOL_5 = PERMUTATIONS * (24 + 1);

    @Param({"3", "5"})
    public int sentences;

    @Param({"false", "true"})
    public boolean speculative;

    private TextModel model;
    private LlamaModel llama;
    private List<int[]> prompts;
    private GreedyGenerator generator;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        torch.set_num_threads(1);
        model = Models.load("stories260k", Kernels.Device.CPU);
        llama = Models.llama(model);
        MaskedInput input = input(model, text(sentences));
        prompts = coalitionPrompts(input, PERMUTATIONS, 7);
        int expected = sentences == 3 ? POOL_3 : POOL_5;
        if (prompts.size() != expected) {
            throw new IllegalStateException("pool of " + prompts.size() + " prompts, expected " + expected);
        }
        System.out.printf("%n[textgenshap] %d sentences, %d words, %d prompts, intra-op threads %d%n", sentences,
                input.n(), prompts.size(), torch.get_num_threads());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    /** One generation; the pool is cycled in order, with a fresh generator (empty tree) at each pass over it. */
    @Benchmark
    public int[] generation() {
        if (next == prompts.size() || generator == null) {
            next = 0;
            generator = new GreedyGenerator(llama, TOKENS, speculative, 1024);
        }
        return generator.generate(prompts.get(next++));
    }

    static String text(int sentences) {
        String[] parts = STORY.split("(?<=\\.) ");
        return String.join(" ", Arrays.copyOf(parts, sentences));
    }

    static MaskedInput input(TextModel model, String text) {
        Tokenized t = model.tokenize(text);
        return MaskedInput.of(Segmenter.words(text), t.ids(), t.charStart(), t.charEnd(), MaskMode.REPLACE,
                model.replaceId(), model.padId());
    }

    /** The masked prompts of the empty coalition and every prefix of {@code count} random permutations. */
    static List<int[]> coalitionPrompts(MaskedInput input, int count, long seed) {
        int n = input.n();
        SplittableRandom random = new SplittableRandom(seed);
        MaskBatch masks = MaskBatch.zeros(n, count * (n + 1));
        for (int p = 0; p < count; p++) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int k = 1; k <= n; k++) {
                for (int i = 0; i < k; i++) {
                    masks.set(p * (n + 1) + k, order[i], true);
                }
            }
        }
        int[] lengths = MaskExpansion.lengths(input, masks);
        List<int[]> out = new ArrayList<>();
        for (int r = 0; r < masks.rows(); r++) {
            MaskBatch one = masks.slice(r, r + 1);
            try (org.bytedeco.javacpp.LongPointer ids = new org.bytedeco.javacpp.LongPointer(lengths[r]);
                 org.bytedeco.javacpp.LongPointer att = new org.bytedeco.javacpp.LongPointer(lengths[r]);
                 org.bytedeco.javacpp.LongPointer pos = new org.bytedeco.javacpp.LongPointer(lengths[r])) {
                MaskExpansion.expand(input, one, new int[] {0}, lengths[r], ids, att, pos);
                int[] prompt = new int[lengths[r]];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = (int) ids.get(i);
                }
                out.add(prompt);
            }
        }
        return out;
    }

    /**
     * The plain measurement: {@code java -cp benchmarks/target/benchmarks.jar
     * org.spex4j.benchmarks.TextGenShapBenchmark [sentences] [permutations] [repeats] [draft nodes]}.
     */
    public static void main(String[] args) {
        int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int permutations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int draft = args.length > 3 ? Integer.parseInt(args[3]) : GreedyGenerator.DRAFT_NODES;
        torch.set_num_threads(1);
        try (TextModel model = Models.load("stories260k", Kernels.Device.CPU)) {
            LlamaModel llama = Models.llama(model);
            MaskedInput input = input(model, text(sentences));
            Hierarchy h = Hierarchy.sentences(input.features());
            TextGenShapConfig c = TextGenShapConfig.builder().optPermutations(permutations)
                    .optBanzhafSamples(permutations).optTokens(TOKENS).build();
            System.out.printf(Locale.ROOT, "%d sentences, %d words, P = S = %d, %d tokens, draft %d nodes, 1 thread%n",
                    sentences, input.n(), permutations, TOKENS, draft);
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int rep = 0; rep < repeats; rep++) {
                for (int s = 0; s < 2; s++) {
                    boolean spec = s == 1;
                    GreedyGenerator g = new GreedyGenerator(llama, TOKENS, spec, 1024, draft);
                    long t0 = System.nanoTime();
                    TextGenShapResult r = TextGenShap.explain(OutputGame.of(input, g), h, c, 1, 256, () -> false);
                    double sec = (System.nanoTime() - t0) / 1e9;
                    best[s] = Math.min(best[s], sec);
                    System.out.printf(Locale.ROOT, "run %d speculative=%-5s %6.2f s  %5d generations (%.0f/s)  "
                            + "%6d decoder passes  %5d tree hits  %3d distinct outputs  %4d tree nodes  "
                            + "split sentences %s%n", rep + 1, spec, sec, g.generations(), g.generations() / sec,
                            g.passes(), g.hits(), r.outputs().size(), g.tree().size(),
                            Arrays.toString(r.expanded()));
                }
            }
            System.out.printf(Locale.ROOT, "best of %d: without %.2f s, with %.2f s: speed-up %.2fx%n", repeats,
                    best[0], best[1], best[0] / best[1]);
        }
    }
}

package org.spex4j.cli;

import java.util.function.Predicate;
import org.spex4j.ExplainOptions;
import org.spex4j.Methods;
import org.spex4j.Spex;
import org.spex4j.kernels.BchCode;
import org.spex4j.math.Index;
import org.spex4j.model.Task;
import org.spex4j.spex.Decoder;
import org.spex4j.spex.Refit;
import org.spex4j.spex.SpexConfig;
import org.spex4j.text.Granularity;
import org.spex4j.text.MaskMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every option that decides an explanation and its JSON, as one picocli mixin shared by {@code explain} and
 * {@code explain-dataset}: one parser, so that a row of a data set and a single explain agree option for option.
 */
final class ExplainOptionsArgs {
    /** The method names for the help text, from the registry. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Methods.names().iterator();
        }
    }

    @Option(names = "--model", defaultValue = "minilm", paramLabel = "NAME|PATH",
            description = "minilm (default), stories260k, or a Hugging Face directory, an ONNX file, a llama2.c "
                    + "checkpoint or a TorchScript .pt (see 'spex models')")
    String model;

    @Option(names = "--task", paramLabel = "sentiment|similarity|logprob|output|class",
            description = "default: the model's first task (class: log-odds of one class of a classifier, see --class)")
    String task;

    @Option(names = "--features", defaultValue = "words", paramLabel = "words|sentences|tokens",
            description = "what one feature is (default words)")
    String features;

    @Option(names = "--mask", defaultValue = "replace", paramLabel = "replace|delete",
            description = "a masked feature becomes the model's unknown token, or is removed (default replace)")
    String mask;

    @Option(names = "--method", defaultValue = Methods.SPEX, paramLabel = "METHOD",
            description = "the method (default spex): ${COMPLETION-CANDIDATES}. Methods other than SPEX get SPEX's"
                    + " query count; the interaction baselines use --order. 'spex methods' describes each.",
            completionCandidates = MethodNames.class)
    String method;

    @ArgGroup(exclusive = true)
    Size size = new Size();

    static final class Size {
        @Option(names = "--budget", paramLabel = "N", description = "query budget (default " + Spex.DEFAULT_BUDGET + ")")
        Long budget;

        @Option(names = "--b", paramLabel = "B", description = "sparsity parameter b instead of a budget")
        Integer b;
    }

    @Option(names = "--max-order", defaultValue = "" + SpexConfig.DEFAULT_MAX_ORDER, paramLabel = "T",
            description = "SPEX: the highest interaction order decoded, t (default " + SpexConfig.DEFAULT_MAX_ORDER
                    + ")")
    int maxOrder;

    @Option(names = "--decoder", defaultValue = "soft", paramLabel = "soft|hard",
            description = "SPEX: BCH decoding, soft (Chase) or hard (default soft)")
    String decoder;

    @Option(names = "--refit", defaultValue = "lasso", paramLabel = "none|ols|ridge|lasso",
            description = "SPEX: regression on the decoded terms (default lasso, cross-validated)")
    String refit;

    @Option(names = "--index", defaultValue = "fsii", paramLabel = "INDEX",
            description = "interactions shown: fourier|mobius|sv|bv|sii|bii|stii|fsii|fbii|ksii (default fsii)")
    String index;

    @Option(names = "--order", defaultValue = "2", paramLabel = "L", description = "interaction order (default 2)")
    int order;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K",
            description = "features and interactions listed (default 10)")
    int top;

    @Option(names = "--faithfulness", defaultValue = "0", paramLabel = "N",
            description = "R² on N uniform random masks, on the real model")
    int faithfulness;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "random seed: the same seed gives the same explanation (default 0)")
    long seed;

    @Mixin
    DeviceOptions run = new DeviceOptions();

    @Mixin
    ValueOptionsArgs value = new ValueOptionsArgs();

    /** The parsed --index. */
    Index index() {
        return Index.parse(index);
    }

    /**
     * The options, every setting checked before a model loads: --order against the max order, --top, and what
     * {@link ExplainOptions.Builder#build()} checks.
     */
    ExplainOptions toOptions() {
        return toOptions(option -> false);
    }

    /**
     * {@link #toOptions()}, knowing which options the user gave: the default --order 2 with --max-order 1 shows
     * order 1, while an explicit --order above --max-order is refused.
     */
    ExplainOptions toOptions(Predicate<String> given) {
        index();
        if (maxOrder < 1 || maxOrder > BchCode.MAX_T) {
            throw new UsageException("--max-order must be in 1.." + BchCode.MAX_T + " (the highest interaction order"
                    + " SPEX decodes, default " + SpexConfig.DEFAULT_MAX_ORDER + "), got " + maxOrder);
        }
        if (order < 1) {
            throw new UsageException("--order must be >= 1, got " + order);
        }
        int shownOrder = order;
        if (Methods.byName(method).name().equals(Methods.SPEX) && order > maxOrder) {
            if (given.test("--order")) {
                throw new UsageException("--order " + order + " is above --max-order " + maxOrder + ": SPEX finds"
                        + " no interaction above its max order; lower --order or raise --max-order to " + order);
            }
            shownOrder = maxOrder;  // the default order 2 with --max-order 1: show what there is
        }
        if (top < 1) {
            throw new UsageException("--top must be >= 1, got " + top);
        }
        ExplainOptions.Builder o = ExplainOptions.builder()
                .optModel(model)
                .optFeatures(Granularity.parse(features))
                .optMask(MaskMode.parse(mask))
                .optMaxOrder(maxOrder)
                .optDecoder(Decoder.parse(decoder))
                .optRefit(Refit.parse(refit))
                .optSeed(seed)
                .optDevice(run.device())
                .optThreads(run.threads())
                .optFaithfulness(faithfulness)
                .optValueOptions(value.toOptions(run.threads()))
                .optMethod(method)
                .optOrder(shownOrder);
        if (task != null) {
            o.optTask(Task.parse(task));
        }
        if (size.b != null) {
            o.optB(size.b);
        } else if (size.budget != null) {
            o.optBudget(size.budget);
        }
        return o.build();
    }
}

package org.spex4j.cli;

import org.spex4j.model.TextModel;
import org.spex4j.model.runtime.Precision;
import picocli.CommandLine.Option;

/** The options of the model's value function ({@link TextModel.ValueOptions}) as a picocli mixin. */
final class ValueOptionsArgs {
    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
            description = "masked inputs per forward pass at most (default 256)")
    int batchSize;

    @Option(names = "--batch-tokens", defaultValue = "" + TextModel.ValueOptions.DEFAULT_BATCH_TOKENS, paramLabel = "N",
            description = "tokens per forward pass at most, rows x padded length: bounds a pass's memory (default "
                    + TextModel.ValueOptions.DEFAULT_BATCH_TOKENS + ")")
    long batchTokens;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "number format of the dense layers: bf16 runs them in bfloat16 on CPUs with bfloat16 "
                    + "instructions (AVX512-BF16, AMX) and GPUs, fp32 elsewhere (default fp32)")
    String precision;

    @Option(names = "--continuation", defaultValue = "16", paramLabel = "N",
            description = "logprob: tokens of the greedy continuation that is scored (default 16)")
    int continuation;

    @Option(names = "--mean-logprob", description = "logprob: the mean per continuation token instead of the sum")
    boolean meanLogProb;

    @Option(names = "--class", paramLabel = "LABEL|INDEX",
            description = "class: the explained class of a sequence classifier (default: the class predicted on the "
                    + "whole input)")
    String targetClass;

    /**
     * The parsed options, with {@code threads} passes at once (0: one per core); the record refuses a value below 1
     * (a usage error, exit 2).
     */
    TextModel.ValueOptions toOptions(int threads) {
        return new TextModel.ValueOptions(batchSize, batchTokens, meanLogProb, continuation, targetClass, threads,
                Precision.parse(precision));
    }
}

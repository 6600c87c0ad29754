package org.spex4j;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.spex4j.value.Progress;

/**
 * What a method's factory needs for one run: the options, the query budget resolved for this input (SPEX's
 * 3·P·2^b when b is set), the masks per call of the value function, and the per-run progress and cancellation.
 */
public record MethodRun(ExplainOptions options, long budget, int masksPerCall, Progress progress,
        BooleanSupplier cancelled) {
    public MethodRun {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelled, "cancelled");
        if (budget < 1 || masksPerCall < 1) {
            throw new IllegalArgumentException("budget and masks per call must be >= 1, got " + budget + " and "
                    + masksPerCall);
        }
    }

    /** A run with the options' own budget, no progress and no cancellation. */
    public static MethodRun of(ExplainOptions options) {
        return new MethodRun(options, options.budget(), options.valueOptions().batchSize(), Progress.NONE,
                () -> false);
    }
}

package org.spex4j.baselines;

import java.util.Objects;
import org.spex4j.api.Explainer;
import org.spex4j.api.Explanation;
import org.spex4j.api.Subject;
import org.spex4j.kernels.Kernels;
import org.spex4j.math.SparseCoefficients;
import org.spex4j.value.BatchEvaluator;
import org.spex4j.value.ValueFunction;
import org.spex4j.math.MaskBatch;

/** What every baseline does the same way: check its inputs, evaluate its masks, time the phases, build the result. */
final class Runs {
    private Runs() {
    }

    /**
     * One call of a baseline: the subject, the budget and the seed.
     *
     * @param method the method's name
     */
    record Call(String method, Subject subject, long budget, long seed) {
        /** Checks the subject and the budget. */
        Call {
            Objects.requireNonNull(subject, "subject");
            Explainer.requireBudget(budget, method);
        }

        ValueFunction f() {
            return subject.value();
        }

        int n() {
            return subject.n();
        }
    }

    /**
     * Returns the order that a run fits: the requested order lowered to n, refused when the feasibility rule
     * ({@link Baselines#requireFeasible}) forbids it on n features.
     */
    static int order(Call call, int requestedOrder) {
        String method = call.method();
        int n = call.n();
        int order = Math.min(requestedOrder, n);
        Baselines.requireFeasible(method, order, n);
        return order;
    }

    /** The budget as a row count, refusing budgets that no run could hold. */
    static int rowsOf(long budget, int n, String method) {
        long words = budget * ((n + 63L) >>> 6);
        if (budget > Integer.MAX_VALUE - 8 || words > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(method + ": a budget of " + budget + " masks over n = " + n
                    + " features is more than one run holds");
        }
        return (int) budget;
    }

    /** Evaluates every row of {@code masks} through f (each distinct mask once, in batches, on the CPU kernels). */
    static BatchEvaluator.Result evaluate(Call call, MaskBatch.Builder masks) {
        Subject s = call.subject();
        BatchEvaluator evaluator = new BatchEvaluator(s.masksPerCall(), s.progress(), s.cancelled());
        return evaluator.evaluate(s.value(), masks.n(), masks.words(), masks.rows(), Kernels.cpu());
    }

    /**
     * The explanation of a run: queries, distinct queries, seed and the evaluate / fit / total timings measured from
     * {@code start} (nanoTime) to {@code evaluated} and {@code end}.
     */
    static Explanation.Builder explanation(Call call, SparseCoefficients fourier, int order, long queries,
            BatchEvaluator.Result evaluated, long start, long fitStart, long end) {
        return Explanation.builder(call.method(), fourier)
                .maxOrder(order)
                .queries(queries, evaluated.distinct())
                .seed(call.seed())
                .timing("evaluate", millis(start, fitStart))
                .timing("fit", millis(fitStart, end))
                .timing("total", millis(start, end));
    }

    static double millis(long from, long to) {
        return (to - from) / 1e6;
    }
}

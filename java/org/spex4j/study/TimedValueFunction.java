package org.spex4j.study;

import java.util.concurrent.atomic.AtomicLong;
import org.spex4j.math.MaskBatch;
import org.spex4j.value.ValueFunction;

/** A value function decorator that counts queries and the nanoseconds spent inside the model. */
final class TimedValueFunction implements ValueFunction {
    private final ValueFunction inner;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();

    TimedValueFunction(ValueFunction inner) {
        this.inner = inner;
    }

    @Override
    public double[] evaluate(MaskBatch batch) {
        long t = System.nanoTime();
        try {
            return inner.evaluate(batch);
        } finally {
            nanos.addAndGet(System.nanoTime() - t);
            queries.addAndGet(batch.rows());
        }
    }

    long nanos() {
        return nanos.get();
    }

    long queries() {
        return queries.get();
    }
}

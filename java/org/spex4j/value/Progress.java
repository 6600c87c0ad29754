package org.spex4j.value;

/** Receives progress of the model queries: {@code done} of {@code total} distinct masks evaluated. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total, etaMillis) -> { };

    /** Called after every batch; {@code etaMillis} is the estimated time left, or -1 before the first batch. */
    void update(long done, long total, long etaMillis);
}

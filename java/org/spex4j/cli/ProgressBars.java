package org.spex4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spex4j.value.Progress;

/**
 * A progress bar with ETA on stderr for the model queries, shown only when stderr is a terminal and not quiet,
 * and only once a run has lasted a couple of seconds.
 */
final class ProgressBars implements Progress, AutoCloseable {
    private static final long SHOW_AFTER_MS = 2000;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private ProgressBar bar;

    ProgressBars(boolean quiet) {
        this.enabled = !quiet && System.console() != null && System.getenv("TERM") != null;
    }

    @Override
    public synchronized void update(long done, long total, long etaMillis) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            if ((System.nanoTime() - start) / 1_000_000 < SHOW_AFTER_MS && done < total) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName("model queries").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .showSpeed().build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

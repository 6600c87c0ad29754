package org.spex4j.spark;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.spex4j.ExplainOptions;
import org.spex4j.Spex;
import org.spex4j.model.runtime.NativeThreads;

/**
 * One loaded model per JVM (an executor, or the driver in local mode), keyed by model and device: loaded by the
 * first task that needs it, shared by every task that the JVM runs at once ({@link Spex#explain(String,
 * ExplainOptions)} is safe across threads), kept until the JVM ends or {@link #closeAll()}.
 */
final class ExecutorModels {
    private static final ConcurrentHashMap<String, Spex> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** The model of {@code options}, loaded on first use by a task (which gives LibTorch its cores). */
    static Spex get(ExplainOptions options) {
        TaskContext task = TaskContext.get();
        return get(options, task != null ? task.cpus() : 0);
    }

    /**
     * The model of {@code options}; the first call loads it and sets LibTorch's process-wide pool to
     * {@code taskCpus} (the cores of one task: several tasks share the JVM), or to the options' threads when set.
     */
    static Spex get(ExplainOptions options, int taskCpus) {
        return LOADED.computeIfAbsent(options.model() + "@" + options.device(), k -> {
            int threads = options.threads() > 0 ? options.threads() : taskCpus;
            if (threads > 0) {
                NativeThreads.setTorchThreads(threads);
            }
            return Spex.builder().optOptions(options).build();
        });
    }

    /** Closes every model this JVM loaded (the next task loads again). */
    static void closeAll() {
        for (String k : LOADED.keySet()) {
            Spex s = LOADED.remove(k);
            if (s != null) {
                s.close();
            }
        }
    }
}

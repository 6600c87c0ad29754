package org.spex4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.spex4j.model.runtime.NativeThreads;

/**
 * The threads that run forward passes side by side on the CPU: one pool for the process, grown on demand, of
 * daemon threads that each run LibTorch with one intra-op thread. OpenBLAS, which runs LibTorch's float32 matrix
 * products, is set to one thread when the pool first starts (process-wide: several BLAS threads per pass would
 * fight the passes for the cores). The thread that calls {@link #run} waits: its own LibTorch may run several
 * intra-op threads, which would compete with the passes.
 */
final class PassPool {
    private static ExecutorService pool;
    private static int size;

    private PassPool() {}

    /**
     * Runs {@code task.accept(k)} for k in [0, tasks) on {@code threads} threads, each taking the next k until none
     * is left. The first failure stops the others from taking more and is rethrown here once all have stopped.
     */
    static void run(int tasks, int threads, IntConsumer task) {
        int workers = Math.min(threads, tasks);
        ExecutorService executor = executor(workers);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Runnable worker = () -> {
            int k;
            while (!failed.get() && (k = next.getAndIncrement()) < tasks) {
                try {
                    task.accept(k);
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            }
        };
        List<Future<?>> running = new ArrayList<>(workers);
        for (int h = 0; h < workers; h++) {
            running.add(executor.submit(worker));
        }
        Throwable first = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first != null ? first : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                first = first != null ? first : new IllegalStateException("interrupted while passes ran", e);
            }
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    /** The pool with at least {@code workers} threads. */
    private static synchronized ExecutorService executor(int workers) {
        if (pool == null || size < workers) {
            if (pool == null) {
                NativeThreads.setBlasThreads(1);
            }
            ExecutorService old = pool;
            size = workers;
            pool = Executors.newFixedThreadPool(size, singleThreaded());
            if (old != null) {
                old.shutdown();   // its running passes finish; new ones go to the larger pool
            }
        }
        return pool;
    }

    private static final AtomicInteger CREATED = new AtomicInteger();

    /**
     * Daemon threads whose LibTorch runs one intra-op thread. LibTorch sizes a thread's OpenMP team when the thread
     * first uses it, from the process-wide setting; {@code set_num_threads(1)} on the new thread fixes its own to
     * one, and the setting is put back at once so that other threads keep theirs.
     */
    private static ThreadFactory singleThreaded() {
        return r -> {
            Thread t = new Thread(() -> {
                int before = NativeThreads.torchThreads();
                NativeThreads.setTorchThreads(1);
                restoreProcessSetting(before);
                r.run();
            }, "spex4j-pass-" + CREATED.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Puts LibTorch's process-wide thread count back to {@code n} from a thread that is not a pass thread. */
    private static void restoreProcessSetting(int n) {
        Thread helper = new Thread(() -> NativeThreads.setTorchThreads(n), "spex4j-pass-setup");
        helper.setDaemon(true);
        helper.start();
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

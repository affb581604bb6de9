package org.panagan.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Work on every core with results handed over in index order, so what is written does not
 * depend on which thread finished first.
 */
final class Parallel {

    /** A single item (one file) may take this long before it is given up. */
    static final long TIMEOUT_SECONDS = 60;

    /** Receives results in index order; false stops the run. */
    interface Sink<T> {
        boolean accept(int index, T result);
    }

    private Parallel() {
    }

    static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs work(0 .. count-1) on every core, in windows of a few items per thread, and hands each
     * result to sink in index order. An item that takes over {@link #TIMEOUT_SECONDS} is
     * interrupted and replaced by onTimeout(index).
     */
    static <T> void forEachOrdered(int count, IntFunction<T> work, Sink<T> sink,
                                   IntFunction<T> onTimeout) {
        int threads = threads();
        int window = threads * 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemons());
        try {
            for (int from = 0; from < count; from += window) {
                List<Future<T>> futures = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + window); i++) {
                    int index = i;
                    futures.add(pool.submit(() -> work.apply(index)));
                }
                for (int k = 0; k < futures.size(); k++) {
                    if (!sink.accept(from + k, await(futures.get(k), from + k, onTimeout))) {
                        futures.forEach(f -> f.cancel(true));
                        return;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> future, int index, IntFunction<T> onTimeout) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return onTimeout.apply(index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while preparing the dataset", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ThreadFactory daemons() {
        return r -> {
            Thread t = new Thread(r, "panagan-data");
            t.setDaemon(true);
            return t;
        };
    }
}

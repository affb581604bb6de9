package org.panagan.engine.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one parallel loop at a time: {@link #run(int, Task)} hands
 * out tasks 0 .. tasks-1 to the calling thread and the workers and returns when all are done.
 *
 * <p>Determinism does not depend on this class: every operation splits its work into tasks
 * from the shapes alone, each task writes its own outputs in a fixed order, and which thread
 * runs a task changes nothing but speed. Tasks are taken from a shared counter, so a core lost
 * to another process slows the loop down instead of stalling it behind a fixed share.
 *
 * <p>Between loops the workers spin for {@link #SPIN_NANOS} (a training step issues its next
 * loop within microseconds) and then park, so an idle backend costs no CPU.
 */
public final class CpuWorkers implements AutoCloseable {

    /** One loop body: does task {@code task} using the scratch of thread {@code worker}. */
    @FunctionalInterface
    public interface Task {
        void run(int task, int worker);
    }

    /** How long an idle worker polls for the next loop before it parks. */
    static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger nextTask = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile Task task;
    private volatile int taskCount;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** Starts {@code threads - 1} worker threads; the caller of {@link #run} is the last one. */
    public CpuWorkers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads
                    + " is out of range; allowed: 1 to " + Integer.MAX_VALUE);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int id = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("panagan-cpu-" + id)
                    .unstarted(() -> workLoop(id));
            workers[i].start();
        }
    }

    /** How many threads run tasks, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every task in [0, tasks) and returns when all have finished. An
     * exception thrown by a task is rethrown here (the other tasks still run to the end).
     */
    public synchronized void run(int tasks, Task body) {
        if (closed) {
            throw new IllegalStateException("the cpu worker threads are shut down");
        }
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || workers.length == 0) {
            for (int t = 0; t < tasks; t++) {
                body.run(t, 0);
            }
            return;
        }
        failure = null;
        task = body;
        taskCount = tasks;
        nextTask.set(0);
        running.set(workers.length);
        caller = Thread.currentThread();
        generation = generation + 1;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        work(0);
        awaitWorkers();
        task = null;
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (running.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Takes tasks from the shared counter until none is left. */
    private void work(int worker) {
        Task body = task;
        int count = taskCount;
        for (int t = nextTask.getAndIncrement(); t < count; t = nextTask.getAndIncrement()) {
            try {
                body.run(t, worker);
            } catch (Throwable e) {
                synchronized (this.nextTask) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }
    }

    private void workLoop(int id) {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            while (generation == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            work(id);
            if (running.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the worker threads; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package org.panagan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while training: the first asks the loop to stop after its
 * iteration and checkpoint; the second ends the process at once (exit 130), which loses nothing
 * already saved because checkpoints are written atomically. Handlers, not a shutdown hook: a
 * hook runs only once the JVM is already exiting, when the loop can no longer finish its step.
 * Closing puts the previous handlers back.
 */
final class StopSignals implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final AtomicInteger received = new AtomicInteger();
    private final List<Runnable> restore = new ArrayList<>();
    private volatile Runnable onFirst = () -> { };

    private StopSignals() {
    }

    /** Takes over SIGINT and SIGTERM until closed (where the platform has them). */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> signals.received());
                signals.restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException unavailable) {
                // Not on this platform or already claimed by the JVM (e.g. -Xrs): keep default.
            }
        }
        return signals;
    }

    /** What the first signal does (called on the signal's thread). */
    void onFirst(Runnable action) {
        this.onFirst = action;
    }

    private void received() {
        if (received.incrementAndGet() == 1) {
            onFirst.run();
        } else {
            Runtime.getRuntime().halt(Main.INTERRUPTED);
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }
}

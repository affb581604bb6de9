package org.panagan.engine.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.panagan.engine.backend.Backend;

/**
 * Where a training iteration's time goes: wall time per layer and pass (convolution forward,
 * backward-data and backward-weight, batch-norm or activation forward and backward, Adam) and
 * per phase of the iteration, summed over the iterations profiled. Each timed operation is
 * bracketed by {@link Backend#synchronize()}, so on cuda the numbers are per-operation device
 * times plus launch overhead, and a profiled iteration runs without its CUDA graph: profiling
 * costs speed and is off unless asked for.
 */
public final class Profile {

    /** The passes a layer's time is split into. */
    public enum Pass {
        CONV_FORWARD("conv fwd"), NORM_FORWARD("bn/act fwd"), NORM_BACKWARD("bn/act bwd"),
        CONV_BACKWARD_WEIGHT("conv bwd-w"), CONV_BACKWARD_DATA("conv bwd-d");

        private final String label;

        Pass(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Backend backend;
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long iterations;

    public Profile(Backend backend) {
        this.backend = backend;
    }

    /** Waits for the work enqueued so far and returns the time: the start of a timed span. */
    public long start() {
        backend.synchronize();
        return System.nanoTime();
    }

    /**
     * Waits, adds the time since {@code t0} to layer {@code layer}'s {@code pass}, and returns
     * the time now (the start of the next span).
     */
    long addLayer(String layer, Pass pass, long t0) {
        long now = start();
        layers.computeIfAbsent(layer, k -> new long[Pass.values().length])[pass.ordinal()] +=
                now - t0;
        return now;
    }

    /** Waits, adds the time since {@code t0} to the phase {@code name}; returns the time now. */
    public long addPhase(String name, long t0) {
        long now = start();
        phases.merge(name, now - t0, Long::sum);
        return now;
    }

    /** Counts one profiled iteration (the tables show time per iteration). */
    public void iterationDone() {
        iterations++;
    }

    /** Iterations profiled so far. */
    public long iterations() {
        return iterations;
    }

    /** The per-layer table: ms per iteration for each pass, the layer's total and share. */
    public List<String> layerTable() {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-6s", "layer"));
        for (Pass p : Pass.values()) {
            head.append(String.format(Locale.ROOT, " %11s", p.label()));
        }
        lines.add(head.append(String.format(Locale.ROOT, " %9s %6s", "total", "share")).toString());
        long all = layers.values().stream().mapToLong(Profile::sum).sum();
        for (Map.Entry<String, long[]> e : layers.entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6s", e.getKey()));
            for (long nanos : e.getValue()) {
                row.append(String.format(Locale.ROOT, " %11.2f", perIteration(nanos)));
            }
            long total = sum(e.getValue());
            lines.add(row.append(String.format(Locale.ROOT, " %9.2f %5.1f%%", perIteration(total),
                    all == 0 ? 0 : 100.0 * total / all)).toString());
        }
        lines.add(String.format(Locale.ROOT, "%-6s %" + (12 * Pass.values().length + 9) + ".2f",
                "all", perIteration(all)));
        return lines;
    }

    /** The per-phase table: ms per iteration and share of the iteration. */
    public List<String> phaseTable() {
        List<String> lines = new ArrayList<>();
        long all = phases.values().stream().mapToLong(Long::longValue).sum();
        lines.add(String.format(Locale.ROOT, "%-34s %9s %6s", "phase", "ms/iter", "share"));
        for (Map.Entry<String, Long> e : phases.entrySet()) {
            lines.add(String.format(Locale.ROOT, "%-34s %9.2f %5.1f%%", e.getKey(),
                    perIteration(e.getValue()), all == 0 ? 0 : 100.0 * e.getValue() / all));
        }
        lines.add(String.format(Locale.ROOT, "%-34s %9.2f", "iteration", perIteration(all)));
        return lines;
    }

    private double perIteration(long nanos) {
        return nanos / 1e6 / Math.max(1, iterations);
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}

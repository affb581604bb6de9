package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.panagan.bindings.gpusim_h;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.Architecture;

/**
 * Native memory over a long run: many tiny iterations, and trainers and backends opened and
 * closed over and over. The simulator's live-allocation count must come back to where it was,
 * and the process's resident memory must stay flat once the JIT and the allocators have warmed
 * up: it may grow by at most half of what leaking one cycle's plan (every buffer a trainer
 * allocates) per cycle would add, so a leak of the plan cannot pass.
 */
class SoakTest {

    private static final Architecture TINY = new Architecture(8, 4, 4, 1, 16);
    private static final int BATCH = 4;
    /** Big enough that a plan is megabytes: a leaked one shows in resident memory. */
    private static final Architecture MEDIUM = new Architecture(16, 16, 16, 3, 32);

    @Test
    void simulatorAllocationsComeBackToZero() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestBackend.isSim(),
                "counts the simulator's live allocations");
        long before = gpusim_h.gpusim_live_allocations();
        float[] images = TestBackend.syntheticImages(BATCH, 1, 16, 5);
        for (int cycle = 0; cycle < 25; cycle++) {
            try (Backend backend = Backends.open(Backends.Request.SIM);
                 Trainer t = Trainer.open(TINY, BATCH, AdamParams.DCGAN, cycle, true, backend)) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(t.step(images, i == 2 ? BATCH - 1 : BATCH).isFinite());
                }
            }
            assertEquals(before, gpusim_h.gpusim_live_allocations(),
                    "live allocations after cycle " + cycle);
        }
    }

    @Test
    void residentMemoryStaysFlatOverThousandsOfStepsAndReopens() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")),
                "reads resident memory from /proc/self/status (Linux)");
        // The cpu backend's memory is the process's own; the simulator's is counted above.
        org.junit.jupiter.api.Assumptions.assumeFalse(TestBackend.isSim(),
                "runs in the cpu execution; on sim the live-allocation count is the check");
        Backends.Request request = Backends.Request.CPU;
        int batch = 8;
        float[] images = TestBackend.syntheticImages(batch, 3, 32, 6);
        int cycles = 40;
        long warm = 0;
        long plan = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            try (Backend backend = Backends.open(request);
                 Trainer t = Trainer.open(MEDIUM, batch, AdamParams.DCGAN, cycle, true,
                         backend)) {
                plan = Trainer.bytesNeeded(MEDIUM, batch, backend);
                for (int i = 0; i < 2; i++) {
                    t.step(images, batch);
                }
            }
            if (cycle == 9) {
                System.gc();
                warm = residentBytes();
            }
        }
        System.gc();
        long growth = residentBytes() - warm;
        long allowed = (cycles - 10) * plan / 2;
        assertTrue(growth < allowed, String.format(Locale.ROOT,
                "resident memory grew by %.1f MiB over %d open-train-close cycles on %s"
                        + " (allowed %.1f MiB: half of one %.1f MiB plan leaked per cycle)",
                growth / 1048576.0, cycles - 10, request, allowed / 1048576.0,
                plan / 1048576.0));
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}

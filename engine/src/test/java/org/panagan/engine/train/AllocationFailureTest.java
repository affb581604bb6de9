package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panagan.bindings.gpusim_h;
import org.panagan.engine.PanaganException;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.Architecture;

/**
 * A device that runs out of memory part-way through planning: the simulator fails the k-th
 * allocation, for every k that opening a trainer makes. Each must end in a PanaganException that
 * carries the CUDA error and names the allocation that failed (not a later kernel that read the
 * runtime's leftover error), with every allocation made before it freed, and the backend
 * usable afterwards. (On the simulator only: it is the one that can be told to fail.)
 */
class AllocationFailureTest {

    private static final Architecture TINY = new Architecture(8, 4, 4, 1, 16);

    @Test
    void everyAllocationThatFailsLeavesNothingBehind() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestBackend.isSim(),
                "arms the simulator's allocation failure");
        try (Backend backend = Backends.open(Backends.Request.SIM)) {
            long before = gpusim_h.gpusim_live_allocations();
            long allocations;
            try (Trainer t = Trainer.open(TINY, 4, AdamParams.DCGAN, 1, true, backend)) {
                allocations = gpusim_h.gpusim_live_allocations() - before;
            }
            assertTrue(allocations > 10, "opening a trainer made " + allocations
                    + " allocations; expected the networks' buffers, activations and more");

            for (long k = 1; k <= allocations; k++) {
                gpusim_h.gpusim_fail_allocation_after(k);
                long failing = k;
                PanaganException e = assertThrows(PanaganException.class,
                        () -> Trainer.open(TINY, 4, AdamParams.DCGAN, 1, true, backend),
                        "allocation " + failing + " of " + allocations + " failed silently");
                gpusim_h.gpusim_fail_allocation_after(-1);
                assertTrue(e.getMessage().contains("cudaErrorMemoryAllocation"),
                        "allocation " + k + ": " + e.getMessage());
                // Blamed on the allocation itself, not on a later kernel that saw its error.
                assertTrue(e.operation().startsWith("cudaMalloc"),
                        "allocation " + k + " blamed on " + e.operation() + ": " + e.getMessage());
                assertEquals(before, gpusim_h.gpusim_live_allocations(),
                        "live allocations after allocation " + k + " of " + allocations
                                + " failed: " + e.getMessage());
            }

            // Still usable: a full open, step and close.
            try (Trainer t = Trainer.open(TINY, 4, AdamParams.DCGAN, 1, true, backend)) {
                assertTrue(t.step(org.panagan.engine.TestBackend.syntheticImages(4, 1, 16, 1), 4)
                        .isFinite());
            }
            assertEquals(before, gpusim_h.gpusim_live_allocations());
        } finally {
            gpusim_h.gpusim_fail_allocation_after(-1);
        }
    }
}

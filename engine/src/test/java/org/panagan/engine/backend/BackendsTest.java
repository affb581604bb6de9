package org.panagan.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.panagan.engine.PanaganException;

/** Backend selection: the rules on synthetic machines, and this machine's real answer. */
class BackendsTest {

    private static final Optional<String> NO_GPU =
            Optional.of("no CUDA device: cudaGetDeviceCount returned cudaErrorNoDevice (100)");
    private static final Backends.Probe GPU_AND_CPU =
            new Backends.Probe(Optional.empty(), Optional.empty());
    private static final Backends.Probe CPU_ONLY = new Backends.Probe(NO_GPU, Optional.empty());
    private static final Backends.Probe NOTHING =
            new Backends.Probe(NO_GPU, Optional.of("OpenBLAS could not be loaded"));

    @Test
    void autoPrefersCudaWhereADeviceIsUsable() {
        Backends.Choice c = Backends.decide(Backends.Request.AUTO, GPU_AND_CPU);
        assertEquals(BackendKind.CUDA, c.kind());
        assertTrue(c.describe().contains("cpu: a CUDA device is preferred"), c.describe());
    }

    @Test
    void autoFallsBackToCpuAndSaysWhyNotCuda() {
        Backends.Choice c = Backends.decide(Backends.Request.AUTO, CPU_ONLY);
        assertEquals(BackendKind.CPU, c.kind());
        assertEquals("cpu: auto: no usable CUDA device; not used: cuda: " + NO_GPU.get()
                + "; sim: used only when asked for (--device sim)", c.describe());
    }

    @Test
    void autoWithNothingUsableListsEveryReason() {
        PanaganException e = assertThrows(PanaganException.class,
                () -> Backends.decide(Backends.Request.AUTO, NOTHING));
        assertEquals(PanaganException.BACKEND_UNAVAILABLE, e.status());
        assertTrue(e.getMessage().contains("cuda: " + NO_GPU.get()), e.getMessage());
        assertTrue(e.getMessage().contains("cpu: OpenBLAS could not be loaded"), e.getMessage());
    }

    @Test
    void cudaWithoutADeviceIsAnErrorGivingTheReason() {
        PanaganException e = assertThrows(PanaganException.class,
                () -> Backends.decide(Backends.Request.CUDA, CPU_ONLY));
        assertEquals("open cuda backend", e.operation());
        assertTrue(e.getMessage().contains("cuda was requested but cannot be used: "
                + NO_GPU.get()), e.getMessage());
    }

    @Test
    void simAndCpuOnlyWhenAskedFor() {
        assertEquals(BackendKind.SIM, Backends.decide(Backends.Request.SIM, CPU_ONLY).kind());
        assertEquals(BackendKind.CPU, Backends.decide(Backends.Request.CPU, CPU_ONLY).kind());
        PanaganException e = assertThrows(PanaganException.class,
                () -> Backends.decide(Backends.Request.CPU, NOTHING));
        assertTrue(e.getMessage().contains("OpenBLAS could not be loaded"), e.getMessage());
    }

    @Test
    void unknownNamesAreRefusedWithTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.Request.parse("gpu"));
        assertEquals("backend = gpu is not known; allowed: auto, cuda, sim, cpu", e.getMessage());
    }

    /** This JVM's bindings are bound to the simulator (the pom's setting), and there is no GPU. */
    @Test
    void onThisMachineCudaIsRefusedWithTheBindingsReason() {
        PanaganException e = assertThrows(PanaganException.class,
                () -> Backends.open(Backends.Request.CUDA));
        assertTrue(e.getMessage().startsWith("open cuda backend failed: BACKEND_UNAVAILABLE: "
                + "cuda was requested but cannot be used: "), e.getMessage());
    }

    @Test
    void onThisMachineAutoChoosesCpuOrSaysWhyNot() {
        Optional<String> cpu = CpuBackend.unavailableReason();
        if (cpu.isEmpty()) {
            assertEquals(BackendKind.CPU, Backends.choose(Backends.Request.AUTO).kind());
        } else {
            PanaganException e = assertThrows(PanaganException.class,
                    () -> Backends.choose(Backends.Request.AUTO));
            assertTrue(e.getMessage().contains("cpu: " + cpu.get()), e.getMessage());
        }
    }

    @Test
    void simOpensAndClosesTwice() {
        Backend sim = Backends.open(Backends.Request.SIM);
        assertEquals(BackendKind.SIM, sim.kind());
        assertTrue(sim.description().contains("libpanagan_sim.so"), sim.description());
        sim.close();
        sim.close();
    }
}

package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.Architecture;

/**
 * The cpu backend and the simulator (the cuda code path) train the same run to the same place:
 * the DCGAN at 32x32 RGB with nz 16, ngf = ndf = 8, batch 5, six iterations from one seed.
 *
 * <p>The two compute in different orders (OpenBLAS GEMMs against tiled implicit GEMMs, other
 * reduction trees), so their results differ by float roundings, and Adam then amplifies some:
 * a gradient near zero has m / sqrt(v) of either sign. Tolerances, stated for that reason
 * against the whole update rather than element by element: each reported number within 1e-4
 * absolute (they are O(1)); per network, ||update_cpu - update_sim|| / ||update_sim|| below
 * 1e-4, where update = parameters after minus parameters at initialisation (identical on both,
 * since they are drawn on the host). Measured: about 1.5e-6 for G and 4.5e-6 for D.
 */
class BackendAgreementTest {

    private static final Architecture MODEL = new Architecture(16, 8, 8, 3, 32);
    private static final int BATCH = 5;
    private static final int STEPS = 6;
    private static final long SEED = 20261204;

    /** What one backend's run produced. */
    private record Run(List<StepReport> reports, float[][] initial, float[][] trained) {
    }

    private static Run train(Backends.Request request) {
        float[] images = TestBackend.syntheticImages(BATCH, 3, 32, 9);
        List<StepReport> reports = new ArrayList<>();
        try (Backend backend = Backends.open(request);
             Trainer t = Trainer.open(MODEL, BATCH, AdamParams.DCGAN, SEED, true, backend)) {
            float[][] initial = {t.generator().downloadParameters(),
                    t.discriminator().downloadParameters()};
            for (int i = 0; i < STEPS; i++) {
                reports.add(t.step(images, i == STEPS - 1 ? BATCH - 2 : BATCH));
            }
            float[][] trained = {t.generator().downloadParameters(),
                    t.discriminator().downloadParameters()};
            return new Run(reports, initial, trained);
        }
    }

    @Test
    void cpuAndSimulatorTrainTheSameRun() {
        Run cpu = train(Backends.Request.CPU);
        Run sim = train(Backends.Request.SIM);

        for (int i = 0; i < STEPS; i++) {
            StepReport a = cpu.reports().get(i);
            StepReport b = sim.reports().get(i);
            String what = "step " + (i + 1) + ": cpu " + a.describe() + " | sim " + b.describe();
            assertEquals(b.lossD(), a.lossD(), 1e-4, what);
            assertEquals(b.lossG(), a.lossG(), 1e-4, what);
            assertEquals(b.dX(), a.dX(), 1e-4, what);
            assertEquals(b.dGz1(), a.dGz1(), 1e-4, what);
            assertEquals(b.dGz2(), a.dGz2(), 1e-4, what);
        }
        String[] names = {"G", "D"};
        for (int net = 0; net < 2; net++) {
            assertTrue(java.util.Arrays.equals(cpu.initial()[net], sim.initial()[net]),
                    names[net] + ": initial parameters differ between backends");
            double diff = 0;
            double norm = 0;
            for (int k = 0; k < cpu.trained()[net].length; k++) {
                double updateCpu = cpu.trained()[net][k] - cpu.initial()[net][k];
                double updateSim = sim.trained()[net][k] - sim.initial()[net][k];
                diff += (updateCpu - updateSim) * (updateCpu - updateSim);
                norm += updateSim * updateSim;
            }
            double relative = Math.sqrt(diff / norm);
            assertTrue(relative < 1e-4, String.format(Locale.ROOT,
                    "%s: the cpu backend's update differs from the simulator's by %.3g of its"
                            + " norm (allowed 1e-4)", names[net], relative));
        }
    }
}

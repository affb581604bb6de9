package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panagan.engine.Rng;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.dcgan.Architecture;

/**
 * The engine against {@link ReferenceDcgan}, a plain double-precision implementation of the same
 * model and iteration: from the same initial parameters, the same noise and the same fixed batch
 * of real images, four iterations must report the same losses and probabilities within 1e-4
 * (float32 against double: the first step agrees to about 3e-8; Adam's early steps, which move
 * each parameter by about lr times the sign of its gradient, amplify rounding in near-zero
 * gradients, so the bound leaves room for that).
 */
class ParityTest {

    private static final Architecture ARCH = new Architecture(8, 4, 4, 3, 16);
    private static final int N = 4;
    private static final int STEPS = 4;
    private static final double TOL = 1e-4;

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = TestBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void fourIterationsReportWhatTheDoubleReferenceReports() {
        AdamParams adam = AdamParams.DCGAN;
        float[] images = TestBackend.syntheticImages(N, 3, 16, 77);
        double[] real = new double[images.length];
        for (int i = 0; i < images.length; i++) {
            real[i] = images[i];
        }
        try (Trainer t = Trainer.open(ARCH, N, adam, 2024, true, backend)) {
            ReferenceDcgan.Net g = new ReferenceDcgan.Net(ARCH.generator(),
                    t.generator().downloadParameters());
            ReferenceDcgan.Net d = new ReferenceDcgan.Net(ARCH.discriminator(),
                    t.discriminator().downloadParameters());
            for (int step = 1; step <= STEPS; step++) {
                Rng noise = Rng.fromState(t.rngState());
                float[] zf = new float[N * ARCH.nz()];
                noise.fillGaussian(zf, 0, zf.length, 0, 1);
                double[] z = new double[zf.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = zf[i];
                }
                StepReport r = t.step(images, N);
                double[] e = ReferenceDcgan.step(ARCH, g, d, real, z, N, adam.lr(), adam.beta1(),
                        adam.beta2(), adam.eps());
                String at = "step " + step + ": engine " + r.describe() + " reference errD_real "
                        + e[0] + " errD_fake " + e[1] + " errG " + e[2] + " D(x) " + e[3]
                        + " D(G(z)) " + e[4] + " / " + e[5];
                assertEquals(e[0], r.lossDReal(), TOL, at);
                assertEquals(e[1], r.lossDFake(), TOL, at);
                assertEquals(e[2], r.lossG(), TOL, at);
                assertEquals(e[3], r.dX(), TOL, at);
                assertEquals(e[4], r.dGz1(), TOL, at);
                assertEquals(e[5], r.dGz2(), TOL, at);
            }
        }
    }
}

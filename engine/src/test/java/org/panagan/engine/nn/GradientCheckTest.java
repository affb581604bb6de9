package org.panagan.engine.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.dcgan.Initialisation;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;
import org.panagan.engine.Rng;

/**
 * The whole networks' backward passes against central finite differences of their forward
 * passes, through the real backend, at nz 8, ngf = ndf = 4, 16x16 RGB, batch 3.
 *
 * <p>For each parameter tensor T (every conv weight, every batch-norm gamma and beta) the test
 * takes a random direction v over T alone and compares the analytic directional derivative
 * g . v with (L(T + h v) - L(T - h v)) / 2h, where L is the BCE of D's logits against label 1:
 * for D with real images as input, for G through a fixed D (which also checks D's gradient with
 * respect to its input). L is computed in double from the downloaded float32 logits; h is
 * 0.01% of the tensor's norm (1e-4 for tensors that start at zero). They agree to about 1%;
 * the test allows 3% of the larger magnitude plus 1e-4.
 */
class GradientCheckTest {

    private static final Architecture ARCH = new Architecture(8, 4, 4, 3, 16);
    private static final int N = 3;
    private static final double REL_TOL = 0.03;
    private static final double ABS_TOL = 1e-4;

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = TestBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    /** G, D, a workspace and the scalars of one check, freed together. */
    private static final class Rig implements AutoCloseable {
        final Network g = new Network("G", backend, ARCH.generator());
        final Network d = new Network("D", backend, ARCH.discriminator());
        final Buffer workspace;
        final Buffer io;
        final Tensor real;
        final Tensor z;
        final Tensor dImages;

        Rig(long seed) {
            Rng rng = Rng.seeded(seed);
            g.initialise(Initialisation.draw(g, rng));
            d.initialise(Initialisation.draw(d, rng));
            g.plan(N);
            d.plan(N);
            long ws = Math.max(g.workspaceBytes(N), d.workspaceBytes(N));
            workspace = ws == 0 ? null : backend.allocate(ws, "workspace");
            Shape image = new Shape(N, 3, 16, 16);
            long floats = 2 * image.numel() + N * 8L;
            io = backend.allocate(floats * 4, "check io");
            Tensor all = Tensor.of(io, new Shape((int) floats));
            real = all.slice(0, image);
            dImages = all.slice(image.numel(), image);
            z = all.slice(2 * image.numel(), new Shape(N, 8, 1, 1));
            Random random = new Random(seed);
            float[] x = new float[(int) image.numel()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.tanh(random.nextGaussian());
            }
            backend.upload(x, real);
            float[] noise = new float[N * 8];
            rng.fillGaussian(noise, 0, noise.length, 0, 1);
            backend.upload(noise, z);
        }

        /** L for D on the real images: BCE(D(x), 1). */
        double lossD() {
            d.forward(real, Network.Mode.TRAIN, workspace);
            return bce();
        }

        /** L for G through D: BCE(D(G(z)), 1). */
        double lossG() {
            g.forward(z, Network.Mode.TRAIN, workspace);
            d.forward(g.output(N), Network.Mode.TRAIN, workspace);
            return bce();
        }

        /**
         * BCE against 1 of the downloaded logits, in double: finer than the float loss the
         * kernel reports, so the finite differences can use small steps.
         */
        private double bce() {
            float[] logits = new float[N];
            backend.download(d.output(N).reshape(new Shape(N)), logits);
            double sum = 0;
            for (float x : logits) {
                sum += Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            }
            return sum / N;
        }

        void gradientsD() {
            lossD();
            seedGradient();
            d.backward(real, true, false, null, workspace);
        }

        void gradientsG() {
            lossG();
            seedGradient();
            d.backward(g.output(N), false, false, g.outputGradient(N), workspace);
            g.backward(z, true, false, null, workspace);
        }

        private void seedGradient() {
            backend.bceWithLogitsBackward(d.output(N).reshape(new Shape(N)),
                    d.outputGradient(N).reshape(new Shape(N)), 1f, 1f);
        }

        @Override
        public void close() {
            io.close();
            if (workspace != null) {
                workspace.close();
            }
            d.close();
            g.close();
        }
    }

    @Test
    void discriminatorGradientsMatchFiniteDifferences() {
        try (Rig rig = new Rig(101)) {
            rig.gradientsD();
            check(rig.d, rig.d.downloadGradients(), rig::lossD, 101);
        }
    }

    @Test
    void generatorGradientsThroughTheDiscriminatorMatchFiniteDifferences() {
        try (Rig rig = new Rig(202)) {
            rig.gradientsG();
            check(rig.g, rig.g.downloadGradients(), rig::lossG, 202);
        }
    }

    private static void check(Network net, float[] grad, java.util.function.DoubleSupplier loss,
                              long seed) {
        float[] theta = net.downloadParameters();
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (ParameterEntry e : net.parameters()) {
            int from = (int) e.offset();
            int n = (int) e.shape().numel();
            double norm = 0;
            for (int i = from; i < from + n; i++) {
                norm += (double) theta[i] * theta[i];
            }
            double[] v = new double[n];
            double analytic = 0;
            for (int i = 0; i < n; i++) {
                v[i] = random.nextGaussian() / Math.sqrt(n);
                analytic += grad[from + i] * v[i];
            }
            // A step of 0.01% of the tensor's size crosses almost no LeakyReLU or ReLU kink;
            // batch-norm biases start at 0 and take a fixed step instead.
            double h = norm > 0 ? 1e-4 * Math.sqrt(norm) : 1e-4;
            float[] plus = theta.clone();
            float[] minus = theta.clone();
            for (int i = 0; i < n; i++) {
                plus[from + i] += (float) (h * v[i]);
                minus[from + i] -= (float) (h * v[i]);
            }
            net.uploadParameters(plus);
            double lp = loss.getAsDouble();
            net.uploadParameters(minus);
            double lm = loss.getAsDouble();
            net.uploadParameters(theta);
            double numeric = (lp - lm) / (2 * h);
            double err = Math.abs(analytic - numeric);
            double allowed = REL_TOL * Math.max(Math.abs(analytic), Math.abs(numeric)) + ABS_TOL;
            table.append(String.format("%n  %-20s analytic %+.6e numeric %+.6e err %.2e",
                    e.name(), analytic, numeric, err));
            if (!(err <= allowed)) {
                failures.add(e.name());
            }
        }
        assertTrue(failures.isEmpty(), net.name() + ": directional derivatives differ for "
                + failures + " (seed " + seed + "):" + table);
    }
}

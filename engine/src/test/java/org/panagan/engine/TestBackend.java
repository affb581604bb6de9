package org.panagan.engine;

import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;

/**
 * The backend the engine tests run on: {@code -Dpanagan.engine.test.backend} (sim in the normal
 * run, cpu for the cpu backend's run).
 */
public final class TestBackend {

    /** The property the engine's pom sets. */
    public static final String PROPERTY = "panagan.engine.test.backend";

    private TestBackend() {
    }

    /** Opens the backend under test; the caller closes it. */
    public static Backend open() {
        return Backends.open(Backends.Request.parse(System.getProperty(PROPERTY, "sim")));
    }

    /** True when the tests run on the simulator (so its allocation counter can be read). */
    public static boolean isSim() {
        return "sim".equalsIgnoreCase(System.getProperty(PROPERTY, "sim").trim());
    }

    /**
     * n synthetic images [n, nc, s, s] in [-1, 1]: smooth diagonal ramps with a per-image phase,
     * a distribution a tiny GAN can learn to tell from its first samples.
     */
    public static float[] syntheticImages(int n, int nc, int s, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] out = new float[n * nc * s * s];
        int i = 0;
        for (int b = 0; b < n; b++) {
            double phase = random.nextDouble() * Math.PI;
            for (int c = 0; c < nc; c++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        out[i++] = (float) (0.9 * Math.sin(phase + (x + y + c) * Math.PI / s));
                    }
                }
            }
        }
        return out;
    }
}

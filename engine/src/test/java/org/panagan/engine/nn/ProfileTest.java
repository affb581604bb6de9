package org.panagan.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/**
 * A profiled run times every phase and every layer's passes, and computes the same bits as an
 * unprofiled one (profiling only waits between operations).
 */
class ProfileTest {

    private static final ModelConfig MODEL = new ModelConfig(8, 4, 4, 3, 32);

    private static float[] train(Backend backend, boolean profiled, Profile[] out) {
        float[] images = TestBackend.syntheticImages(4, 3, 32, 2);
        try (Trainer t = Trainer.open(TrainConfig.of(MODEL, 4, 6), backend)) {
            if (profiled) {
                out[0] = t.startProfiling();
            }
            for (int i = 0; i < 3; i++) {
                t.step(images, i == 2 ? 3 : 4);
            }
            return t.generator().downloadParameters();
        }
    }

    @Test
    void timesEveryPhaseAndLayerWithoutChangingTheResult() {
        try (Backend backend = TestBackend.open()) {
            Profile[] profile = new Profile[1];
            float[] profiled = train(backend, true, profile);
            float[] plain = train(backend, false, null);
            assertArrayEquals(plain, profiled, "profiling changed G's parameters");

            Profile p = profile[0];
            assertEquals(3, p.iterations());
            List<String> layers = p.layerTable();
            // G1..G4 and D1..D4 at 32x32, a header and a total.
            assertEquals(1 + 8 + 1, layers.size(), () -> String.join("\n", layers));
            for (String name : List.of("G1", "G4", "D1", "D4")) {
                assertTrue(layers.stream().anyMatch(l -> l.startsWith(name + " ")),
                        () -> name + " missing:\n" + String.join("\n", layers));
            }
            List<String> phases = p.phaseTable();
            assertEquals(1 + 11 + 1, phases.size(), () -> String.join("\n", phases));
            assertTrue(phases.get(phases.size() - 1).startsWith("iteration"));
            double total = Double.parseDouble(phases.get(phases.size() - 1).trim()
                    .split("\\s+")[1]);
            assertTrue(total > 0, () -> String.join("\n", phases));
        }
    }
}

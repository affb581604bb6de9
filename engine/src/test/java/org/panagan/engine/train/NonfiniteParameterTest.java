package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.nn.Network;
import org.panagan.engine.nn.ParameterEntry;

/**
 * {@link Trainer#firstNonfiniteParameter()} after a few real steps: nothing while every value is
 * finite, and otherwise the network and the state_dict tensor of the first bad value, with how
 * many of its values are bad.
 */
class NonfiniteParameterTest {

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = TestBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    /**
     * @param network  "G" or "D"
     * @param tensors  indices of the tensors to poison (state_dict order)
     * @param value    what to write into their last element
     * @param expected the answer, or "" for none
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("all finite", "G", new int[0], 0f, ""),
                Arguments.of("NaN in D's first conv", "D", new int[] {0}, Float.NaN,
                        "netD main.0.weight (1 of "),
                Arguments.of("infinity in a G batch-norm bias", "G", new int[] {2},
                        Float.NEGATIVE_INFINITY, "netG main.1.bias (1 of "),
                Arguments.of("the first of two bad D tensors", "D", new int[] {3, 1},
                        Float.POSITIVE_INFINITY, "netD main.2.weight (1 of "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesTheFirstBadTensor(String name, String network, int[] tensors, float value,
                                String expected) {
        float[] images = TestBackend.syntheticImages(TrainerTest.BATCH, 1, 16, 3);
        try (Trainer t = Trainer.open(TrainerTest.TINY, TrainerTest.BATCH, AdamParams.DCGAN, 5,
                true, backend)) {
            for (int i = 0; i < 2; i++) {
                t.step(images, TrainerTest.BATCH);
            }
            Network net = network.equals("G") ? t.generator() : t.discriminator();
            float[] p = net.downloadParameters();
            for (int index : tensors) {
                ParameterEntry e = net.parameters().get(index);
                p[Math.toIntExact(e.offset() + e.shape().numel() - 1)] = value;
            }
            net.uploadParameters(p);

            Optional<String> found = t.firstNonfiniteParameter();
            if (expected.isEmpty()) {
                assertEquals(Optional.empty(), found);
            } else {
                String got = found.orElse("(none)");
                assertTrue(got.startsWith(expected), () -> name + ": " + got);
            }
        }
    }
}

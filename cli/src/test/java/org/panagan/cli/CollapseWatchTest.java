package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.panagan.engine.train.StepReport;

/**
 * The mode-collapse watch over made-up sequences of D outputs: which iterations warn. A
 * sequence is written as runs: "c5" five collapsed iterations (D(x) 0.995, D(G(z)) 0.005),
 * "h3" three healthy ones, "x2" two where only D(x) is extreme, "n1" a NaN one.
 */
class CollapseWatchTest {

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("never collapsed", 3, "h10", List.of()),
                Arguments.of("warns once when the window fills", 3, "h2 c10", List.of(5L)),
                Arguments.of("one short of the window", 3, "c2 h1 c2 h5", List.of()),
                Arguments.of("a new episode warns again", 3, "c3 h1 c3", List.of(3L, 7L)),
                Arguments.of("a healthy D(G(z)) breaks the run", 3, "c2 x1 c3", List.of(6L)),
                Arguments.of("NaN is not collapse", 2, "c1 n1 c1 h1", List.of()),
                Arguments.of("window 1", 1, "c2 h1 c1", List.of(1L, 4L)),
                Arguments.of("window 0 is off", 0, "c50", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void warnsOncePerEpisode(String name, int window, String runs, List<Long> expected) {
        CollapseWatch watch = new CollapseWatch(window);
        List<Long> warned = new ArrayList<>();
        long iteration = 0;
        for (String run : runs.split(" ")) {
            int n = Integer.parseInt(run.substring(1));
            for (int i = 0; i < n; i++) {
                iteration++;
                Optional<String> w = watch.observe(report(iteration, run.charAt(0)));
                if (w.isPresent()) {
                    warned.add(iteration);
                    assertTrue(w.get().contains("at iteration " + iteration)
                            && w.get().contains("for " + window + " iterations"), w.get());
                }
            }
        }
        assertEquals(expected, warned, name);
    }

    @Test
    void aNegativeWindowIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CollapseWatch(-1));
        assertTrue(e.getMessage().contains("window = -1"), e.getMessage());
    }

    private static StepReport report(long iteration, char kind) {
        float dx = switch (kind) {
            case 'c', 'x' -> 0.995f;
            case 'n' -> Float.NaN;
            default -> 0.6f;
        };
        float dgz = switch (kind) {
            case 'c' -> 0.005f;
            case 'n' -> Float.NaN;
            default -> 0.4f;
        };
        return new StepReport(iteration, 8, 0.1f, 5f, dx, dgz, dgz, 0.05f, 0.05f, 1_000_000);
    }
}

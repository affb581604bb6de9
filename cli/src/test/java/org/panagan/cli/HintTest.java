package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.PanaganException;
import org.panagan.engine.checkpoint.CheckpointException;

/** What the error and hint lines say for each kind of failure, and how durations read. */
class HintTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("backend unavailable", new PanaganException("open cuda backend",
                        PanaganException.BACKEND_UNAVAILABLE, "no device"), "panagan info"),
                Arguments.of("out of memory", new PanaganException("plan training memory",
                        PanaganException.OUT_OF_MEMORY, "too big"), "lower --batch-size"),
                Arguments.of("kernel failure", new PanaganException("panagan_conv2d_forward",
                        "PANAGAN_INVALID_ARGUMENT", "bad shape"), "--verbose"),
                Arguments.of("file", new UncheckedIOException(new IOException("disk full")),
                        "disk has room"),
                Arguments.of("own failure", new CliFailure("x", "do y"), "do y"),
                Arguments.of("checkpoint write", new CheckpointException(
                        Path.of("run/checkpoints/.step-7.123/training.safetensors"),
                        "cannot write: java.io.IOException: No space left on device"),
                        "check that " + Path.of("run/checkpoints").toAbsolutePath()
                                + " is writable"),
                Arguments.of("damaged checkpoint", new CheckpointException(
                        Path.of("run/checkpoints/step-000007/generator.safetensors"),
                        "truncated: 2 of 100 bytes"), "use another checkpoint"),
                Arguments.of("anything else", new IllegalStateException("odd"), "--verbose"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void hintFitsTheFailure(String name, Exception failure, String expected) {
        assertTrue(Main.hint(failure).contains(expected), Main.hint(failure));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one line | one line",
        "first\\nsecond | first (more with --verbose)"})
    void errorLineIsTheFirstLine(String message, String expected) {
        assertEquals(expected, Main.oneLine(new IllegalStateException(
                message.replace("\\n", "\n"))));
    }

    @ParameterizedTest(name = "{0} s")
    @CsvSource({"0, 0m00s", "59, 0m59s", "61, 1m01s", "3600, 1h00m00s", "7325, 2h02m05s",
        "-5, 0m00s"})
    void etaFormat(long seconds, String expected) {
        assertEquals(expected, Progress.format(Duration.ofSeconds(seconds)));
    }
}

package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.PanaganException;

/** Options, help, exit codes and the shape of error messages. */
class UsageTest {

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("batch size 1", new String[] {"--batch-size", "1"},
                        "--batch-size = 1 is out of range; allowed: 2 to 65536"),
                Arguments.of("image size 48", new String[] {"--image-size", "48"},
                        "--image-size = 48 is not supported; allowed: 32, 64, 128"),
                Arguments.of("zero epochs", new String[] {"--epochs", "0"},
                        "--epochs = 0 is out of range"),
                Arguments.of("nz too large", new String[] {"--nz", "5000"},
                        "--nz = 5000 is out of range; allowed: 1 to 4096"),
                Arguments.of("ngf zero", new String[] {"--ngf", "0"}, "--ngf = 0"),
                Arguments.of("ndf too large", new String[] {"--ndf", "2048"}, "--ndf = 2048"),
                Arguments.of("lr zero", new String[] {"--lr", "0"}, "--lr = 0.0 is out of range"),
                Arguments.of("lr above one", new String[] {"--lr", "1e6"},
                        "--lr = 1000000.0 is out of range"),
                Arguments.of("lr NaN", new String[] {"--lr", "NaN"}, "--lr = NaN"),
                Arguments.of("beta1 one", new String[] {"--beta1", "1"}, "--beta1 = 1.0"),
                Arguments.of("negative limit", new String[] {"--limit", "-1"}, "--limit = -1"),
                Arguments.of("sample every 0", new String[] {"--sample-every", "0"},
                        "--sample-every = 0"),
                Arguments.of("log every 0", new String[] {"--log-every", "0"}, "--log-every = 0"),
                Arguments.of("unknown device", new String[] {"--device", "gpu"},
                        "--device = gpu is not known; allowed: auto, cuda, cpu, sim"),
                Arguments.of("unknown bn mode", new String[] {"--bn-mode", "eval"},
                        "--bn-mode = eval is not known"),
                Arguments.of("negative checkpoint interval",
                        new String[] {"--checkpoint-every", "-1"}, "--checkpoint-every = -1"),
                Arguments.of("keep none", new String[] {"--keep-last", "0"}, "--keep-last = 0"),
                Arguments.of("negative keep every", new String[] {"--keep-every", "-5"},
                        "--keep-every = -5"),
                Arguments.of("negative collapse window", new String[] {"--collapse-window",
                    "-1"}, "--collapse-window = -1 is out of range"),
                Arguments.of("empty data", new String[] {"--data", " "}, "--data is empty"),
                Arguments.of("not a number", new String[] {"--epochs", "many"}, "'many'"),
                Arguments.of("unknown option", new String[] {"--epoch", "3"}, "--epoch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void badOptionIsUsageErrorWithHint(String name, String[] options, String expected) {
        String[] args = Stream.concat(Stream.of("train"), Stream.of(options))
                .toArray(String[]::new);
        CliRunner.Result r = CliRunner.run(args);

        assertEquals(Main.USAGE, r.code(), r::toString);
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith("panagan: ") && lines[0].contains(expected),
                () -> "first line should name the option and value: " + r);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("hint: ")), r::toString);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace without --verbose: " + r);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void helpShowsDefaultsAndExamples() {
        CliRunner.Result r = CliRunner.run("train", "--help");

        assertEquals(0, r.code(), r::toString);
        for (String expected : new String[] {"--batch-size", "Default: 64", "Default: 25",
                "Default: 2.0E-4", "Default: 0.5", "Default: builtin", "Default: auto",
                "Default: batch", "Examples:", "--dry-run"}) {
            assertTrue(r.out().contains(expected), () -> "help lacks " + expected + ": " + r);
        }
    }

    @Test
    void topLevelHelpListsCommands() {
        CliRunner.Result r = CliRunner.run("--help");

        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("info") && r.out().contains("train"), r::toString);
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner.Result r = CliRunner.run();

        assertEquals(Main.USAGE, r.code(), r::toString);
        assertTrue(r.err().startsWith("panagan: missing command: use train, sample, interpolate,"
                + " eval, export, info or help\n"
                + "hint: "), r::toString);
    }

    @Test
    void versionNamesProjectAndJava() {
        CliRunner.Result r = CliRunner.run("--version");

        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("panagan 0."), r::toString);
        assertTrue(r.out().contains("Java " + Runtime.version().feature()), r::toString);
    }

    @Test
    void failureIsExitOneWithHintAndTraceOnlyWhenVerbose() {
        PanaganException failure = new PanaganException("open cuda backend",
                PanaganException.BACKEND_UNAVAILABLE, "no device\nsecond line");

        CliRunner.Result quiet = CliRunner.run(spec -> {
            throw failure;
        }, "train", "--dry-run");
        CliRunner.Result verbose = CliRunner.run(spec -> {
            throw failure;
        }, "train", "--dry-run", "--verbose");

        assertEquals(Main.FAILURE, quiet.code(), quiet::toString);
        assertEquals(2, quiet.err().lines().count(), quiet::toString);
        assertTrue(quiet.err().startsWith("panagan: open cuda backend failed"), quiet::toString);
        assertTrue(quiet.err().contains("hint: run `panagan info`"), quiet::toString);
        assertEquals(Main.FAILURE, verbose.code(), verbose::toString);
        assertTrue(verbose.err().contains("\tat "), () -> "--verbose shows the trace: " + verbose);
    }

    @Test
    void verboseBeforeTheSubcommandCountsToo() {
        CliRunner.Result r = CliRunner.run(spec -> {
            throw new IllegalStateException("broken");
        }, "--verbose", "train", "--dry-run");

        assertEquals(Main.FAILURE, r.code(), r::toString);
        assertTrue(r.err().contains("\tat "), r::toString);
    }
}

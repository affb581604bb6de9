package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How sample, interpolate and export fail: a path with nothing there, a folder with no
 * checkpoint, a damaged checkpoint (exit 1, the file named, a hint) and bad option values
 * (exit 2).
 */
class CheckpointCommandErrorsTest {

    @TempDir
    Path tmp;

    /** The command with its required options; the source is filled in. */
    private List<String> command(String name, Path source) {
        List<String> args = new ArrayList<>(List.of(name, source.toString(), "--device", "cpu"));
        if (name.equals("export")) {
            args.addAll(List.of("--out", tmp.resolve("exported.safetensors").toString()));
        }
        return args;
    }

    private static void assertFailure(CliRunner.Result r, int code, String firstLine,
                                      String hint) {
        assertEquals(code, r.code(), r::toString);
        String[] lines = r.err().split("\n");
        assertEquals(2, lines.length, () -> "an error line and a hint line: " + r);
        assertTrue(lines[0].startsWith("panagan: ") && lines[0].contains(firstLine),
                () -> "the error line should say " + firstLine + ": " + r);
        assertTrue(lines[1].startsWith("hint: ") && lines[1].contains(hint),
                () -> "the hint should say " + hint + ": " + r);
        assertEquals("", r.out(), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample", "interpolate", "export"})
    void missingPath(String name) {
        Path nowhere = tmp.resolve("no-such-run");

        CliRunner.Result r = CliRunner.run(command(name, nowhere).toArray(String[]::new));

        assertFailure(r, Main.FAILURE, nowhere + ": no such file or folder", "run folder");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample", "interpolate", "export"})
    void folderWithoutCheckpoint(String name) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));

        CliRunner.Result r = CliRunner.run(command(name, empty).toArray(String[]::new));

        assertFailure(r, Main.FAILURE, empty + ": holds no checkpoint", "checkpoints/step-N");
    }

    /** What is done to the checkpoint's generator file, and what the error then says. */
    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of("sample", "truncated", "truncated: "),
                Arguments.of("interpolate", "flipped", "checksum mismatch"),
                Arguments.of("export", "truncated", "truncated: "),
                Arguments.of("export", "flipped", "checksum mismatch"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("damage")
    void damagedCheckpointNamesTheFile(String name, String how, String problem)
            throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 1);
        Path file = Checkpoints.generatorFile(run);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (how.equals("truncated")) {
                f.setLength(f.length() - 100);
            } else {
                f.seek(f.length() - 5);
                int b = f.read();
                f.seek(f.length() - 5);
                f.write(b ^ 0x10);
            }
        }

        CliRunner.Result r = CliRunner.run(command(name, run).toArray(String[]::new));

        assertFailure(r, Main.FAILURE, file + ": " + problem, "damaged");
        assertFalse(Files.exists(tmp.resolve("exported.safetensors")), "nothing exported");
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("count 0", List.of("sample", "--count", "0"),
                        "--count = 0 is out of range; allowed: 1 to 4096"),
                Arguments.of("columns 0", List.of("sample", "--columns", "0"), "--columns = 0"),
                Arguments.of("bn mode", List.of("sample", "--bn-mode", "eval"),
                        "--bn-mode = eval is not known; allowed: batch, running"),
                Arguments.of("device", List.of("sample", "--device", "gpu"),
                        "--device = gpu is not known"),
                Arguments.of("seed not a number", List.of("sample", "--seed", "x"), "'x'"),
                Arguments.of("grid out not png", List.of("sample", "--out", "grid.jpg"),
                        "does not end in .png"),
                Arguments.of("one seed", List.of("interpolate", "--seeds", "4"),
                        "--seeds = 4 gives 1 seed(s); allowed: 2 to 64"),
                Arguments.of("steps 1", List.of("interpolate", "--steps", "1"), "--steps = 1"),
                Arguments.of("method", List.of("interpolate", "--method", "cubic"),
                        "--method = cubic is not known; allowed: slerp, linear"),
                Arguments.of("gif delay", List.of("interpolate", "--gif-delay-ms", "5"),
                        "--gif-delay-ms = 5 is out of range"),
                Arguments.of("interpolate out", List.of("interpolate", "--out", "walk.gif"),
                        "is not a .png file name"),
                Arguments.of("export device", List.of("export", "--out", "g.safetensors",
                        "--device", "tpu"), "--device = tpu"),
                Arguments.of("export without out", List.of("export"), "--out"),
                Arguments.of("no checkpoint", List.of("sample"), "CHECKPOINT"));
    }

    /** Values are checked before the checkpoint is read: the path here does not exist. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void badOptionIsAUsageError(String name, List<String> options, String expected) {
        List<String> args = new ArrayList<>(options.subList(0, 1));
        if (!name.equals("no checkpoint")) {
            args.add(tmp.resolve("absent").toString());
        }
        args.addAll(options.subList(1, options.size()));

        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));

        assertEquals(Main.USAGE, r.code(), r::toString);
        assertTrue(r.err().split("\n")[0].contains(expected), r::toString);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("hint: see `panagan "
                + options.get(0) + " --help`")), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample", "interpolate", "export"})
    void helpShowsDefaultsAndExamples(String name) {
        CliRunner.Result r = CliRunner.run(name, "--help");

        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Examples:"), r::toString);
        assertTrue(r.out().contains("Default:"), r::toString);
    }
}

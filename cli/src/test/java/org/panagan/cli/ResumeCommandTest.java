package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `train --resume` from the command line: a run stopped part-way and resumed ends with the
 * same bytes in its generator and discriminator files as a run that was never stopped (cpu
 * backend: its results do not depend on timing), and metrics.csv has each iteration once.
 */
class ResumeCommandTest {

    private static final String[] TINY = {"--device", "cpu", "--image-size", "32", "--ngf", "8",
        "--ndf", "8", "--nz", "16", "--batch-size", "8", "--seed", "11", "--log-every", "100",
        "--checkpoint-every", "2"};

    @TempDir
    Path tmp;

    private static CliRunner.Result run(String... args) {
        return CliRunner.run(spec -> new BlobDataset(21, 3, 32, 4), args);
    }

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(Arrays.asList(TINY));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void stoppedAndResumedEqualsStraight() throws IOException {
        // 21 images at batch 8: 3 iterations an epoch (8, 8, 5); 3 epochs = 9 iterations.
        CliRunner.Result straight = run(train(tmp.resolve("straight"), "--epochs", "3"));
        assertEquals(0, straight.code(), straight::err);

        // The same run in three sessions: epoch 1; resumed from its end to epoch 2; then
        // resumed again from a checkpoint taken mid-epoch (iteration 4) to epoch 3, which
        // trains iterations 5 and 6 a second time and must drop their first metrics rows.
        Path parts = tmp.resolve("parts");
        CliRunner.Result first = run(train(parts, "--epochs", "1"));
        assertEquals(0, first.code(), first::err);
        CliRunner.Result second = run("train", "--resume", parts.toString(), "--epochs", "2");
        assertEquals(0, second.code(), second::err);
        assertTrue(second.out().contains("resumed from"), second::out);
        Path mid = parts.resolve("checkpoints/step-000004");
        assertTrue(Files.isDirectory(mid), "a checkpoint every 2 iterations");
        CliRunner.Result third = run("train", "--resume", mid.toString(), "--epochs", "3");
        assertEquals(0, third.code(), third::err);

        for (String file : List.of("generator.safetensors", "discriminator.safetensors",
                "training.safetensors")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("straight/checkpoints/step-000009")
                            .resolve(file)),
                    Files.readAllBytes(parts.resolve("checkpoints/step-000009").resolve(file)),
                    file + " differs between the straight run and the resumed one");
        }
        List<String> rows = Files.readAllLines(parts.resolve("metrics.csv"));
        assertEquals(1 + 9, rows.size(), () -> "one row per iteration: " + rows);
        for (int i = 1; i <= 9; i++) {
            assertTrue(rows.get(i).startsWith(i + ","), "row " + i + ": " + rows.get(i));
        }
        assertEquals(Files.readAllLines(tmp.resolve("straight/metrics.csv")).stream()
                        .map(ResumeCommandTest::withoutTimings).toList(),
                rows.stream().map(ResumeCommandTest::withoutTimings).toList(),
                "the same losses, iteration by iteration");
    }

    /** A metrics row without its last two columns (ms per step, images/s). */
    private static String withoutTimings(String row) {
        String[] c = row.split(",");
        return String.join(",", Arrays.copyOf(c, c.length - 2));
    }

    @Test
    void resumeRefusesOptionsThatWouldChangeTheRun() {
        CliRunner.Result first = run(train(tmp.resolve("run"), "--epochs", "1"));
        assertEquals(0, first.code(), first::err);
        CliRunner.Result r = run("train", "--resume", tmp.resolve("run").toString(), "--nz",
                "32");
        assertEquals(2, r.code(), r::err);
        assertTrue(r.err().contains("--nz cannot be given with --resume"), r::err);

        CliRunner.Result done = run("train", "--resume", tmp.resolve("run").toString());
        assertEquals(2, done.code(), done::err);
        assertTrue(done.err().contains("give --epochs above 1"), done::err);
    }

    @Test
    void resumeFromNothingSaysWhatIsMissing() {
        CliRunner.Result r = run("train", "--resume", tmp.resolve("nowhere").toString());
        assertEquals(1, r.code(), r::err);
        assertTrue(r.err().contains("nowhere"), r::err);
        assertTrue(r.err().contains("hint:"), r::err);
    }
}

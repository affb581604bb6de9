package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.CheckpointStore;

/**
 * A training process killed with SIGKILL (no shutdown hook, no finally) at random moments,
 * during a step or while a checkpoint is being written: its last complete checkpoint still
 * loads (every checkpoint folder's manifest verifies), and `train --resume` from it ends with
 * the bytes of a run that was never killed. The killed runs are real child processes of the
 * JDK running the tests, reading an IDX file through the real data layer; the cpu backend's
 * results do not depend on timing, so the comparison is exact.
 */
class KilledRunTest {

    /** 48 images at batch 8: 6 iterations an epoch; 3 epochs = 18 iterations. */
    private static final int IMAGES = 48;
    private static final int ITERATIONS = 18;
    private static final String[] TINY = {"--device", "cpu", "--image-size", "32", "--ngf", "8",
        "--ndf", "8", "--nz", "16", "--batch-size", "8", "--seed", "13", "--epochs", "3",
        "--log-every", "4", "--checkpoint-every", "1", "--keep-last", "2"};
    private static final List<String> CHECKPOINT_FILES = List.of("generator.safetensors",
            "discriminator.safetensors", "training.safetensors");
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path straight;

    @BeforeAll
    static void straightRun() throws IOException {
        data = tmp.resolve("images-idx3-ubyte");
        Files.write(data, idx(IMAGES, 28, 5));
        straight = tmp.resolve("straight");
        CliRunner.Result r = train(straight);
        assertEquals(0, r.code(), r::toString);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aKilledRunResumesToTheBytesOfAStraightOne() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        String context = "seed " + seed;
        for (int kill = 0; kill < 3; kill++) {
            // After the checkpoint of a random iteration, a random moment later (up to one
            // and a half iterations, as the child is timed): in a step or a checkpoint's write.
            int after = 1 + random.nextInt(ITERATIONS - 8);
            double delaySteps = random.nextDouble(1.5);
            String what = String.format(Locale.ROOT, "%s, kill %d at iteration %d + %.2f "
                    + "iterations", context, kill, after, delaySteps);
            Path run = tmp.resolve("killed-" + kill);
            if (!killAndResume(run, checkpoints -> latestIteration(checkpoints) >= after,
                    delaySteps, what)) {
                // The child sped up (its JIT warmed) and finished inside the delay, which was
                // timed from its earlier pace: kill it at the checkpoint itself instead.
                killAndResume(tmp.resolve("killed-" + kill + "-again"),
                        checkpoints -> latestIteration(checkpoints) >= after, 0,
                        what + ", again without the delay");
            }
        }
        // The moment a checkpoint is being written: its hidden temporary folder exists.
        assertTrue(killAndResume(tmp.resolve("killed-in-write"),
                checkpoints -> latestIteration(checkpoints) >= 2
                        && list(checkpoints).stream().anyMatch(p -> p.getFileName().toString()
                        .startsWith(".step-")), 0, context + ", kill in a checkpoint write"),
                context + ": the child finished before the kill in a checkpoint write");
    }

    /**
     * Starts a child, kills it once {@code when} holds and {@code delaySteps} iterations later,
     * then checks what it left and resumes it to the end. False, having checked nothing, when
     * the child finished before the kill came.
     */
    private static boolean killAndResume(Path run, Predicate<Path> when, double delaySteps,
                                         String context) throws Exception {
        Path checkpoints = run.resolve(CheckpointStore.FOLDER);
        Process child = start(run);
        try {
            long deadline = System.nanoTime() + WAIT_NANOS;
            // The child's pace: the time between its last two checkpoints (one per iteration).
            long seen = 0;
            long changed = 0;
            long interval = TimeUnit.MILLISECONDS.toNanos(50);
            while (!when.test(checkpoints)) {
                long latest = latestIteration(checkpoints);
                if (latest != seen) {
                    long now = System.nanoTime();
                    interval = seen > 0 ? now - changed : interval;
                    seen = latest;
                    changed = now;
                }
                if (!child.isAlive()) {
                    fail(context + ": the child ended (exit " + child.exitValue() + ") before the"
                            + " kill\n" + Files.readString(run.resolveSibling(run.getFileName()
                            + ".log")));
                }
                if (System.nanoTime() > deadline) {
                    fail(context + ": the kill point never came");
                }
                Thread.onSpinWait();
            }
            TimeUnit.NANOSECONDS.sleep((long) (delaySteps * interval));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), context + ": still running");
            if (child.exitValue() == 0) {
                return false;
            }
            assertEquals(137, child.exitValue(), context + ": SIGKILL should have ended the child"
                    + " (128 + 9)");
        } finally {
            child.destroyForcibly();
        }

        // What a kill leaves: complete checkpoints only, each verifying against its manifest.
        List<Path> steps = list(checkpoints).stream()
                .filter(p -> p.getFileName().toString().startsWith("step-")).toList();
        assertTrue(!steps.isEmpty(), context + ": no checkpoint left");
        for (Path step : steps) {
            Checkpoint.load(step);
        }
        long from = Checkpoint.load(run).state().iteration();
        assertTrue(from >= 1 && from < ITERATIONS, context + ": resumes from " + from);
        System.out.println(context + ": left " + list(checkpoints).stream()
                .map(p -> p.getFileName().toString()).sorted().toList() + ", resumes from "
                + from);

        CliRunner.Result resumed = CliRunner.run(TrainCommand.PRODUCTION_OPENER, "train",
                "--resume", run.toString());
        assertEquals(0, resumed.code(), () -> context + ": " + resumed);
        assertTrue(resumed.out().contains("(iteration " + from + ")"), resumed::out);
        for (String file : CHECKPOINT_FILES) {
            assertArrayEquals(Files.readAllBytes(finalCheckpoint(straight).resolve(file)),
                    Files.readAllBytes(finalCheckpoint(run).resolve(file)),
                    context + ": " + file + " differs from the straight run's after resuming"
                            + " from iteration " + from);
        }
        return true;
    }

    private static Path finalCheckpoint(Path run) {
        return run.resolve(CheckpointStore.FOLDER).resolve(String.format("step-%06d",
                ITERATIONS));
    }

    /** `panagan train` in a new JVM, as a user runs it, output to RUN.log. */
    private static Process start(Path run) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path")));
        String nativeDir = System.getProperty("panagan.native.dir");
        if (nativeDir != null) {
            command.add("-Dpanagan.native.dir=" + nativeDir);
        }
        command.add(Main.class.getName());
        command.addAll(Arrays.asList(args(run)));
        Path log = run.resolveSibling(run.getFileName() + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static CliRunner.Result train(Path run) {
        return CliRunner.run(TrainCommand.PRODUCTION_OPENER, args(run));
    }

    private static String[] args(Path run) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(Arrays.asList(TINY));
        args.addAll(List.of("--data", data.toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--out", run.toString()));
        return args.toArray(String[]::new);
    }

    /** The iteration the latest pointer names; 0 while there is none. */
    private static long latestIteration(Path checkpoints) {
        try {
            String name = Files.readString(checkpoints.resolve(CheckpointStore.LATEST),
                    StandardCharsets.UTF_8).trim();
            return name.startsWith("step-") ? Long.parseLong(name.substring(5)) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** An MNIST-format IDX image file of random pixels. */
    static byte[] idx(int count, int side, long seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * side * side);
        b.putInt(0x00000803).putInt(count).putInt(side).putInt(side);
        byte[] pixels = new byte[count * side * side];
        new SplittableRandom(seed).nextBytes(pixels);
        return b.put(pixels).array();
    }
}

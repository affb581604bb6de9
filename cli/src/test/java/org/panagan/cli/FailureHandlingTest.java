package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.CheckpointStore;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.nn.Network;
import org.panagan.engine.nn.ParameterEntry;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.TrainingState;
import org.panagan.engine.train.Trainer;

/**
 * What `train` does when things go wrong: damaged checkpoints given to --resume, a run folder
 * that cannot be written, a diverging run (losses or parameters not finite), a batch larger
 * than the data, data that is not a dataset. Each ends with exit 1, one error line naming the
 * thing, a hint line, no stack trace, and no checkpoint lost or made bad.
 */
class FailureHandlingTest {

    private static final String[] TINY = {"--device", "cpu", "--image-size", "32", "--ngf", "8",
        "--ndf", "8", "--nz", "16", "--batch-size", "8", "--seed", "3", "--log-every", "100"};

    @TempDir
    Path tmp;

    private static CliRunner.Result run(BlobDataset data, String... args) {
        return CliRunner.run(spec -> data, args);
    }

    private String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(Arrays.asList(TINY));
        args.addAll(List.of("--out", out.toString(), "--cache-dir", tmp.resolve("cache")
                .toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    /** Exit 1, the error line containing each of {@code expected}, a hint, nothing more. */
    private static void assertOneLineError(CliRunner.Result r, String... expected) {
        assertEquals(Main.FAILURE, r.code(), r::toString);
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), () -> "an error line and a hint line: " + r);
        assertTrue(lines.get(0).startsWith("panagan: "), r::toString);
        for (String e : expected) {
            assertTrue(lines.get(0).contains(e), () -> "error line lacks '" + e + "': " + r);
        }
        assertTrue(lines.get(1).startsWith("hint: ") && lines.get(1).length() > 20,
                r::toString);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace: " + r);
    }

    // ---------------------------------------------------------------------------------------
    // Damaged checkpoints
    // ---------------------------------------------------------------------------------------

    enum Damage {
        TRUNCATED("generator.safetensors", "truncated"),
        BYTE_FLIPPED("discriminator.safetensors", "checksum mismatch"),
        WRONG_MAGIC_RESEALED("training.safetensors", "not a safetensors file"),
        MANIFEST_NOT_JSON("manifest.json", "not valid JSON"),
        OTHER_ARCHITECTURE_RESEALED("generator.safetensors", "describes");

        final String file;
        final String problem;

        Damage(String file, String problem) {
            this.file = file;
            this.problem = problem;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Damage.class)
    void aDamagedCheckpointIsNamedWithoutATrace(Damage damage) throws Exception {
        Path runDir = tmp.resolve("run");
        BlobDataset blobs = new BlobDataset(16, 3, 32, 4);
        assertEquals(0, run(blobs, train(runDir, "--epochs", "1")).code());
        Path step = runDir.resolve("checkpoints/step-000002");
        Path file = step.resolve(damage.file);
        byte[] bytes = Files.readAllBytes(file);
        switch (damage) {
            case TRUNCATED -> Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            case BYTE_FLIPPED -> {
                bytes[bytes.length - 5] ^= 0x40;
                Files.write(file, bytes);
            }
            case WRONG_MAGIC_RESEALED -> {
                Arrays.fill(bytes, 0, 8, (byte) 0x7F);
                Files.write(file, bytes);
                reseal(step, damage.file);
            }
            case MANIFEST_NOT_JSON -> Files.writeString(file, "{\"files\": [ {\"na");
            case OTHER_ARCHITECTURE_RESEALED -> {
                Path other = tmp.resolve("wider");
                String[] wide = train(other, "--epochs", "1");
                wide[Arrays.asList(wide).indexOf("--ngf") + 1] = "12";
                assertEquals(0, run(new BlobDataset(16, 3, 32, 4), wide).code());
                Files.copy(other.resolve("checkpoints/step-000002").resolve(damage.file), file,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                reseal(step, damage.file);
            }
            default -> throw new IllegalStateException(damage.name());
        }
        CliRunner.Result r = run(new BlobDataset(16, 3, 32, 4), "train", "--resume",
                runDir.toString(), "--epochs", "2");
        assertOneLineError(r, damage.file, damage.problem);
    }

    /** Rewrites the manifest entry of {@code name} to the file's present length and SHA-256. */
    private static void reseal(Path step, String name) throws Exception {
        byte[] bytes = Files.readAllBytes(step.resolve(name));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes));
        Path manifest = step.resolve("manifest.json");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\"name\"\\s*:\\s*\"" + Pattern.quote(name)
                + "\",\\s*\"bytes\"\\s*:\\s*)\\d+(,\\s*\"sha256\"\\s*:\\s*\")[0-9a-f]{64}")
                .matcher(text);
        assertTrue(m.find(), text);
        Files.writeString(manifest, m.replaceFirst("$1" + bytes.length + "$2" + sha),
                StandardCharsets.UTF_8);
    }

    @Test
    void dataOfOtherChannelsThanTheCheckpointIsRefused() {
        Path runDir = tmp.resolve("run");
        assertEquals(0, run(new BlobDataset(16, 3, 32, 4), train(runDir, "--epochs", "1"))
                .code());
        CliRunner.Result r = run(new BlobDataset(16, 1, 32, 4), "train", "--resume",
                runDir.toString(), "--epochs", "2");
        assertOneLineError(r, "step-000002", "nc 3", "nc 1");
    }

    // ---------------------------------------------------------------------------------------
    // Files that cannot be written
    // ---------------------------------------------------------------------------------------

    @Test
    void aRunFolderUnderAFileIsNamed() throws IOException {
        // chmod cannot stop root (the tests may run as root); a file where a folder should be
        // stops everyone.
        Path blocker = tmp.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        CliRunner.Result r = run(new BlobDataset(16, 3, 32, 4),
                train(blocker.resolve("run"), "--dry-run"));
        assertOneLineError(r, "cannot write the run folder " + blocker.resolve("run") + ": "
                + blocker + " is a file, not a folder");
        assertEquals("x", Files.readString(blocker));
    }

    // ---------------------------------------------------------------------------------------
    // Divergence
    // ---------------------------------------------------------------------------------------

    @Test
    void lossesThatTurnNaNStopTheRunAndKeepTheLastGoodCheckpoint() throws IOException {
        // Images that turn NaN from the fourth batch on: a decoder going bad mid-run. (The
        // first read is the one real_samples.png is drawn from.)
        int[] batches = {0};
        BlobDataset goingBad = new BlobDataset(40, 3, 32, 8) {
            @Override
            public void copyBatch(int[] order, int from, int n, float[] dst) {
                super.copyBatch(order, from, n, dst);
                if (++batches[0] >= 5) {
                    Arrays.fill(dst, Float.NaN);
                }
            }
        };
        Path runDir = tmp.resolve("run");
        CliRunner.Result r = run(goingBad, train(runDir, "--epochs", "2", "--checkpoint-every",
                "1"));
        assertOneLineError(r, "a loss is not finite at iteration 4 (epoch 1, batch 4)",
                "first bad parameter: net");
        assertTrue(r.err().contains("the last good checkpoint is checkpoints/step-000003"),
                r::toString);
        assertLatestIsFinite(runDir, 3);
    }

    @Test
    void parametersThatTurnNaNAreCaughtBeforeACheckpointSavesThem() throws IOException {
        // Losses stay finite at the step whose update broke G: only the parameter check can
        // see it, and it must before the checkpoint after that step.
        TrainSettings settings = new TrainSettings("blobs", 32, 8, 3, 16, 8, 8, 2e-4, 0.5, 3,
                false, Backends.Request.CPU, tmp, 0, false, 1, 1000,
                SampleMode.BATCH_STATISTICS, tmp, new TrainSettings.Checkpoints(1,
                new org.panagan.engine.checkpoint.Retention(2, 0)), 0);
        StringWriter text = new StringWriter();
        CliFailure failure;
        try (Backend backend = Backends.open(Backends.Request.CPU);
             Trainer trainer = Trainer.open(TrainConfig.of(new ModelConfig(16, 8, 8, 3, 32), 8,
                     3), backend);
             RunFolder folder = RunFolder.create(tmp);
             Progress progress = Progress.plain(new PrintWriter(text, true))) {
            TrainingRun run = new TrainingRun(settings, new BlobDataset(40, 3, 32, 2), trainer,
                    folder, progress, TrainingRun.Start.BEGINNING);
            run.afterEachStep(() -> {
                if (trainer.iteration() == 4) {
                    Network g = trainer.generator();
                    float[] p = g.downloadParameters();
                    ParameterEntry last = g.parameters().getLast();
                    p[Math.toIntExact(last.offset())] = Float.POSITIVE_INFINITY;
                    g.uploadParameters(p);
                }
            });
            failure = assertThrows(CliFailure.class, run::run);
            String name = trainer.generator().parameters().getLast().name();
            assertTrue(failure.getMessage().startsWith("a parameter is not finite at iteration 4")
                    && failure.getMessage().contains("first bad parameter: netG " + name
                    + " (1 of "), failure::getMessage);
        }
        assertTrue(failure.hint().contains("lower --lr"), failure::hint);
        assertLatestIsFinite(tmp, 3);
    }

    /** The newest checkpoint is that of {@code iteration}, and all its numbers are finite. */
    private static void assertLatestIsFinite(Path runDir, long iteration) {
        Checkpoint c = Checkpoint.load(runDir);
        assertEquals(iteration, c.state().iteration(), "the last good checkpoint is the latest");
        TrainingState s = c.state();
        for (TrainingState.NetworkState n : List.of(s.generator(), s.discriminator())) {
            for (float[] values : List.of(n.parameters(), n.expAvg(), n.expAvgSq(),
                    n.runningStatistics())) {
                for (float v : values) {
                    assertTrue(Float.isFinite(v), "a saved value is not finite");
                }
            }
        }
        try (Stream<Path> all = Files.list(runDir.resolve(CheckpointStore.FOLDER))) {
            assertTrue(all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-"))
                    .allMatch(n -> Long.parseLong(n.substring(5)) <= iteration),
                    "no checkpoint after the divergence");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDiscriminatorThatWinsOutrightIsWarnedAboutAndTheRunGoesOn() throws IOException {
        // A generator of width 1 against a discriminator of width 16 at ten times main.py's
        // rate, on images of uniform noise: D soon tells every fake apart.
        Path noise = tmp.resolve("noise-idx3-ubyte");
        Files.write(noise, KilledRunTest.idx(24, 28, 1));
        String[] args = train(tmp.resolve("run"), "--epochs", "20", "--lr", "0.002",
                "--collapse-window", "5", "--data", noise.toString());
        args[Arrays.asList(args).indexOf("--ngf") + 1] = "1";
        args[Arrays.asList(args).indexOf("--ndf") + 1] = "16";
        CliRunner.Result r = CliRunner.run(TrainCommand.PRODUCTION_OPENER, args);

        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        int warnings = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("warning: at iteration ")) {
                warnings++;
                assertTrue(lines.get(i).contains("for 5 iterations"), lines.get(i));
                assertTrue(lines.get(i + 1).startsWith("hint: ")
                        && lines.get(i + 1).contains("--lr"), lines.get(i + 1));
            }
        }
        assertTrue(warnings >= 1, () -> "no collapse warning: " + r);
        assertTrue(warnings <= 60 / 6, () -> "more warnings than episodes can be: " + r);
    }

    // ---------------------------------------------------------------------------------------
    // Options against the data
    // ---------------------------------------------------------------------------------------

    @Test
    void aBatchLargerThanTheDataNamesBoth() {
        CliRunner.Result r = run(new BlobDataset(6, 3, 32, 4), train(tmp.resolve("run"),
                "--epochs", "1"));
        assertOneLineError(r, "--batch-size 8", "6 usable image(s)");
        assertTrue(r.err().contains("hint: give --batch-size 6 or less"), r::toString);
    }

    @Test
    void aFileThatIsNoDatasetGetsTheDataHint() throws IOException {
        Path notData = tmp.resolve("notes.txt");
        Files.writeString(notData, "not images");
        List<String> args = new ArrayList<>(Arrays.asList(train(tmp.resolve("run"))));
        args.addAll(List.of("--data", notData.toString()));
        CliRunner.Result r = CliRunner.run(TrainCommand.PRODUCTION_OPENER,
                args.toArray(String[]::new));
        assertOneLineError(r, notData.toString(), "not an IDX image file");
        assertTrue(r.err().contains("hint: point --data at"), r::toString);
    }
}

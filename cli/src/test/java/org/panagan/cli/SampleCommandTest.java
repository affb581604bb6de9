package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.GeneratorWeights;
import org.panagan.engine.Rng;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/** `sample` on the cpu backend from tiny checkpoints made in the test. */
class SampleCommandTest {

    @TempDir
    Path tmp;

    static CliRunner.Result sample(Path source, String... options) {
        List<String> args = new ArrayList<>(List.of("sample", source.toString(), "--device",
                "cpu"));
        args.addAll(Arrays.asList(options));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} images, {1} columns")
    @CsvSource({"10, 4, 138, 104", "64, 8, 274, 274", "3, 8, 104, 36", "1, 1, 36, 36"})
    void gridGoesToTheRunFolderWithTheRightSize(int count, int columns, int width, int height)
            throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 1);

        CliRunner.Result r = sample(run, "--count", "" + count, "--columns", "" + columns);

        assertEquals(0, r.code(), r::toString);
        BufferedImage grid = Checkpoints.read(run.resolve("samples/sample_seed0.png"));
        assertEquals(width, grid.getWidth(), r::toString);
        assertEquals(height, grid.getHeight(), r::toString);
        assertEquals(3, grid.getRaster().getNumBands(), "nc 3 gives a colour grid");
        for (String row : new String[] {"checkpoint ", "step ", "model ", "backend ",
            "bn mode ", "seed ", "wrote "}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row)),
                    () -> "output lacks the row " + row + ": " + r);
        }
        assertTrue(r.out().contains("step        " + Checkpoints.STEPS + "\n"), r::toString);
        assertTrue(r.out().contains("imageSize 32, nz 8, ngf 4, ndf 4, nc 3 (from the file's "
                + "metadata)"), r::toString);
        assertTrue(r.out().contains("bn mode     running"), r::toString);
        assertTrue(r.out().contains("seed        0\n"), r::toString);
    }

    @Test
    void sameSeedSameBytesAnotherSeedOtherBytes() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 2);
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        Path c = tmp.resolve("c.png");

        assertEquals(0, sample(run, "--seed", "7", "--out", a.toString()).code());
        assertEquals(0, sample(run, "--seed", "7", "--out", b.toString()).code());
        assertEquals(0, sample(run, "--seed", "8", "--out", c.toString()).code());

        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)),
                "seeds 7 and 8 gave the same grid");
    }

    @Test
    void bnModesGiveDifferentImages() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 3);
        Path running = tmp.resolve("running.png");
        Path batch = tmp.resolve("batch.png");

        CliRunner.Result r = sample(run, "--out", running.toString());
        CliRunner.Result rb = sample(run, "--bn-mode", "batch", "--out", batch.toString());

        assertEquals(0, rb.code(), rb::toString);
        assertTrue(rb.out().contains("bn mode     batch"), rb::toString);
        assertEquals(0, r.code(), r::toString);
        assertFalse(Arrays.equals(Files.readAllBytes(running), Files.readAllBytes(batch)));
    }

    /** Separate files, compared pixel by pixel with the engine's own images for the seed. */
    @ParameterizedTest(name = "nc {0}, {1}")
    @CsvSource({"1, running", "3, running", "3, batch"})
    void separateFilesHoldTheGeneratorsImages(int nc, String bnMode) throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), nc, 4);
        Path folder = tmp.resolve("each");
        int count = 5;
        long seed = 11;

        CliRunner.Result r = sample(run, "--separate", "--count", "" + count, "--seed",
                "" + seed, "--bn-mode", bnMode, "--out", folder.toString());

        assertEquals(0, r.code(), r::toString);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(count, files.count(), r::toString);
        }
        float[] expected = engineImages(run, seed, count, bnMode.equals("batch")
                ? SampleMode.BATCH_STATISTICS : SampleMode.RUNNING_STATISTICS);
        for (int i = 0; i < count; i++) {
            BufferedImage image = Checkpoints.read(folder.resolve(String.format("%04d.png", i)));
            assertEquals(32, image.getWidth());
            assertEquals(32, image.getHeight());
            assertEquals(nc == 1 ? 1 : 3, image.getRaster().getNumBands(),
                    "grey for one channel, colour for three");
            assertPixels(expected, i, nc, image);
        }
    }

    @Test
    void stepFolderFileAndRunFolderAreTheSameCheckpoint() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 5);
        List<byte[]> grids = new ArrayList<>();
        for (Path source : List.of(run, run.resolve("checkpoints"), Checkpoints.stepFolder(run),
                Checkpoints.generatorFile(run))) {
            Path out = tmp.resolve("g" + grids.size() + ".png");
            CliRunner.Result r = sample(source, "--count", "4", "--out", out.toString());
            assertEquals(0, r.code(), r::toString);
            grids.add(Files.readAllBytes(out));
        }
        for (byte[] grid : grids) {
            assertArrayEquals(grids.get(0), grid);
        }
    }

    /** Default outputs go beside the checkpoints, never into a step folder. */
    @Test
    void defaultOutputGoesToTheRunFolderForEveryWayOfNamingIt() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 6);
        Path grid = run.resolve("samples/sample_seed0.png");
        for (Path source : List.of(run.resolve("checkpoints"), Checkpoints.stepFolder(run),
                Checkpoints.generatorFile(run))) {
            Files.deleteIfExists(grid);
            CliRunner.Result r = sample(source, "--count", "2");
            assertEquals(0, r.code(), r::toString);
            Checkpoints.read(grid);
        }
        Path lone = tmp.resolve("lone/g.safetensors");
        Files.createDirectories(lone.getParent());
        Files.copy(Checkpoints.generatorFile(run), lone);

        CliRunner.Result r = sample(lone, "--count", "2", "--separate");

        assertEquals(0, r.code(), r::toString);
        Checkpoints.read(tmp.resolve("lone/samples/sample_seed0/0001.png"));
    }

    /** 65 images with batch statistics: a chunk of 64, then one image alone. */
    @Test
    void moreImagesThanOneBatch() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 7);
        int count = 65;

        for (String mode : List.of("batch", "running")) {
            CliRunner.Result r = sample(run, "--count", "" + count, "--bn-mode", mode,
                    "--columns", "13");
            assertEquals(0, r.code(), r::toString);
            BufferedImage grid = Checkpoints.read(run.resolve("samples/sample_seed0.png"));
            assertEquals(13 * 34 + 2, grid.getWidth());
            assertEquals(5 * 34 + 2, grid.getHeight());
        }
    }

    @Test
    void samplerClosesOnceAndRefusesWorkAfter() {
        Path run = Checkpoints.run(tmp.resolve("run"), 1, 8);
        GeneratorWeights g = Checkpoint.loadGenerator(run);
        Sampler s = Sampler.open(g, Backends.Request.CPU, 3);
        float[] z = Sampler.latents(1, 3, g.architecture().nz());
        assertEquals(3 * 32 * 32, s.generate(z, 3, SampleMode.RUNNING_STATISTICS).length);

        s.close();
        s.close();

        assertThrows(IllegalStateException.class,
                () -> s.generate(z, 3, SampleMode.RUNNING_STATISTICS));
    }

    /**
     * The images the engine makes for the first {@code n} latent vectors of the seed's stream,
     * through the engine's API alone.
     */
    static float[] engineImages(Path run, long seed, int n, SampleMode mode) {
        GeneratorWeights g = Checkpoint.loadGenerator(run);
        float[] z = new float[n * g.architecture().nz()];
        Rng.seeded(seed).fillGaussian(z, 0, z.length, 0, 1);
        try (Backend backend = Backends.open(Backends.Request.CPU);
             Trainer t = Trainer.open(TrainConfig.of(g.model(), Math.max(2, n), 0), backend)) {
            g.applyTo(t);
            return t.generate(z, n, mode);
        }
    }

    /** Image {@code index} of {@code expected} as bytes, equal to the picture's pixels. */
    static void assertPixels(float[] expected, int index, int nc, BufferedImage image) {
        int size = image.getWidth();
        int plane = size * size;
        int shown = Math.min(nc, 3);
        for (int c = 0; c < shown; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int want = SampleGrid.toByte(expected[(index * nc + c) * plane
                            + y * size + x]);
                    int got = image.getRaster().getSample(x, y, c);
                    if (want != got) {
                        throw new AssertionError("image " + index + " channel " + c + " at ("
                                + x + ", " + y + "): expected " + want + ", got " + got);
                    }
                }
            }
        }
    }
}

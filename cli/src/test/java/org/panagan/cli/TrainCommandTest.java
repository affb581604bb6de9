package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.data.DataSpec;

/** `train` end to end on the cpu backend with a tiny model and data made in memory. */
class TrainCommandTest {

    /** A model small enough that an iteration takes milliseconds on two cores. */
    static final String[] TINY = {"--device", "cpu", "--image-size", "32", "--ngf", "8",
        "--ndf", "8", "--nz", "16", "--batch-size", "8", "--seed", "5", "--log-every", "2"};

    @TempDir
    Path tmp;

    private CliRunner.Result train(BlobDataset data, String... extra) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(Arrays.asList(TINY));
        args.addAll(List.of("--out", tmp.resolve("run").toString(), "--cache-dir",
                tmp.resolve("cache").toString()));
        args.addAll(Arrays.asList(extra));
        List<DataSpec> asked = new ArrayList<>();
        CliRunner.Result r = CliRunner.run(spec -> {
            asked.add(spec);
            return data;
        }, args.toArray(String[]::new));
        assertEquals(1, asked.size(), "the data is opened once");
        assertEquals(32, asked.get(0).imageSize());
        assertTrue(data.isClosed(), "the dataset is closed after the run");
        return r;
    }

    private List<String> metricsRows() throws IOException {
        return Files.readAllLines(tmp.resolve("run/metrics.csv"));
    }

    private static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), () -> file + " was not written");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, () -> file + " is not a readable PNG");
        return image;
    }

    @Test
    void dryRunPrintsConfigurationAndRunsOneIteration() throws IOException {
        CliRunner.Result r = train(new BlobDataset(20, 3, 32, 1), "--dry-run");

        assertEquals(0, r.code(), r::toString);
        for (String row : new String[] {"data ", "images ", "parameters ", "batch size ",
                "adam ", "device ", "backend ", "seed ", "native library ",
                "jdk ", "output "}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row)),
                    () -> "configuration lacks the row " + row + ": " + r);
        }
        assertTrue(r.out().contains("seed            5"), r::toString);
        assertTrue(r.out().contains("[1/25][1/3] Loss_D: "), r::toString);
        assertTrue(r.out().contains("dry run finished"), r::toString);
        assertEquals(2, metricsRows().size(), "header and one iteration");
        assertTrue(Files.readString(tmp.resolve("run/config.json")).contains("\"seed\": 5"));
    }

    @Test
    void drawnSeedIsPrintedWithHowToRepeatIt() throws IOException {
        BlobDataset data = new BlobDataset(8, 3, 32, 7);
        List<String> args = new ArrayList<>(List.of("train", "--dry-run", "--out",
                tmp.resolve("drawn").toString()));
        for (int i = 0; i < TINY.length; i += 2) {
            if (!TINY[i].equals("--seed")) {
                args.addAll(List.of(TINY[i], TINY[i + 1]));
            }
        }
        CliRunner.Result r = CliRunner.run(spec -> data, args.toArray(String[]::new));

        assertEquals(0, r.code(), r::toString);
        String seedRow = r.out().lines().filter(l -> l.startsWith("seed ")).findFirst()
                .orElseThrow();
        long seed = Long.parseLong(seedRow.replaceAll("^seed +(\\d+) .*$", "$1"));
        assertTrue(seedRow.endsWith("(drawn; --seed " + seed + " repeats this run)"), seedRow);
        assertTrue(Files.readString(tmp.resolve("drawn/config.json"))
                .contains("\"seed\": " + seed));
    }

    @Test
    void twoEpochsWriteMetricsSamplesAndPlot() throws IOException {
        // 20 images in batches of 8: 8, 8, 4 per epoch.
        CliRunner.Result r = train(new BlobDataset(20, 3, 32, 2), "--epochs", "2");

        assertEquals(0, r.code(), r::toString);
        List<String> rows = metricsRows();
        assertEquals(MetricsCsv.HEADER, rows.get(0));
        assertEquals(1 + 6, rows.size(), () -> "header and 2 x 3 iterations: " + rows);
        assertTrue(rows.get(3).startsWith("3,1,3,4,"), () -> "a short last batch: " + rows);
        assertTrue(rows.get(6).startsWith("6,2,3,4,"), rows::toString);
        int width = 8 * (32 + 2) + 2;
        int height = 32 + 2 + 2;
        for (String name : new String[] {"samples/epoch_001.png", "samples/epoch_002.png",
                "real_samples.png"}) {
            BufferedImage grid = png(tmp.resolve("run").resolve(name));
            assertEquals(width, grid.getWidth(), name);
            assertEquals(height, grid.getHeight(), name);
        }
        BufferedImage plot = png(tmp.resolve("run/losses.png"));
        assertEquals(LossPlot.WIDTH, plot.getWidth());
        assertEquals(2 * LossPlot.PANEL_HEIGHT, plot.getHeight());
        assertTrue(r.out().contains("[2/2][3/3] Loss_D: "), r::toString);
        assertTrue(r.out().contains("finished"), r::toString);
    }

    @Test
    void lastBatchOfOneIsSkippedAndSaidOnce() throws IOException {
        CliRunner.Result r = train(new BlobDataset(17, 1, 32, 3), "--epochs", "2");

        assertEquals(0, r.code(), r::toString);
        assertEquals(1, r.out().lines().filter(l -> l.contains("last batch of 1")).count(),
                r::toString);
        assertEquals(1 + 4, metricsRows().size(), "2 epochs of 2 full batches");
    }

    @Test
    void sampleEveryOtherEpochStillSamplesTheLast() throws IOException {
        CliRunner.Result r = train(new BlobDataset(16, 3, 32, 4), "--epochs", "3",
                "--sample-every", "2", "--bn-mode", "running");

        assertEquals(0, r.code(), r::toString);
        assertFalse(Files.exists(tmp.resolve("run/samples/epoch_001.png")));
        png(tmp.resolve("run/samples/epoch_002.png"));
        png(tmp.resolve("run/samples/epoch_003.png"));
    }

    @Test
    void nonFiniteLossStopsWithIterationAndHint() throws IOException {
        CliRunner.Result r = train(BlobDataset.poisoned(16, 3, 32), "--epochs", "2");

        assertEquals(Main.FAILURE, r.code(), r::toString);
        assertTrue(r.err().startsWith("panagan: a loss is not finite at iteration 1 (epoch 1, "
                + "batch 1)"), r::toString);
        assertTrue(r.err().contains("hint: lower --lr"), r::toString);
        assertEquals(2, metricsRows().size(), "the bad iteration's row is kept");
    }

    @Test
    void runFolderOfAnotherRunIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run/metrics.csv"), "earlier run\n");

        List<DataSpec> opened = new ArrayList<>();
        CliRunner.Result r = CliRunner.run(spec -> {
            opened.add(spec);
            return new BlobDataset(16, 3, 32, 5);
        }, "train", "--dry-run", "--device", "cpu", "--out", tmp.resolve("run").toString());

        assertEquals(Main.FAILURE, r.code(), r::toString);
        assertTrue(r.err().contains("already holds a run"), r::toString);
        assertTrue(opened.isEmpty(), "refused before the data is opened");
        assertEquals("earlier run\n", Files.readString(tmp.resolve("run/metrics.csv")));
    }

    @Test
    void tooFewImagesIsAFailureNamingTheData() {
        CliRunner.Result r = train(new BlobDataset(1, 3, 32, 6), "--dry-run");

        assertEquals(Main.FAILURE, r.code(), r::toString);
        assertTrue(r.err().contains("blobs in memory (1 images) holds 1 usable image"),
                r::toString);
    }

    @Test
    void profilePrintsThePhaseAndLayerTables() throws IOException {
        CliRunner.Result r = train(new BlobDataset(16, 3, 32, 2), "--epochs", "1", "--profile");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Adam on D"), r::out);
        assertTrue(r.out().contains("conv bwd-w"), r::out);
        List<String> lines = Files.readAllLines(tmp.resolve("run/profile.txt"));
        assertTrue(lines.get(0).contains("over 2 iteration(s)"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("G4 ")), lines::toString);
    }

    @Test
    void evalEveryWritesTheMetricEachEpoch() throws IOException {
        CliRunner.Result r = train(new BlobDataset(40, 3, 32, 2), "--epochs", "2",
                "--eval-every", "1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("SWD x 1000"), r::out);
        List<String> rows = Files.readAllLines(tmp.resolve("run/quality.csv"));
        assertEquals(3, rows.size(), rows::toString);
        assertTrue(rows.get(0).startsWith("epoch,iteration,images,swd_32,swd_16"), rows::toString);
        assertTrue(rows.get(2).startsWith("2,10,20,"), rows::toString);
    }
}

package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real data where this machine has it: the shared food64 folder and Debian's fashion-mnist. */
class RealDataTest {

    /**
     * shared/data/food64/train beside the repository, or inside it (tests run in engine/).
     */
    private static final List<Path> FOOD64 = List.of(Path.of("../../shared/data/food64/train"),
            Path.of("../shared/data/food64/train"));

    @TempDir
    Path tmp;

    @Test
    void food64FirstTwoHundred() throws IOException {
        Path folder = FOOD64.stream().map(p -> p.toAbsolutePath().normalize())
                .filter(Files::isDirectory).findFirst().orElse(null);
        assumeTrue(folder != null, "food64 is not at " + FOOD64.stream().map(p -> p
                .toAbsolutePath().normalize().toString()).toList()
                + " (shared/data/food64/train beside or inside the repository); nothing to read");
        try (ImageDataset d = Datasets.open(new DataSpec(folder.toString(), 64, 200, tmp))) {
            assertEquals(200, d.count(), d.report().toString());
            assertEquals(3, d.channels());
            assertEquals(0, d.report().skippedTotal(), d.report().examples().toString());
            // The images are 64x64 already: the first one comes through unchanged.
            Path first;
            try (Stream<Path> files = Files.list(folder)) {
                first = files.sorted().findFirst().orElseThrow();
            }
            BufferedImage image = ImageIO.read(first.toFile());
            float[] batch = new float[3 * 64 * 64];
            d.copyBatch(new int[] {0}, 0, 1, batch);
            for (int y = 0; y < 64; y += 7) {
                for (int x = 0; x < 64; x += 5) {
                    int rgb = image.getRGB(x, y);
                    assertEquals(((rgb >> 16) & 0xff) / 127.5f - 1, batch[y * 64 + x], 1e-6f,
                            first + " red at " + x + "," + y);
                    assertEquals((rgb & 0xff) / 127.5f - 1, batch[2 * 4096 + y * 64 + x], 1e-6f,
                            first + " blue at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void debianFashionMnist() throws IOException, InterruptedException {
        Path file = fashionMnist();
        assumeTrue(file != null, "Debian's dataset-fashion-mnist is not installed (dpkg -L"
                + " dataset-fashion-mnist lists no train-images-idx3-ubyte.gz)");
        try (ImageDataset d = Datasets.open(new DataSpec(file.toString(), 32, 500, tmp))) {
            assertEquals(500, d.count());
            assertEquals(1, d.channels());
            float[] batch = new float[32 * 32];
            d.copyBatch(new int[] {0}, 0, 1, batch);
            double mean = 0;
            for (float v : batch) {
                mean += v;
            }
            assertTrue(mean / batch.length > -0.99, "first image is blank");
        }
    }

    private static Path fashionMnist() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("dpkg", "-L", "dataset-fashion-mnist")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null; // no dpkg on this machine
        }
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        return lines.stream().filter(l -> l.endsWith("train-images-idx3-ubyte.gz"))
                .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
    }
}

package org.panagan.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.metrics.NearestImages.Match;
import org.panagan.engine.metrics.NearestImages.Report;
import org.panagan.engine.metrics.NearestImages.Row;

class NearestImagesTest {

    private static final int NT = 60;
    private static final int C = 3;
    private static final int S = 64;
    private static final int PER = C * S * S;

    @Test
    void findsAPlantedCopyAndANoisedCopy() {
        float[] training = SyntheticImages.blobs(NT, C, S, 61, 0);
        float[] fresh = SyntheticImages.blobs(2, C, S, 62, 0);
        float[] generated = new float[4 * PER];
        System.arraycopy(training, 17 * PER, generated, 0, PER);
        Random random = new Random(63);
        for (int i = 0; i < PER; i++) {
            float noised = training[40 * PER + i] + (float) (0.02 * random.nextGaussian());
            generated[PER + i] = Math.clamp(noised, -1f, 1f);
        }
        System.arraycopy(fresh, 0, generated, 2 * PER, 2 * PER);

        Report report = NearestImages.find(training, NT, generated, 4, C, S, 3);

        assertEquals(32, report.comparedSize());
        assertEquals(NT, report.realSampled());
        assertTrue(report.realMedianNearest() > 0, "real images differ from each other");
        Row copy = report.rows().get(0);
        assertEquals(new Match(17, 0.0), copy.nearest().get(0));
        assertEquals(0, copy.ratioToRealMedian());
        Row noised = report.rows().get(1);
        assertEquals(40, noised.nearest().get(0).trainingIndex());
        assertTrue(noised.ratioToRealMedian() < 0.2, "noised copy ratio "
                + noised.ratioToRealMedian());
        for (int g = 2; g < 4; g++) {
            Row row = report.rows().get(g);
            assertEquals(3, row.nearest().size());
            for (int m = 1; m < 3; m++) {
                assertTrue(row.nearest().get(m).distance() >= row.nearest().get(m - 1).distance(),
                        "closest first");
            }
            assertTrue(row.ratioToRealMedian() > 0.3, "a fresh image is no copy: "
                    + row.ratioToRealMedian());
        }
    }

    @Test
    void distancesAreEuclideanAtTheComparedSize() {
        // Constant images: at any size the distance is |a - b| sqrt(C s s).
        int size = 8;
        float[] training = new float[2 * C * size * size];
        java.util.Arrays.fill(training, C * size * size, training.length, 0.5f);
        float[] generated = new float[C * size * size];
        java.util.Arrays.fill(generated, 0.3f);
        Report report = NearestImages.find(training, 2, generated, 1, C, size, 2,
                new NearestImages.Settings(4, 10, 1));
        assertEquals(4, report.comparedSize());
        double unit = Math.sqrt(C * 4 * 4);
        assertEquals(1, report.rows().get(0).nearest().get(0).trainingIndex());
        assertEquals(0.2 * unit, report.rows().get(0).nearest().get(0).distance(), 1e-6);
        assertEquals(0, report.rows().get(0).nearest().get(1).trainingIndex());
        assertEquals(0.3 * unit, report.rows().get(0).nearest().get(1).distance(), 1e-6);
        assertEquals(0.5 * unit, report.realMedianNearest(), 1e-6);
    }

    @Test
    void panelHasOneRowPerImage(@TempDir Path dir) throws IOException {
        float[] training = SyntheticImages.blobs(NT, C, S, 71, 0);
        float[] generated = SyntheticImages.blobs(3, C, S, 72, 0);
        Report report = NearestImages.find(training, NT, generated, 3, C, S, 4);
        Path png = dir.resolve("sub/nearest.png");
        NearestImages.panel(report, training, NT, generated, 3, C, S, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(5 * S + 3 * 2 + 8, image.getWidth());
        assertEquals(3 * S + 2 * 2, image.getHeight());
        // The first neighbour of row 0 is drawn where it belongs: compare one pixel.
        int t = report.rows().get(0).nearest().get(0).trainingIndex();
        int expectedRed = Math.round((training[t * PER + 5 * S + 9] + 1) * 127.5f);
        assertEquals(expectedRed, (image.getRGB(S + 8 + 9, 5) >> 16) & 0xff);
    }

    @Test
    void badInputIsNamed() {
        float[] training = new float[3 * PER];
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> NearestImages.find(training, 3, training, 1, C, S, 4));
        assertTrue(k.getMessage().contains("k = 4"), k.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> NearestImages.find(training, 1, training, 1, C, S, 1));
        assertTrue(one.getMessage().startsWith("training: count = 1"), one.getMessage());
        IllegalArgumentException divides = assertThrows(IllegalArgumentException.class,
                () -> NearestImages.find(training, 3, training, 1, C, S, 1,
                        new NearestImages.Settings(24, 10, 1)));
        assertTrue(divides.getMessage().contains("compareSize = 24"), divides.getMessage());
    }
}

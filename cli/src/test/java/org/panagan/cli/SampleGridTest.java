package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleGridTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"-1, 0", "1, 255", "0, 128", "-2, 0", "3, 255", "NaN, 0", "0.5, 191"})
    void mapsMinusOneToOneOntoBytes(float value, int expected) {
        assertEquals(expected, SampleGrid.toByte(value));
    }

    @ParameterizedTest(name = "{0} images of {1} px")
    @CsvSource({"1, 4, 8, 8", "8, 4, 50, 8", "9, 4, 50, 14", "64, 32, 274, 274"})
    void gridSize(int n, int size, int width, int height) {
        assertEquals(width, SampleGrid.width(n, size));
        assertEquals(height, SampleGrid.height(n, size));
    }

    @Test
    void placesEachImageAfterThePaddingInRowMajorOrder() throws IOException {
        // 9 RGB images of 3 px: image i has red = i/8 - 1 scaled, green -1, blue 1.
        int n = 9;
        int s = 3;
        float[] images = new float[n * 3 * s * s];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < s * s; p++) {
                images[(i * 3) * s * s + p] = i / 4f - 1f;
                images[(i * 3 + 1) * s * s + p] = -1f;
                images[(i * 3 + 2) * s * s + p] = 1f;
            }
        }
        Path file = tmp.resolve("grid.png");
        SampleGrid.write(images, n, 3, s, file);
        BufferedImage grid = ImageIO.read(file.toFile());

        assertEquals(0, grid.getRGB(0, 0) & 0xFFFFFF, "padding is black");
        for (int i = 0; i < n; i++) {
            int x = SampleGrid.PADDING + (i % 8) * (s + SampleGrid.PADDING) + s - 1;
            int y = SampleGrid.PADDING + (i / 8) * (s + SampleGrid.PADDING) + 1;
            int rgb = grid.getRGB(x, y) & 0xFFFFFF;
            assertEquals(SampleGrid.toByte(i / 4f - 1f), rgb >> 16, "red of image " + i);
            assertEquals(0, (rgb >> 8) & 0xFF, "green of image " + i);
            assertEquals(255, rgb & 0xFF, "blue of image " + i);
        }
    }
}

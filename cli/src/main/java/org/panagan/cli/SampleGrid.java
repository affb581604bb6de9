package org.panagan.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Writes images as one PNG grid, as torchvision's save_image lays them out: {@link #COLUMNS}
 * per row, {@link #PADDING} black pixels around and between them. Pixels in [-1, 1] map to
 * 0 .. 255 (values outside are clamped); one channel is written as grey, three as RGB.
 */
final class SampleGrid {

    static final int COLUMNS = 8;
    static final int PADDING = 2;

    private SampleGrid() {
    }

    /** Width in pixels of a grid of {@code n} images of side {@code size}. */
    static int width(int n, int size) {
        int columns = Math.min(n, COLUMNS);
        return columns * (size + PADDING) + PADDING;
    }

    /** Height in pixels of a grid of {@code n} images of side {@code size}. */
    static int height(int n, int size) {
        int rows = (n + COLUMNS - 1) / COLUMNS;
        return rows * (size + PADDING) + PADDING;
    }

    /**
     * {@code images}: n x channels x size x size floats (NCHW), channels 1 or 3 (a fourth, if
     * any, is not drawn).
     */
    static void write(float[] images, int n, int channels, int size, Path file)
            throws IOException {
        BufferedImage grid = new BufferedImage(width(n, size), height(n, size),
                BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            int x0 = PADDING + (i % COLUMNS) * (size + PADDING);
            int y0 = PADDING + (i / COLUMNS) * (size + PADDING);
            int base = i * channels * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = base + y * size + x;
                    int r = toByte(images[p]);
                    int g = channels >= 3 ? toByte(images[p + plane]) : r;
                    int b = channels >= 3 ? toByte(images[p + 2 * plane]) : r;
                    grid.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        if (!ImageIO.write(grid, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** [-1, 1] to 0 .. 255, rounded; NaN maps to 0. */
    static int toByte(float v) {
        float scaled = (v + 1f) * 127.5f;
        if (!(scaled > 0f)) {
            return 0;
        }
        return Math.min(255, Math.round(scaled));
    }
}

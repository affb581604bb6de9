package org.panagan.cli;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Generated images (NCHW floats in [-1, 1], mapped to bytes as {@link SampleGrid#toByte}) as
 * pictures: one image on its own, or a grid with a chosen number of columns and
 * {@link SampleGrid#PADDING} black pixels around and between the images. One or two channels
 * give grey pictures (the first channel), three or more RGB (the first three).
 */
final class Tiles {

    private Tiles() {
    }

    /** Image {@code index} of {@code images} (n x channels x size x size). */
    static BufferedImage image(float[] images, int index, int channels, int size) {
        BufferedImage picture = blank(size, size, channels);
        WritableRaster raster = picture.getRaster();
        int plane = size * size;
        int base = index * channels * plane;
        boolean colour = channels >= 3;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = base + y * size + x;
                if (colour) {
                    raster.setSample(x, y, 0, SampleGrid.toByte(images[p]));
                    raster.setSample(x, y, 1, SampleGrid.toByte(images[p + plane]));
                    raster.setSample(x, y, 2, SampleGrid.toByte(images[p + 2 * plane]));
                } else {
                    raster.setSample(x, y, 0, SampleGrid.toByte(images[p]));
                }
            }
        }
        return picture;
    }

    /** Width in pixels of a grid of {@code n} images of side {@code size}. */
    static int gridWidth(int n, int size, int columns) {
        return Math.min(n, columns) * (size + SampleGrid.PADDING) + SampleGrid.PADDING;
    }

    /** Height in pixels of a grid of {@code n} images of side {@code size}. */
    static int gridHeight(int n, int size, int columns) {
        int rows = (n + columns - 1) / columns;
        return rows * (size + SampleGrid.PADDING) + SampleGrid.PADDING;
    }

    /** The first {@code n} images, {@code columns} to a row, row by row. */
    static BufferedImage grid(float[] images, int n, int channels, int size, int columns) {
        BufferedImage grid = blank(gridWidth(n, size, columns), gridHeight(n, size, columns),
                channels);
        for (int i = 0; i < n; i++) {
            int x0 = SampleGrid.PADDING + (i % columns) * (size + SampleGrid.PADDING);
            int y0 = SampleGrid.PADDING + (i / columns) * (size + SampleGrid.PADDING);
            grid.getRaster().setRect(x0, y0, image(images, i, channels, size).getRaster());
        }
        return grid;
    }

    /** Writes a PNG, creating the folder it goes in. */
    static void writePng(BufferedImage picture, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(picture, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** Black, byte-per-sample RGB or grey. */
    private static BufferedImage blank(int width, int height, int channels) {
        return new BufferedImage(width, height, channels >= 3
                ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
    }
}

package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Datasets.fromPixels and copyBatch's mapping to [-1, 1]. */
class InMemoryDatasetTest {

    @Test
    void copiesTheOrderedImagesScaledToPlusMinusOne() {
        int c = 3;
        int s = 2;
        byte[] pixels = new byte[3 * c * s * s];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 21);
        }
        try (ImageDataset d = Datasets.fromPixels(c, s, pixels, "three tiny images")) {
            assertEquals(3, d.count());
            assertEquals("three tiny images", d.description());
            float[] dst = new float[2 * 12 + 5];
            Arrays.fill(dst, Float.NaN);
            d.copyBatch(new int[] {9, 2, 0, 9}, 1, 2, dst);
            for (int k = 0; k < 12; k++) {
                assertEquals(((pixels[2 * 12 + k] & 0xff) / 127.5) - 1, dst[k], 1e-6, "k " + k);
                assertEquals(((pixels[k] & 0xff) / 127.5) - 1, dst[12 + k], 1e-6, "k " + k);
            }
            assertEquals(Float.NaN, dst[24], "nothing written past n images");
        }
    }

    @Test
    void mapsTheEndsExactly() {
        try (ImageDataset d = Datasets.fromPixels(1, 1, new byte[] {0, (byte) 255}, "ends")) {
            float[] dst = new float[2];
            d.copyBatch(new int[] {0, 1}, 0, 2, dst);
            assertEquals(-1f, dst[0]);
            assertEquals(1f, dst[1]);
        }
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> Datasets.fromPixels(2, 2, new byte[8], "two channels"));
        assertThrows(IllegalArgumentException.class,
                () -> Datasets.fromPixels(1, 2, new byte[5], "not whole images"));
        try (ImageDataset d = Datasets.fromPixels(1, 2, new byte[8], "two")) {
            assertThrows(IllegalArgumentException.class,
                    () -> d.copyBatch(new int[] {2}, 0, 1, new float[4]));
            assertThrows(IllegalArgumentException.class,
                    () -> d.copyBatch(new int[] {0, 1}, 1, 2, new float[8]));
            assertThrows(IllegalArgumentException.class,
                    () -> d.copyBatch(new int[] {0, 1}, 0, 2, new float[7]));
        }
    }
}

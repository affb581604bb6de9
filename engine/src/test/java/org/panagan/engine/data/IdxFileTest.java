package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MNIST-format IDX image files, plain and gzip, written here. */
class IdxFileTest {

    private static final int N = 7;
    private static final int SIDE = 28;

    @TempDir
    Path tmp;

    private static byte[] images(long seed) {
        byte[] pixels = new byte[N * SIDE * SIDE];
        new Random(seed).nextBytes(pixels);
        return pixels;
    }

    private static byte[] idx(int magic, int count, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(count);
            out.writeInt(SIDE);
            out.writeInt(SIDE);
            out.write(pixels);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    private ImageDataset open(Path file, int size, int limit) {
        return Datasets.open(new DataSpec(file.toString(), size, limit, tmp.resolve("cache")));
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64})
    void plainAndGzipGiveTheResizedGrayImages(int size) throws IOException {
        byte[] pixels = images(size);
        Path plain = write("train-images-idx3-ubyte", idx(0x803, N, pixels), false);
        Path gz = write("train-images-idx3-ubyte.gz", idx(0x803, N, pixels), true);
        float[] a = new float[N * size * size];
        float[] b = new float[N * size * size];
        int[] order = {0, 1, 2, 3, 4, 5, 6};
        try (ImageDataset d = open(plain, size, 0); ImageDataset e = open(gz, size, 0)) {
            assertEquals(1, d.channels());
            assertEquals(N, d.count());
            assertEquals(N, e.count());
            d.copyBatch(order, 0, N, a);
            e.copyBatch(order, 0, N, b);
        }
        assertArrayEquals(a, b, "gzip and plain agree");
        for (int i = 0; i < N; i++) {
            byte[] want = Resampler.resizeCrop(Arrays.copyOfRange(pixels, i * SIDE * SIDE,
                    (i + 1) * SIDE * SIDE), SIDE, SIDE, size);
            for (int k = 0; k < size * size; k++) {
                assertEquals((want[k] & 0xff) / 127.5f - 1, a[i * size * size + k], 1e-6f);
            }
        }
    }

    @Test
    void limitAndCacheInvalidationByFileChange() throws IOException {
        Path gz = write("images.gz", idx(0x803, N, images(1)), true);
        try (ImageDataset d = open(gz, 32, 3)) {
            assertEquals(3, d.count());
            assertFalse(d.report().fromCache());
        }
        try (ImageDataset d = open(gz, 32, 3)) {
            assertTrue(d.report().fromCache());
        }
        write("images.gz", idx(0x803, N, images(2)), true);
        Files.setLastModifiedTime(gz, java.nio.file.attribute.FileTime.fromMillis(12345000L));
        try (ImageDataset d = open(gz, 32, 3)) {
            assertFalse(d.report().fromCache(), "a rewritten file invalidates the cache");
        }
    }

    @Test
    void labelsTruncationAndImpossibleHeadersAreRefusedWithAHint() throws IOException {
        Path labels = write("train-labels-idx1-ubyte", new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2},
                false);
        DatasetException e = assertThrows(DatasetException.class, () -> open(labels, 32, 0));
        assertTrue(e.getMessage().contains("images-idx3-ubyte"), e.getMessage());
        byte[] whole = idx(0x803, N, images(3));
        Path cut = write("cut.gz", Arrays.copyOf(whole, whole.length - 100), true);
        e = assertThrows(DatasetException.class, () -> open(cut, 32, 0));
        assertTrue(e.getMessage().contains("ends inside image 6") && e.getMessage()
                .contains("hint:"), e.getMessage());
        Path silly = write("silly", idx(0x803, -5, new byte[0]), false);
        e = assertThrows(DatasetException.class, () -> open(silly, 32, 0));
        assertTrue(e.getMessage().contains("impossible"), e.getMessage());
    }
}

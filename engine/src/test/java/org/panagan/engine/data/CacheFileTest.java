package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache file is laid out as the README says: header, NCHW uint8 images, skip summary. */
class CacheFileTest {

    @TempDir
    Path tmp;

    @Test
    void headerImagesAndSummaryAreWhereTheFormatSays() throws Exception {
        Path data = tmp.resolve("data");
        TestImages.write(data.resolve("a.png"), TestImages.gray(10, 10, 40), "png");
        TestImages.write(data.resolve("b.png"), TestImages.gray(12, 10, 90), "png");
        Files.writeString(data.resolve("c.txt"), "not an image");
        Path cache = tmp.resolve("cache");
        try (ImageDataset d = Datasets.open(new DataSpec(data.toString(), 8, 5, cache))) {
            assertEquals(2, d.count());
        }
        Path file;
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            file = all.getFirst();
        }
        assertTrue(file.getFileName().toString().matches("panagan-data-[0-9a-f]{24}\\.u8"),
                file.toString());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals("PGNDATA\0".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(bytes, 8));
        assertEquals(1, b.getInt(8), "version");
        assertEquals(8, b.getInt(12), "size");
        assertEquals(1, b.getInt(16), "channels");
        assertEquals(2, b.getInt(20), "count");
        assertEquals(5, b.getInt(24), "limit");
        assertEquals(0, b.getInt(28), "layout NCHW");
        int body = 2 * 8 * 8;
        for (int k = 0; k < 64; k++) {
            assertEquals(40, bytes[64 + k], "image 0");
            assertEquals(90, bytes[64 + 64 + k], "image 1");
        }
        String summary = new String(bytes, 64 + body, bytes.length - 64 - body,
                StandardCharsets.UTF_8);
        assertTrue(summary.contains("skip NOT_AN_IMAGE 1\n") && summary.contains(
                "example c.txt: NOT_AN_IMAGE"), summary);
    }
}

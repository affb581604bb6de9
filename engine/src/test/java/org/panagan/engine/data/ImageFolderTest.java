package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.data.DatasetReport.SkipReason;

/**
 * A folder of every format and colour model, nested, with one bad file of each kind and a
 * symlink loop: what is kept, what is skipped and why, the pixels, and the cache.
 */
class ImageFolderTest {

    private static final int SIZE = 16;

    /** The usable files in the order the dataset must hold them (sorted relative paths). */
    private static final List<String> GOOD = List.of("alpha.png", "cmyk.jpg", "colour.png",
            "gray16.png", "photo.jpg", "sub/deeper/gray.png", "sub/deeper/palette.gif",
            "sub/image.bmp");

    private static final Map<SkipReason, Integer> BAD = Map.of(SkipReason.EMPTY, 1,
            SkipReason.NOT_AN_IMAGE, 2, SkipReason.TRUNCATED, 4, SkipReason.TOO_SMALL, 1,
            SkipReason.TOO_LARGE, 1, SkipReason.LINK_LOOP, 1, SkipReason.UNREADABLE, 1);

    @TempDir
    Path tmp;

    private Path data;
    private Path cache;

    @BeforeEach
    void buildFolder() throws IOException {
        data = tmp.resolve("data");
        cache = tmp.resolve("cache");
        TestImages.write(data.resolve("colour.png"),
                TestImages.rgb(40, 30, BufferedImage.TYPE_INT_RGB), "png");
        TestImages.write(data.resolve("photo.jpg"),
                TestImages.rgb(50, 40, BufferedImage.TYPE_3BYTE_BGR), "jpg");
        TestImages.write(data.resolve("sub/image.bmp"),
                TestImages.rgb(33, 20, BufferedImage.TYPE_3BYTE_BGR), "bmp");
        TestImages.write(data.resolve("sub/deeper/palette.gif"), TestImages.palette(24, 24),
                "gif");
        TestImages.write(data.resolve("sub/deeper/gray.png"), TestImages.gray(20, 28, 100), "png");
        TestImages.write(data.resolve("alpha.png"), TestImages.halfTransparent(32, 32), "png");
        Files.write(data.resolve("cmyk.jpg"), TestImages.cmykJpeg(32, 24, 0, 255, 255, 0));
        TestImages.write(data.resolve("gray16.png"), TestImages.gray16(16, 16, 60 * 257), "png");

        Files.write(data.resolve("empty.png"), new byte[0]);
        Files.writeString(data.resolve("notes.txt"), "labels: none\n");
        byte[] garbage = new byte[5000];
        new Random(11).nextBytes(garbage);
        garbage[0] = 'x';
        Files.write(data.resolve("garbage.jpg"), garbage);
        byte[] png = TestImages.encode(noise(64, 64), "png");
        Files.write(data.resolve("cut.png"), Arrays.copyOf(png, png.length * 6 / 10));
        byte[] jpg = TestImages.encode(noise(64, 64), "jpg");
        Files.write(data.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
        byte[] gif = TestImages.encode(TestImages.palette(64, 64), "gif");
        Files.write(data.resolve("sub/cut.gif"), Arrays.copyOf(gif, gif.length * 7 / 10));
        byte[] bmp = TestImages.encode(noise(64, 64), "bmp");
        Files.write(data.resolve("sub/cut.bmp"), Arrays.copyOf(bmp, bmp.length / 2));
        TestImages.write(data.resolve("tiny.png"), TestImages.rgb(4, 6,
                BufferedImage.TYPE_INT_RGB), "png");
        Files.write(data.resolve("bomb.png"), TestImages.pngClaiming(20_000, 20_000));
        Files.createSymbolicLink(data.resolve("sub/loop"), data);
        Files.createSymbolicLink(data.resolve("dangling.png"), tmp.resolve("nowhere.png"));
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private ImageDataset open(Path source, int size, int limit) {
        return Datasets.open(new DataSpec(source.toString(), size, limit, cache));
    }

    /** All images as bytes 0..255 (rounded back from [-1, 1]). */
    private static int[] pixels(ImageDataset d) {
        int n = d.count();
        int per = d.channels() * d.imageSize() * d.imageSize();
        float[] f = new float[n * per];
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        d.copyBatch(order, 0, n, f);
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Math.round((f[i] + 1) * 127.5f);
        }
        return out;
    }

    /** Pixel (x, y) of image i, channel c. */
    private static int at(int[] p, int i, int c, int x, int y) {
        return p[((i * 3 + c) * SIZE + y) * SIZE + x];
    }

    @Test
    void keepsEveryFormatAndColourModelAndReportsEachBadFile() {
        try (ImageDataset d = open(data, SIZE, 0)) {
            DatasetReport r = d.report();
            assertEquals(GOOD.size(), d.count(), r.toString());
            assertEquals(GOOD.size(), r.read());
            assertEquals(3, d.channels());
            assertEquals(new TreeMap<>(BAD), new TreeMap<>(r.skipped()), r.examples().toString());
            assertEquals(BAD.values().stream().mapToInt(Integer::intValue).sum(), r.skippedTotal());
            assertTrue(r.examples().stream().anyMatch(e -> e.startsWith("cut.png: TRUNCATED")),
                    r.examples().toString());
            assertTrue(r.examples().stream().anyMatch(e -> e.startsWith("sub/loop: LINK_LOOP")),
                    r.examples().toString());
            assertTrue(r.examples().stream().anyMatch(e -> e.startsWith("bomb.png: TOO_LARGE")),
                    r.examples().toString());
            assertFalse(r.fromCache());
        }
    }

    @Test
    void convertsColourModelsToSrgbAndCompositesAlphaOntoWhite() {
        try (ImageDataset d = open(data, SIZE, 0)) {
            int[] p = pixels(d);
            int alpha = GOOD.indexOf("alpha.png");
            assertArrayEquals(new int[] {255, 0, 0}, rgbAt(p, alpha, 3, 8), "opaque red half");
            assertArrayEquals(new int[] {255, 255, 255}, rgbAt(p, alpha, 12, 8),
                    "transparent half composited onto white");
            int[] cmyk = rgbAt(p, GOOD.indexOf("cmyk.jpg"), 8, 8);
            assertTrue(cmyk[0] > 200 && cmyk[1] < 80 && cmyk[2] < 80,
                    "CMYK (0, 255, 255, 0) should read as red: " + Arrays.toString(cmyk));
            assertArrayEquals(new int[] {100, 100, 100}, rgbAt(p, GOOD.indexOf(
                    "sub/deeper/gray.png"), 5, 5), "gray levels are kept, not gamma-converted");
            assertArrayEquals(new int[] {60, 60, 60}, rgbAt(p, GOOD.indexOf("gray16.png"), 5, 5),
                    "16-bit gray scaled to 8 bits");
            int gif = GOOD.indexOf("sub/deeper/palette.gif");
            assertArrayEquals(new int[] {200, 10, 10}, rgbAt(p, gif, 2, 2));
            assertArrayEquals(new int[] {250, 250, 0}, rgbAt(p, gif, 13, 13));
            int jpg = GOOD.indexOf("photo.jpg");
            assertTrue(at(p, jpg, 0, 1, 8) + 150 < at(p, jpg, 0, 14, 8),
                    "red grows left to right in the JPEG");
        }
    }

    private static int[] rgbAt(int[] p, int i, int x, int y) {
        return new int[] {at(p, i, 0, x, y), at(p, i, 1, x, y), at(p, i, 2, x, y)};
    }

    @Test
    void losslessImagesAreTheirResizedCrop() {
        BufferedImage source = TestImages.rgb(33, 20, BufferedImage.TYPE_3BYTE_BGR);
        ImageDecoder.Result expected = ImageDecoder.fromImage(source, SIZE);
        try (ImageDataset d = open(data, SIZE, 0)) {
            int[] p = pixels(d);
            int i = GOOD.indexOf("sub/image.bmp");
            for (int k = 0; k < 3 * SIZE * SIZE; k++) {
                assertEquals(expected.rgb()[k] & 0xff, p[i * 3 * SIZE * SIZE + k], "byte " + k);
            }
        }
    }

    @Test
    void neverChangesTheSourceFolder() throws IOException {
        Map<String, String> before = listing(data);
        try (ImageDataset d = open(data, SIZE, 0)) {
            assertEquals(GOOD.size(), d.count());
        }
        try (ImageDataset d = open(data, 24, 0)) {
            assertEquals(GOOD.size(), d.count());
        }
        assertEquals(before, listing(data));
    }

    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                out.put(root.relativize(p).toString(), Files.isSymbolicLink(p) ? "link"
                        : Files.size(p) + " " + Files.getLastModifiedTime(p,
                        LinkOption.NOFOLLOW_LINKS));
            }
        }
        return out;
    }

    @Test
    void cacheIsReusedAndInvalidatedByChangesToTheFolderOrTheSize() throws IOException {
        Path stale = Files.createDirectories(cache).resolve("panagan-data-0.u8.1.tmp");
        Files.write(stale, new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis()
                - 2 * CacheFile.STALE_TEMP_MILLIS));
        int[] first;
        try (ImageDataset d = open(data, SIZE, 0)) {
            first = pixels(d);
            assertFalse(d.report().fromCache());
        }
        try (ImageDataset d = open(data, SIZE, 0)) {
            assertTrue(d.report().fromCache(), "second open reads the cache");
            assertArrayEquals(first, pixels(d));
            assertEquals(new TreeMap<>(BAD), new TreeMap<>(d.report().skipped()),
                    "the skip summary survives in the cache file");
        }
        List<String> files = cacheFiles();
        assertEquals(1, files.size(), "one cache file, no temporary left, the stale one gone: "
                + files);
        assertTrue(files.getFirst().endsWith(".u8"), files.toString());

        try (ImageDataset d = open(data, 24, 0)) {
            assertFalse(d.report().fromCache(), "another size is another cache");
            assertEquals(24, d.imageSize());
        }
        Path colour = data.resolve("colour.png");
        Files.setLastModifiedTime(colour, FileTime.fromMillis(
                Files.getLastModifiedTime(colour).toMillis() - 60_000));
        try (ImageDataset d = open(data, SIZE, 0)) {
            assertFalse(d.report().fromCache(), "a touched file invalidates the cache");
        }
        TestImages.write(data.resolve("sub/more.png"), TestImages.gray(12, 12, 7), "png");
        try (ImageDataset d = open(data, SIZE, 0)) {
            assertFalse(d.report().fromCache(), "a new file invalidates the cache");
            assertEquals(GOOD.size() + 1, d.count());
        }
        Path file = cache.resolve(files.getFirst());
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 100));
        try (ImageDataset d = open(data, SIZE, 0)) {
            assertFalse(d.report().fromCache(), "a cut cache file is rebuilt");
            assertEquals(GOOD.size() + 1, d.count());
        }
    }

    private List<String> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void limitTakesTheFirstImagesInPathOrder() {
        int[] all;
        try (ImageDataset d = open(data, SIZE, 0)) {
            all = pixels(d);
        }
        try (ImageDataset d = open(data, SIZE, 3)) {
            assertEquals(3, d.count());
            assertArrayEquals(Arrays.copyOf(all, 3 * 3 * SIZE * SIZE), pixels(d));
        }
    }

    @Test
    void aFolderOfGrayImagesHasOneChannel() throws IOException {
        Path gray = tmp.resolve("gray");
        TestImages.write(gray.resolve("a.png"), TestImages.gray(20, 20, 30), "png");
        TestImages.write(gray.resolve("b.png"), TestImages.gray16(10, 30, 65535), "png");
        TestImages.write(gray.resolve("c.gif"), TestImages.gray(16, 16, 200), "gif");
        try (ImageDataset d = open(gray, SIZE, 0)) {
            assertEquals(1, d.channels());
            assertEquals(3, d.count());
            float[] f = new float[3 * SIZE * SIZE];
            d.copyBatch(new int[] {0, 1, 2}, 0, 3, f);
            assertEquals(30 / 127.5f - 1, f[0], 1e-6f);
            assertEquals(1f, f[SIZE * SIZE], 1e-6f);
            assertEquals(200 / 127.5f - 1, f[2 * SIZE * SIZE + 17], 1e-6f);
        }
    }

    @Test
    void unusableSourcesFailNamingThePathWithAHint() throws IOException {
        Path missing = tmp.resolve("no-such-folder");
        assertFailure(missing, missing.toString());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertFailure(empty, "no usable image");
        Path junk = tmp.resolve("junk");
        Files.createDirectories(junk);
        Files.writeString(junk.resolve("a.txt"), "text");
        Files.write(junk.resolve("b.png"), new byte[0]);
        DatasetException e = assertFailure(junk, "no usable image");
        assertTrue(e.getMessage().contains("NOT_AN_IMAGE") && e.getMessage().contains("EMPTY"),
                e.getMessage());
        assertFailure(junk.resolve("a.txt"), "not an IDX image file");
        DatasetException inside = assertThrows(DatasetException.class, () -> Datasets.open(
                new DataSpec(data.toString(), SIZE, 0, data.resolve(".cache"))));
        assertTrue(inside.getMessage().contains("never written"), inside.getMessage());
        assertFalse(Files.exists(data.resolve(".cache")));
    }

    private DatasetException assertFailure(Path source, String expected) {
        DatasetException e = assertThrows(DatasetException.class, () -> open(source, SIZE, 0));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(source.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("hint:"), e.getMessage());
        return e;
    }

    @Test
    void aNamedPipeIsSkippedNotReadForever() throws IOException, InterruptedException {
        Path pipe = data.resolve("sub/pipe.png");
        int rc;
        try {
            rc = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            rc = -1;
        }
        assumeTrue(rc == 0, "mkfifo is not available here; a FIFO cannot be made to test with");
        try (ImageDataset d = open(data, SIZE, 0)) {
            assertEquals(GOOD.size(), d.count());
            assertEquals(BAD.get(SkipReason.UNREADABLE) + 1,
                    d.report().skipped().get(SkipReason.UNREADABLE));
            assertTrue(d.report().examples().stream().anyMatch(e -> e.startsWith(
                    "sub/pipe.png: UNREADABLE (not a regular file")), d.report().examples()
                    .toString());
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedDatasetRefusesReads() {
        ImageDataset d = open(data, SIZE, 0);
        d.close();
        d.close();
        assertThrows(IllegalStateException.class,
                () -> d.copyBatch(new int[] {0}, 0, 1, new float[3 * SIZE * SIZE]));
        assertNotEquals("", d.description());
    }
}

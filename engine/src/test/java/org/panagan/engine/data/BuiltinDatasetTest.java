package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The procedural food photos: deterministic, fast, and varied like photos. */
class BuiltinDatasetTest {

    @TempDir
    Path tmp;

    private static ImageDataset open(Path cache, int size, int limit) {
        return Datasets.open(new DataSpec(DataSpec.BUILTIN, size, limit, cache));
    }

    @Test
    void sameBytesEveryRunWhicheverThreadRendersThem() throws Exception {
        byte[] a;
        byte[] b;
        try (ImageDataset d = open(tmp.resolve("one"), 32, 200)) {
            assertEquals(200, d.count());
            a = cacheBody(tmp.resolve("one"), d);
        }
        try (ImageDataset d = open(tmp.resolve("two"), 32, 200)) {
            b = cacheBody(tmp.resolve("two"), d);
        }
        String hash = HexFormat.of().formatHex(CacheFile.digest().digest(a));
        System.out.println("builtin 32x32, first 200 images: SHA-256 " + hash);
        assertArrayEquals(a, b, "two preparations differ");
        // Rendered alone, on this thread, image 123 is the same as in the parallel run.
        byte[] alone = FoodScenes.render(BuiltinSource.SEED, 123, 32);
        int per = 3 * 32 * 32;
        for (int k = 0; k < per; k++) {
            assertEquals(a[123 * per + k], alone[k], "byte " + k + " of image 123");
        }
    }

    private static byte[] cacheBody(Path dir, ImageDataset d) throws Exception {
        try (var files = Files.list(dir)) {
            byte[] all = Files.readAllBytes(files.findFirst().orElseThrow());
            int body = d.count() * d.channels() * d.imageSize() * d.imageSize();
            return java.util.Arrays.copyOfRange(all, CacheFile.HEADER_BYTES,
                    CacheFile.HEADER_BYTES + body);
        }
    }

    @Test
    void threeThousandColourImagesAt64InAFewSecondsAndVariedLikePhotos() {
        long start = System.nanoTime();
        try (ImageDataset d = open(tmp, 64, 0)) {
            double seconds = (System.nanoTime() - start) * 1e-9;
            System.out.printf("builtin: %d images of 64x64 prepared in %.2f s on %d cores%n",
                    d.count(), seconds, Runtime.getRuntime().availableProcessors());
            assertEquals(BuiltinSource.COUNT, d.count());
            assertEquals(3, d.channels());
            assertTrue(d.description().contains("builtin food (3000 images, seed 7)"),
                    d.description());
            assertTrue(seconds < 60, "preparing took " + seconds + " s");
            int n = 300;
            int per = 3 * 64 * 64;
            float[] batch = new float[n * per];
            d.copyBatch(IntStream.range(0, n).map(i -> i * 10).toArray(), 0, n, batch);
            double[] means = new double[n];
            int textured = 0;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                double sq = 0;
                for (int k = 0; k < per; k++) {
                    double v = batch[i * per + k];
                    sum += v;
                    sq += v * v;
                }
                means[i] = sum / per;
                double std = Math.sqrt(sq / per - means[i] * means[i]);
                textured += std > 0.15 ? 1 : 0;
            }
            double mean = java.util.Arrays.stream(means).average().orElseThrow();
            double spread = Math.sqrt(java.util.Arrays.stream(means)
                    .map(m -> (m - mean) * (m - mean)).average().orElseThrow());
            System.out.printf("builtin: mean %.3f, spread of image means %.3f, %d of %d "
                    + "images with std > 0.15%n", mean, spread, textured, n);
            assertTrue(textured >= n * 0.95, textured + " of " + n + " images have contrast");
            assertTrue(spread > 0.08, "image means spread only " + spread);
            assertTrue(Math.abs(mean) < 0.6, "mean brightness " + mean);
        }
        try (ImageDataset d = open(tmp, 64, 0)) {
            assertTrue(d.report().fromCache(), "the second open maps the cache");
        }
    }

    /** Prints the SHA-256 of the first n built-in images at size s (for a second JVM). */
    public static void main(String[] args) {
        System.out.println(hashOfFirst(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
    }

    private static String hashOfFirst(int n, int size) {
        var digest = CacheFile.digest();
        for (int i = 0; i < n; i++) {
            digest.update(FoodScenes.render(BuiltinSource.SEED, i, size));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void anInterpretedJvmRendersTheSameBytes() throws Exception {
        // The child runs without a JIT (-Xint): compiled and interpreted float code must agree.
        hashOfFirst(150, 32); // warm-up, so this JVM's answer comes from compiled code
        String here = hashOfFirst(12, 32);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xint", "-cp", System.getProperty("java.class.path"),
                BuiltinDatasetTest.class.getName(), "12", "32").redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes()).trim();
        assertEquals(0, child.waitFor(), out);
        System.out.println("builtin 32x32, first 12 images: SHA-256 " + here
                + " (this JVM), " + out + " (-Xint JVM)");
        assertEquals(here, out.lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    void colourChannelsDiffer() {
        byte[] image = FoodScenes.render(BuiltinSource.SEED, 5, 32);
        int plane = 32 * 32;
        long diff = 0;
        for (int k = 0; k < plane; k++) {
            diff += Math.abs((image[k] & 0xff) - (image[2 * plane + k] & 0xff));
        }
        assertTrue(diff / (double) plane > 5, "red and blue planes nearly equal: " + diff);
    }
}

package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panagan.engine.Fuzz;

/**
 * {@link Datasets#open} on damaged IDX files, plain and gzip: each either opens (and its images
 * can be copied out) or fails with a {@link DatasetException}; never another exception, an
 * OutOfMemoryError or a hang. The header's magic, count, rows and columns are the fields most
 * mutants aim at.
 */
class IdxFuzzTest {

    private static final Fuzz.Budget BUDGET = new Fuzz.Budget(2000, 15, 10);
    private static final int COUNT = 5;
    private static final int SIDE = 28;

    /** Held so that its level stays set: each open logs a line, thousands of them here. */
    private static final Logger DATASETS = Logger.getLogger(Datasets.class.getName());

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        DATASETS.setLevel(Level.WARNING);
    }

    @AfterAll
    static void loud() {
        DATASETS.setLevel(null);
    }

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void damagedFilesOpenOrFailWithADatasetException(boolean gzip) throws IOException {
        long seed = Fuzz.seed();
        byte[] valid = idx(new SplittableRandom(seed), gzip);
        // Fields of the plain header (big-endian ints); in gzip they are compressed, and the
        // mutants hit the gzip header and the deflate stream instead.
        Fuzz.Field[] fields = new Fuzz.Field[4];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new Fuzz.Field(4 * i, 4, ByteOrder.BIG_ENDIAN);
        }
        Path cache = dir.resolve("cache");
        int read = Fuzz.run(gzip ? "idx.gz" : "idx", seed, valid, fields,
                new Fuzz.Budget(BUDGET.mutants() / 2, BUDGET.seconds() / 2, BUDGET.perInput()),
                DatasetException.class, (mutant, index) -> {
                    // A new name each time: the cache is keyed by path, size and time.
                    Path file = dir.resolve("mutant-" + index + (gzip ? ".gz" : ""));
                    Files.write(file, mutant);
                    try (ImageDataset d = Datasets.open(new DataSpec(file.toString(), 32, 0,
                            cache))) {
                        float[] batch = new float[2 * d.channels() * 32 * 32];
                        int n = Math.min(2, d.count());
                        d.copyBatch(EpochOrder.permutation(d.count(), 1, 1), 0, n, batch);
                    } finally {
                        Files.delete(file);
                        deleteTree(cache);
                    }
                });
        assertTrue(read >= 50, "only " + read + " mutants in the time budget");
    }

    /** A small valid IDX image file: COUNT images of SIDE x SIDE random bytes. */
    private static byte[] idx(SplittableRandom random, boolean gzip) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + COUNT * SIDE * SIDE).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x00000803).putInt(COUNT).putInt(SIDE).putInt(SIDE);
        byte[] pixels = new byte[COUNT * SIDE * SIDE];
        random.nextBytes(pixels);
        b.put(pixels);
        if (!gzip) {
            return b.array();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b.array());
        }
        return out.toByteArray();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

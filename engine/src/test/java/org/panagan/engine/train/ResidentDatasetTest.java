package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panagan.bindings.gpusim_h;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.BackendKind;
import org.panagan.engine.data.Datasets;
import org.panagan.engine.data.EpochOrder;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.dcgan.Architecture;

/**
 * Training from a dataset: on a device backend the whole dataset is uploaded once and batches
 * are gathered there from their indices; on the cpu backend, or when it does not fit, batches
 * are converted on the host. Every way must give the bits of {@code step(float[], n)} on the
 * same batches, full batches (graph replay) and a short last one (direct launches) alike.
 */
class ResidentDatasetTest {

    private static final Architecture TINY = new Architecture(8, 4, 4, 3, 16);
    private static final int BATCH = 4;
    private static final int COUNT = 11;  // epochs of 4 + 4 + 3

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = TestBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static ImageDataset dataset() {
        byte[] pixels = new byte[COUNT * 3 * 16 * 16];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        return Datasets.fromPixels(3, 16, pixels, "random bytes");
    }

    /** Two epochs through step(data, order, ...); returns G's and D's parameters. */
    private static float[][] trainFromDataset(ImageDataset data, boolean[] resident) {
        try (Trainer t = Trainer.open(TINY, BATCH, AdamParams.DCGAN, 9, true, backend)) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                int[] order = EpochOrder.permutation(COUNT, 9, epoch);
                for (int from = 0; from < COUNT; from += BATCH) {
                    assertTrue(t.step(data, order, from, Math.min(BATCH, COUNT - from))
                            .isFinite());
                }
            }
            resident[0] = t.holdsOnDevice(data);
            return new float[][] {t.generator().downloadParameters(),
                    t.discriminator().downloadParameters()};
        }
    }

    /** The same two epochs, each batch converted on the host and passed as floats. */
    private static float[][] trainFromFloats(ImageDataset data) {
        float[] batch = new float[BATCH * 3 * 16 * 16];
        try (Trainer t = Trainer.open(TINY, BATCH, AdamParams.DCGAN, 9, true, backend)) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                int[] order = EpochOrder.permutation(COUNT, 9, epoch);
                for (int from = 0; from < COUNT; from += BATCH) {
                    int n = Math.min(BATCH, COUNT - from);
                    data.copyBatch(order, from, n, batch);
                    t.step(batch, n);
                }
            }
            return new float[][] {t.generator().downloadParameters(),
                    t.discriminator().downloadParameters()};
        }
    }

    @Test
    void aDatasetOnTheDeviceTrainsAsHostBatchesDo() {
        try (ImageDataset data = dataset()) {
            boolean[] resident = new boolean[1];
            float[][] fromDataset = trainFromDataset(data, resident);
            float[][] fromFloats = trainFromFloats(data);
            assertEquals(backend.kind() != BackendKind.CPU, resident[0],
                    "the dataset is held on the device exactly when the backend has one");
            assertArrayEquals(fromFloats[0], fromDataset[0], "G after two epochs");
            assertArrayEquals(fromFloats[1], fromDataset[1], "D after two epochs");
        }
    }

    @Test
    void aDatasetThatDoesNotFitStaysOnTheHost() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestBackend.isSim(),
                "sets the simulator's memory budget");
        Backend.MemoryInfo info = backend.memoryInfo();
        try (ImageDataset data = dataset();
             Trainer t = Trainer.open(TINY, BATCH, AdamParams.DCGAN, 9, true, backend)) {
            long used = info.totalBytes() - backend.memoryInfo().freeBytes();
            gpusim_h.gpusim_set_memory_budget(used + 1024);
            try {
                assertFalse(t.holdsOnDevice(data), "no room: batches go from the host");
                assertTrue(t.step(data, EpochOrder.permutation(COUNT, 1, 1), 0, BATCH)
                        .isFinite());
            } finally {
                gpusim_h.gpusim_set_memory_budget(info.totalBytes());
            }
        }
    }

    @Test
    void imagesOfAnotherShapeOrIndicesOutsideAreRefused() {
        try (ImageDataset data = dataset();
             ImageDataset gray = Datasets.fromPixels(1, 16, new byte[4 * 256], "gray");
             Trainer t = Trainer.open(TINY, BATCH, AdamParams.DCGAN, 9, true, backend)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.step(gray, new int[] {0, 1, 2, 3}, 0, BATCH));
            assertTrue(e.getMessage().contains("1 x 16 x 16"), e.getMessage());
            assertThrows(RuntimeException.class,
                    () -> t.step(data, new int[] {0, 1, 2, COUNT}, 0, BATCH));
        }
    }
}

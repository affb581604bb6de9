package org.panagan.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panagan.engine.PanaganException;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * {@link Ops#gatherImages} on the cpu backend and the simulator: exact against p / 127.5f - 1
 * (one division and one subtraction, the same IEEE rounding in Java), into a poisoned output,
 * with an index past the end giving a NaN image, and mismatched tensors refused.
 */
class GatherImagesTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backends.Request.class, names = {"CPU", "SIM"})
    void gathersAndScalesEveryValueExactly(Backends.Request request) {
        Shape dataset = new Shape(7, 3, 5, 9);
        int elements = 3 * 5 * 9;
        long seed = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[7 * elements];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        int[] order = {6, 0, 3, 3, 7};  // a repeat, and 7 is past the end
        try (Backend backend = Backends.open(request);
             Buffer imagesBuffer = backend.allocate(pixels.length, "images");
             Buffer indicesBuffer = backend.allocate(4L * order.length, "indices");
             Buffer outBuffer = backend.allocate(4L * order.length * elements, "out")) {
            Tensor images = Tensor.of(imagesBuffer, DType.U8, dataset);
            Tensor indices = Tensor.of(indicesBuffer, DType.I32, new Shape(order.length));
            Tensor out = Tensor.of(outBuffer, dataset.withBatch(order.length));
            backend.upload(MemorySegment.ofArray(pixels), pixels.length, DType.U8, images);
            backend.upload(MemorySegment.ofArray(order), order.length, DType.I32, indices);
            backend.fill(out, Float.NaN);

            backend.gatherImages(images, indices, out);
            float[] got = new float[order.length * elements];
            backend.download(out, got);
            for (int i = 0; i < order.length; i++) {
                for (int e = 0; e < elements; e++) {
                    float actual = got[i * elements + e];
                    if (order[i] >= 7) {
                        assertTrue(Float.isNaN(actual), "image " + i + " (index past the end)");
                        continue;
                    }
                    int p = pixels[order[i] * elements + e] & 0xFF;
                    assertEquals(Float.floatToRawIntBits(p / 127.5f - 1f),
                            Float.floatToRawIntBits(actual), "image " + i + " value " + e
                                    + " from pixel " + p + "; seed " + seed);
                }
            }

            Tensor wrongOut = Tensor.of(outBuffer, new Shape(4, 3, 5, 9));
            PanaganException e = assertThrows(PanaganException.class,
                    () -> backend.gatherImages(images, indices, wrongOut));
            assertTrue(e.getMessage().contains("out"), e.getMessage());
            Tensor floatImages = Tensor.of(outBuffer, new Shape(1, 3, 5, 9));
            e = assertThrows(PanaganException.class,
                    () -> backend.gatherImages(floatImages, indices, out));
            assertTrue(e.getMessage().contains("U8"), e.getMessage());
        }
    }
}

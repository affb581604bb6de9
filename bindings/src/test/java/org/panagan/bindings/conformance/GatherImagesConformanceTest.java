package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.conformance.ArgumentErrors.BadCall;
import org.panagan.bindings.panagan_h;

/**
 * panagan_gather_images_u8: a batch assembled from uint8 images on the device.
 *
 * Exact: each value is one float division and one subtraction, p / 127.5f - 1, which Java's
 * float arithmetic computes with the same IEEE rounding, so expected and actual must have the
 * same bits. Output poisoned first; an index past the end must give a NaN image and touch
 * nothing else.
 */
class GatherImagesConformanceTest {

    private static final MemorySegment STREAM = MemorySegment.NULL;

    @BeforeEach
    void target() {
        Target.assumeAvailable();
    }

    record Case(String name, int elements, int count, int n) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case("1-byte images, batch 1", 1, 1, 1),
                new Case("3x7x9 images, 11 of them, batch 5", 189, 11, 5),
                new Case("DCGAN 3x64x64, 9 of them, batch 6", 3 * 64 * 64, 9, 6),
                new Case("1x28x28 (MNIST), 4 of them, batch 4", 784, 4, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gathersAndScalesEveryValue(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[c.elements() * c.count()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        int[] order = new int[c.n()];
        for (int i = 0; i < order.length; i++) {
            order[i] = rng.nextInt(c.count());
        }
        try (DeviceBuffer images = DeviceBuffer.ofBytes(pixels);
             DeviceBuffer indices = DeviceBuffer.ofInts(order);
             DeviceBuffer out = DeviceBuffer.floats((long) c.n() * c.elements())) {
            Native.check(panagan_h.panagan_gather_images_u8(images.ptr(), c.elements(),
                    c.count(), indices.ptr(), c.n(), out.ptr(), STREAM), "gather " + c);
            float[] got = out.toFloatArray();
            for (int i = 0; i < c.n(); i++) {
                for (int e = 0; e < c.elements(); e++) {
                    int p = pixels[order[i] * c.elements() + e] & 0xFF;
                    float want = p / 127.5f - 1f;
                    float actual = got[i * c.elements() + e];
                    if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(actual)) {
                        throw new AssertionError("image " + i + " (index " + order[i]
                                + ") value " + e + ": pixel " + p + " gave " + actual
                                + ", want " + want + "; seed " + seed);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anIndexPastTheEndGivesANaNImage(Case c) {
        int[] order = new int[c.n()];
        order[c.n() - 1] = c.count();
        try (DeviceBuffer images = DeviceBuffer.ofBytes(new byte[c.elements() * c.count()]);
             DeviceBuffer indices = DeviceBuffer.ofInts(order);
             DeviceBuffer out = DeviceBuffer.floats((long) c.n() * c.elements())) {
            Native.check(panagan_h.panagan_gather_images_u8(images.ptr(), c.elements(),
                    c.count(), indices.ptr(), c.n(), out.ptr(), STREAM), "gather " + c);
            float[] got = out.toFloatArray();
            for (int k = 0; k < got.length; k++) {
                boolean last = k >= (c.n() - 1) * c.elements();
                if (last) {
                    assertTrue(Float.isNaN(got[k]), "value " + k + " of the bad image");
                } else {
                    assertEquals(-1f, got[k], "value " + k + " (pixel 0)");
                }
            }
        }
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable();
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment p = MemorySegment.ofAddress(4096);
        return Stream.of(
                new BadCall("images = NULL", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(none, 4, 1, p, 1, p, STREAM),
                        "images must not be NULL"),
                new BadCall("indices = NULL", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(p, 4, 1, none, 1, p, STREAM),
                        "indices"),
                new BadCall("out = NULL", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(p, 4, 1, p, 1, none, STREAM),
                        "out"),
                new BadCall("image_elements = 0", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(p, 0, 1, p, 1, p, STREAM),
                        "image_elements must be > 0", "got 0"),
                new BadCall("image_count = -2", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(p, 4, -2, p, 1, p, STREAM),
                        "image_count", "-2"),
                new BadCall("n = 0", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(p, 4, 1, p, 0, p, STREAM),
                        "n must be in 1..65535", "got 0"),
                new BadCall("n = 70000", invalid, "panagan_gather_images_u8",
                        () -> panagan_h.panagan_gather_images_u8(p, 4, 1, p, 70000, p, STREAM),
                        "n must be in 1..65535", "got 70000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }
}

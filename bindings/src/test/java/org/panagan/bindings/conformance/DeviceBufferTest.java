package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panagan.bindings.NativeLibraries;
import org.panagan.bindings.gpusim_h;

/** The device buffers every conformance test relies on: poison, round trips, freeing. */
class DeviceBufferTest {

    @BeforeEach
    void target() {
        Target.assumeAvailable();
    }

    @Test
    void freshBuffersArePoisoned() {
        try (DeviceBuffer floats = DeviceBuffer.floats(7);
             DeviceBuffer ints = DeviceBuffer.ints(3)) {
            for (float f : floats.toFloatArray()) {
                assertTrue(Float.isNaN(f), "a fresh float is " + f);
            }
            assertArrayEquals(new int[] {-1, -1, -1}, ints.toIntArray());
            assertEquals(28, floats.byteSize());
        }
    }

    @Test
    void valuesSurviveTheRoundTripAndPoisonReturns() {
        float[] values = {1.5f, -2.25f, 0f, Float.MIN_VALUE, 3e38f};
        try (DeviceBuffer buffer = DeviceBuffer.of(values)) {
            assertArrayEquals(values, buffer.toFloatArray());
            buffer.poison();
            assertTrue(Float.isNaN(buffer.toFloatArray()[2]));
            buffer.upload(values);
            assertArrayEquals(values, buffer.toFloatArray());
        }
        try (DeviceBuffer longs = DeviceBuffer.ofLongs(1, -2, Long.MAX_VALUE)) {
            assertArrayEquals(new long[] {1, -2, Long.MAX_VALUE}, longs.toLongArray());
        }
    }

    @Test
    void anEmptyBufferIsNull() {
        try (DeviceBuffer empty = DeviceBuffer.bytes(0)) {
            assertEquals(MemorySegment.NULL, empty.ptr());
            assertEquals(0, empty.toFloatArray().length);
        }
    }

    @Test
    void aWrongSizedUploadIsRefused() {
        try (DeviceBuffer buffer = DeviceBuffer.floats(3)) {
            assertThrows(IllegalArgumentException.class, () -> buffer.upload(new float[4]));
        }
    }

    @Test
    void closeFreesOnceAndUseAfterCloseIsRefused() {
        long before = NativeLibraries.isSimulator() ? gpusim_h.gpusim_live_allocations() : 0;
        DeviceBuffer buffer = DeviceBuffer.floats(100);
        if (NativeLibraries.isSimulator()) {
            assertEquals(before + 1, gpusim_h.gpusim_live_allocations());
        }
        buffer.close();
        assertDoesNotThrow(buffer::close);
        if (NativeLibraries.isSimulator()) {
            assertEquals(before, gpusim_h.gpusim_live_allocations());
        }
        assertThrows(IllegalStateException.class, buffer::ptr);
    }
}

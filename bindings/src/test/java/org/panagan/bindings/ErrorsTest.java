package org.panagan.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** The error conventions of panagan.h: status codes, their names, the thread's last error. */
@DisabledIfSystemProperty(named = "panagan.native.library", matches = "cuda",
        disabledReason = "the cuda execution runs only the conformance suite")
class ErrorsTest {

    private static final int COUNT = 37;
    private MemorySegment x;

    @BeforeEach
    void allocate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            assertEquals(0, cuda_runtime_h.cudaMalloc(out, COUNT * Float.BYTES), "cudaMalloc");
            x = out.get(ADDRESS, 0);
        }
    }

    @AfterEach
    void free() {
        assertEquals(0, cuda_runtime_h.cudaFree(x), "cudaFree");
    }

    @Test
    void anInvalidArgumentNamesTheFunctionAndTheArgument() {
        int status = panagan_h.panagan_fill(x, -1, 1.0f, MemorySegment.NULL);
        String error = lastError();
        assertEquals(panagan_h.PANAGAN_INVALID_ARGUMENT(), status, error);
        assertTrue(error.startsWith("panagan_fill"), error);
        assertTrue(error.contains("count"), error);
        assertTrue(error.contains("-1"), error);
    }

    @Test
    void theLastErrorIsEmptyAgainAfterASuccess() {
        panagan_h.panagan_fill(x, -1, 1.0f, MemorySegment.NULL);
        assertTrue(!lastError().isEmpty(), "the failed call set an error");

        int status = panagan_h.panagan_fill(x, COUNT, 2.5f, MemorySegment.NULL);
        assertEquals(panagan_h.PANAGAN_OK(), status, lastError());
        assertEquals("", lastError());
        assertEquals(0, cuda_runtime_h.cudaDeviceSynchronize());
        float[] expected = new float[COUNT];
        Arrays.fill(expected, 2.5f);
        assertArrayEquals(expected, download(), "the successful fill ran");
    }

    @Test
    void theLastErrorBelongsToTheCallingThread() throws InterruptedException {
        panagan_h.panagan_fill(x, -1, 1.0f, MemorySegment.NULL);
        AtomicReference<String> seen = new AtomicReference<>();
        Thread other = new Thread(() -> seen.set(lastError()));
        other.start();
        other.join();
        assertEquals("", seen.get(), "another thread's error text leaked");
        assertTrue(lastError().startsWith("panagan_fill"), lastError());
    }

    @Test
    void statusNamesAreTheConstantNames() {
        assertEquals("PANAGAN_OK", statusName(panagan_h.PANAGAN_OK()));
        assertEquals("PANAGAN_INVALID_ARGUMENT", statusName(panagan_h.PANAGAN_INVALID_ARGUMENT()));
        assertEquals("PANAGAN_WORKSPACE_TOO_SMALL",
                statusName(panagan_h.PANAGAN_WORKSPACE_TOO_SMALL()));
        assertEquals("PANAGAN_CUDA_ERROR", statusName(panagan_h.PANAGAN_CUDA_ERROR()));
        assertEquals("PANAGAN_UNKNOWN_STATUS", statusName(4));
        assertEquals("PANAGAN_UNKNOWN_STATUS", statusName(-1));
    }

    /** 10000*major + 100*minor + patch of the project version the build passes in. */
    @Test
    void theVersionIsTheProjectVersion() {
        int version = panagan_h.panagan_version();
        String project = System.getProperty("panagan.project.version");
        if (project == null) {
            assertTrue(version > 0, "version " + version);
            return;
        }
        String[] parts = project.replaceAll("-.*", "").split("\\.");
        int expected = 10000 * Integer.parseInt(parts[0]) + 100 * Integer.parseInt(parts[1])
                + Integer.parseInt(parts[2]);
        assertEquals(expected, version, "panagan_version() against project version " + project);
    }

    private float[] download() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_FLOAT, COUNT);
            assertEquals(0, cuda_runtime_h.cudaMemcpy(host, x, COUNT * Float.BYTES,
                    cuda_runtime_h.cudaMemcpyDeviceToHost()));
            return host.toArray(JAVA_FLOAT);
        }
    }

    private static String lastError() {
        return panagan_h.panagan_last_error().getString(0);
    }

    private static String statusName(int status) {
        return panagan_h.panagan_status_name(status).getString(0);
    }
}

package org.panagan.engine.backend;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.panagan.bindings.CudaDeviceName;
import org.panagan.bindings.cuda_runtime_h;
import org.panagan.engine.PanaganException;

/**
 * The CUDA devices the bound runtime reports, for {@code panagan info}. Call only when the
 * bindings are bound to the real runtime (not the simulator).
 */
public final class CudaDevices {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private CudaDevices() {
    }

    /** One device: its index, name, compute capability, multiprocessors and memory. */
    public record Device(int index, String name, int major, int minor, int multiprocessors,
                         long freeBytes, long totalBytes) {

        public String describe() {
            return String.format(Locale.ROOT,
                    "%s, compute capability %d.%d, %d SMs, %.1f GiB (%.1f GiB free)",
                    name, major, minor, multiprocessors, totalBytes / GIB, freeBytes / GIB);
        }
    }

    /**
     * Every device, in the runtime's order.
     *
     * @throws PanaganException naming the runtime call that failed and its error
     */
    public static List<Device> list() {
        List<Device> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            check("cudaGetDeviceCount", cuda_runtime_h.cudaGetDeviceCount(count));
            for (int d = 0; d < count.get(JAVA_INT, 0); d++) {
                out.add(device(arena, d));
            }
        }
        return out;
    }

    private static Device device(Arena arena, int d) {
        MemorySegment value = arena.allocate(JAVA_INT);
        int major = attribute(value, cuda_runtime_h.cudaDevAttrComputeCapabilityMajor(), d);
        int minor = attribute(value, cuda_runtime_h.cudaDevAttrComputeCapabilityMinor(), d);
        int sms = attribute(value, cuda_runtime_h.cudaDevAttrMultiProcessorCount(), d);
        check("cudaSetDevice", cuda_runtime_h.cudaSetDevice(d));
        MemorySegment free = arena.allocate(JAVA_LONG);
        MemorySegment total = arena.allocate(JAVA_LONG);
        check("cudaMemGetInfo", cuda_runtime_h.cudaMemGetInfo(free, total));
        String name = CudaDeviceName.of(d).orElse("(name not reported by this runtime)");
        return new Device(d, name, major, minor, sms, free.get(JAVA_LONG, 0),
                total.get(JAVA_LONG, 0));
    }

    private static int attribute(MemorySegment value, int attribute, int device) {
        check("cudaDeviceGetAttribute", cuda_runtime_h.cudaDeviceGetAttribute(value, attribute,
                device));
        return value.get(JAVA_INT, 0);
    }

    private static void check(String function, int status) {
        NativeBackend.checkCuda(status, function);
    }
}

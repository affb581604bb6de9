package org.panagan.cli;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.panagan.bindings.NativeLibraries;
import org.panagan.bindings.cuda_runtime_h;

/**
 * The CUDA devices the bound runtime reports, for {@code panagan info}. Call only when the
 * bindings are bound to the real runtime (not the simulator).
 */
final class CudaDevices {

    /** cudaDeviceProp starts with {@code char name[256]}; the rest of it is never read. */
    private static final int NAME_BYTES = 256;
    /** Larger than cudaDeviceProp in any CUDA release (about 1 KiB), so the call cannot overrun. */
    private static final long PROPERTIES_BYTES = 16 * 1024;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private CudaDevices() {
    }

    /** One device: its index, name, compute capability, multiprocessors and memory. */
    record Device(int index, String name, int major, int minor, int multiprocessors,
                  long freeBytes, long totalBytes) {

        String describe() {
            return String.format(Locale.ROOT,
                    "%s, compute capability %d.%d, %d SMs, %.1f GiB (%.1f GiB free)",
                    name, major, minor, multiprocessors, totalBytes / GIB, freeBytes / GIB);
        }
    }

    /** Every device, in the runtime's order; a failing call is reported in the device's name. */
    static List<Device> list() {
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
        String name = name(arena, d).orElse("(name not reported by this runtime)");
        return new Device(d, name, major, minor, sms, free.get(JAVA_LONG, 0),
                total.get(JAVA_LONG, 0));
    }

    private static int attribute(MemorySegment value, int attribute, int device) {
        check("cudaDeviceGetAttribute", cuda_runtime_h.cudaDeviceGetAttribute(value, attribute,
                device));
        return value.get(JAVA_INT, 0);
    }

    /**
     * The device's name from cudaGetDeviceProperties, which the bindings do not bind (its struct
     * changes between CUDA releases); only the leading name field is read.
     */
    private static Optional<String> name(Arena arena, int device) {
        SymbolLookup runtime = NativeLibraries.cudaRuntimeLookup();
        Optional<MemorySegment> function = runtime.find("cudaGetDeviceProperties_v2")
                .or(() -> runtime.find("cudaGetDeviceProperties"));
        if (function.isEmpty()) {
            return Optional.empty();
        }
        MemorySegment properties = arena.allocate(PROPERTIES_BYTES);
        try {
            int status = (int) Linker.nativeLinker().downcallHandle(function.get(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT))
                    .invokeExact(properties, device);
            if (status != 0) {
                return Optional.empty();
            }
        } catch (Throwable e) {
            return Optional.empty();
        }
        return Optional.of(properties.asSlice(0, NAME_BYTES).getString(0));
    }

    private static void check(String function, int status) {
        if (status != 0) {
            throw new CliFailure(function + " returned CUDA error " + status,
                    "check the driver with nvidia-smi");
        }
    }
}

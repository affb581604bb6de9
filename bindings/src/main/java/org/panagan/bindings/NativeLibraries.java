package org.panagan.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses, once per JVM and at first use, the native library behind {@link panagan_h},
 * {@link cuda_runtime_h} and {@link gpusim_h}, and says why.
 *
 * <p>{@code -Dpanagan.native.library} picks it:
 * <ul>
 *   <li>{@code sim}: {@code libpanagan_sim.so}, panagan's kernels on the host simulator, which
 *       also exports the CUDA runtime subset and the simulator's own controls;</li>
 *   <li>{@code cuda}: the real CUDA runtime ({@code libcudart.so.13}) and
 *       {@code libpanagan_cuda.so}; it fails, with every reason, when either cannot be loaded or
 *       the runtime reports no device;</li>
 *   <li>{@code auto} (the default): {@code cuda} when it can be used, {@code sim} otherwise.</li>
 * </ul>
 * Our libraries are looked for in {@code -Dpanagan.native.dir}, else {@code $PANAGAN_NATIVE_DIR},
 * else {@code ./native/build} and {@code ../native/build} below the working directory.
 *
 * <p>The header classes follow jextract's layout except for one line: their
 * {@code SYMBOL_LOOKUP} comes from here instead of naming a library (bindings/jextract.sh makes
 * the same edit after regenerating them).
 */
public final class NativeLibraries {

    /** The system property that picks the library: sim, cuda or auto. */
    public static final String LIBRARY_PROPERTY = "panagan.native.library";
    /** The system property naming the directory that holds our libraries. */
    public static final String DIR_PROPERTY = "panagan.native.dir";
    /** The environment variable consulted when {@link #DIR_PROPERTY} is not set. */
    public static final String DIR_ENV = "PANAGAN_NATIVE_DIR";

    static final String SIM_FILE = "libpanagan_sim.so";
    static final String CUDA_FILE = "libpanagan_cuda.so";
    /** The runtime libpanagan_cuda.so was linked against (nvcc 13). */
    static final String CUDART_SONAME = "libcudart.so.13";

    private static final System.Logger LOG = System.getLogger(NativeLibraries.class.getName());

    private NativeLibraries() {
    }

    /** Which library backs the bindings. */
    public enum Kind {
        SIM, CUDA;

        /** "sim" or "cuda", as {@code -Dpanagan.native.library} spells it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The choice made: which kind, what was requested, the libraries loaded (paths, or the bare
     * name when the system loader found it), why this one, and why each other one was not used.
     */
    public record Choice(Kind kind, String requested, List<String> libraries, String reason,
                         List<String> rejected) {
        public Choice {
            libraries = List.copyOf(libraries);
            rejected = List.copyOf(rejected);
        }

        /** One line: the choice, its libraries and why, then why not the others. */
        public String describe() {
            String text = kind.id() + " (" + String.join(", ", libraries) + "): " + reason;
            return rejected.isEmpty() ? text : text + "; not used: " + String.join("; ", rejected);
        }
    }

    /** No library could back the bindings; the message gives every path tried and why. */
    public static final class LoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message);
        }

        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One library that cannot be used, and why; internal to the choosing. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** A directory we look in, and where it came from (shown in messages). */
    record Candidate(Path dir, String source) {
        @Override
        public String toString() {
            return dir + " (" + source + ")";
        }
    }

    /** Everything the choice depends on, gathered from properties and environment once. */
    record Settings(String requested, List<Candidate> dirs, List<String> runtimeCandidates) {
        static Settings fromEnvironment() {
            String requested = System.getProperty(LIBRARY_PROPERTY, "auto")
                    .trim().toLowerCase(Locale.ROOT);
            Path cwd = Path.of("").toAbsolutePath();
            return new Settings(requested,
                    candidateDirs(System.getProperty(DIR_PROPERTY), System.getenv(DIR_ENV), cwd),
                    NativeLibraries.runtimeCandidates(System.getenv("CUDA_HOME")));
        }
    }

    record Loaded(Choice choice, SymbolLookup panagan, SymbolLookup cudaRuntime,
                  SymbolLookup gpusim) {
    }

    private static Loaded loaded;
    private static LoadException failure;

    // ---------------------------------------------------------------------------------------
    // What the header classes and callers use
    // ---------------------------------------------------------------------------------------

    /** The choice, made now if it was not made yet. Throws {@link LoadException} if none. */
    public static Choice choice() {
        return loaded().choice();
    }

    /** True when the simulator library backs the bindings. */
    public static boolean isSimulator() {
        return choice().kind() == Kind.SIM;
    }

    /** Where {@link panagan_h} finds its symbols. */
    public static SymbolLookup panaganLookup() {
        return loaded().panagan();
    }

    /** Where {@link cuda_runtime_h} finds its symbols (the simulator exports them too). */
    public static SymbolLookup cudaRuntimeLookup() {
        return loaded().cudaRuntime();
    }

    /** Where {@link gpusim_h} finds its symbols: the simulator, or nothing on a real GPU. */
    public static SymbolLookup gpusimLookup() {
        return loaded().gpusim();
    }

    private static synchronized Loaded loaded() {
        if (loaded != null) {
            return loaded;
        }
        if (failure != null) {
            throw new LoadException(failure.getMessage(), failure);
        }
        try {
            loaded = load(Settings.fromEnvironment());
        } catch (LoadException e) {
            failure = e;
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "panagan native library: " + loaded.choice().describe());
        return loaded;
    }

    // ---------------------------------------------------------------------------------------
    // Choosing
    // ---------------------------------------------------------------------------------------

    static Loaded load(Settings settings) {
        String requested = settings.requested();
        String how = "-D" + LIBRARY_PROPERTY + "=" + requested;
        switch (requested) {
            case "sim" -> {
                return loadSimOrThrow(settings, "requested by " + how,
                        List.of("cuda: not tried, since " + how));
            }
            case "cuda" -> {
                try {
                    return loadCuda(settings, "requested by " + how);
                } catch (Unavailable e) {
                    throw new LoadException(how + ", but CUDA cannot be used: " + e.getMessage());
                }
            }
            case "auto" -> {
                try {
                    return loadCuda(settings, "auto: a CUDA device is usable");
                } catch (Unavailable e) {
                    return loadSimOrThrow(settings, "auto: CUDA cannot be used",
                            List.of("cuda: " + e.getMessage()));
                }
            }
            default -> throw new LoadException(how + " is not one of sim, cuda, auto");
        }
    }

    private static Loaded loadSimOrThrow(Settings settings, String reason, List<String> rejected) {
        try {
            Path path = findLibrary(SIM_FILE, settings.dirs());
            SymbolLookup sim = openLibrary(path, Arena.global());
            Choice choice = new Choice(Kind.SIM, settings.requested(), List.of(path.toString()),
                    reason, rejected);
            return new Loaded(choice, sim, sim, sim);
        } catch (Unavailable e) {
            List<String> all = new ArrayList<>(rejected);
            all.add("sim: " + e.getMessage());
            throw new LoadException("no native library can back panagan's bindings ("
                    + reason + "):\n  - " + String.join("\n  - ", all));
        }
    }

    /**
     * The real runtime and libpanagan_cuda.so, or why not. The libraries live in their own arena,
     * closed (so unloaded) when CUDA turns out to be unusable.
     */
    static Loaded loadCuda(Settings settings, String reason) throws Unavailable {
        Arena arena = Arena.ofShared();
        try {
            Opened runtime = openCudaRuntime(settings.runtimeCandidates(), arena);
            int devices = deviceCount(runtime);
            Path path = findLibrary(CUDA_FILE, settings.dirs());
            SymbolLookup panagan = openLibrary(path, arena);
            Choice choice = new Choice(Kind.CUDA, settings.requested(),
                    List.of(runtime.name(), path.toString()),
                    reason + " (the runtime reports " + devices + " device(s))",
                    List.of("sim: not needed, CUDA is usable"));
            return new Loaded(choice, panagan, runtime.lookup(), name -> Optional.empty());
        } catch (Unavailable | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    record Opened(String name, SymbolLookup lookup) {
    }

    private static Opened openCudaRuntime(List<String> candidates, Arena arena)
            throws Unavailable {
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                if (candidate.contains("/")) {
                    Path path = Path.of(candidate);
                    if (!Files.exists(path)) {
                        tried.add(candidate + ": no such file");
                        continue;
                    }
                    return new Opened(candidate, openLibrary(path, arena));
                }
                return new Opened(candidate, openByName(candidate, arena));
            } catch (Unavailable e) {
                tried.add(e.getMessage());
            }
        }
        throw new Unavailable("the CUDA runtime " + CUDART_SONAME + " could not be loaded; tried "
                + String.join("; ", tried)
                + ". hint: install the CUDA 13 runtime or set CUDA_HOME");
    }

    /** How many devices the runtime sees; Unavailable with its error name and text if none. */
    private static int deviceCount(Opened opened) throws Unavailable {
        SymbolLookup runtime = opened.lookup();
        String from = " (runtime " + opened.name() + ")";
        MethodHandle getCount = downcall(runtime, "cudaGetDeviceCount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena call = Arena.ofConfined()) {
            MemorySegment count = call.allocate(JAVA_INT);
            int error = (int) getCount.invokeExact(count);
            if (error != 0) {
                throw new Unavailable("no CUDA device: cudaGetDeviceCount returned "
                        + cudaErrorText(runtime, error) + from);
            }
            int devices = count.get(JAVA_INT, 0);
            if (devices < 1) {
                throw new Unavailable("no CUDA device: cudaGetDeviceCount reports 0 devices"
                        + from);
            }
            return devices;
        } catch (Unavailable e) {
            throw e;
        } catch (Throwable e) {
            throw new Unavailable("calling cudaGetDeviceCount failed: " + e);
        }
    }

    /** "cudaErrorNoDevice (100): no CUDA-capable device is detected", from the runtime itself. */
    private static String cudaErrorText(SymbolLookup runtime, int error) throws Unavailable {
        FunctionDescriptor text = FunctionDescriptor.of(ADDRESS, JAVA_INT);
        try {
            MemorySegment name = (MemorySegment) downcall(runtime, "cudaGetErrorName", text)
                    .invokeExact(error);
            MemorySegment string = (MemorySegment) downcall(runtime, "cudaGetErrorString", text)
                    .invokeExact(error);
            return cString(name) + " (" + error + "): " + cString(string);
        } catch (Unavailable e) {
            throw e;
        } catch (Throwable e) {
            return "error " + error;
        }
    }

    private static MethodHandle downcall(SymbolLookup lookup, String name, FunctionDescriptor desc)
            throws Unavailable {
        MemorySegment address = lookup.find(name).orElseThrow(
                () -> new Unavailable("the CUDA runtime does not export " + name));
        return Linker.nativeLinker().downcallHandle(address, desc);
    }

    // ---------------------------------------------------------------------------------------
    // Finding and opening files (package-private for tests: they do not touch the JVM's choice)
    // ---------------------------------------------------------------------------------------

    /** Where our libraries may be: the property, else the environment, else the defaults. */
    static List<Candidate> candidateDirs(String property, String env, Path workingDir) {
        if (property != null && !property.isBlank()) {
            return List.of(new Candidate(Path.of(property), "-D" + DIR_PROPERTY));
        }
        if (env != null && !env.isBlank()) {
            return List.of(new Candidate(Path.of(env), "$" + DIR_ENV));
        }
        return List.of(
                new Candidate(workingDir.resolve("native/build").normalize(),
                        "default, below the working directory"),
                new Candidate(workingDir.resolve("../native/build").normalize(),
                        "default, beside the working directory"));
    }

    /** Where the CUDA runtime may be: $CUDA_HOME, the usual install, then the system loader. */
    static List<String> runtimeCandidates(String cudaHome) {
        List<String> out = new ArrayList<>();
        if (cudaHome != null && !cudaHome.isBlank()) {
            out.add(Path.of(cudaHome, "lib64", CUDART_SONAME).toString());
        }
        out.add("/usr/local/cuda/lib64/" + CUDART_SONAME);
        out.add(CUDART_SONAME);
        return out;
    }

    /** The first {@code dir/file} that exists, or Unavailable naming every path tried. */
    static Path findLibrary(String file, List<Candidate> dirs) throws Unavailable {
        List<String> tried = new ArrayList<>();
        for (Candidate candidate : dirs) {
            Path path = candidate.dir().resolve(file).toAbsolutePath().normalize();
            if (Files.isRegularFile(path)) {
                return path;
            }
            tried.add(path + " (" + candidate.source() + ")");
        }
        throw new Unavailable(file + " was not found; tried " + String.join(", ", tried)
                + ". hint: build it with native/build.sh (scripts/test.sh does), or point -D"
                + DIR_PROPERTY + " or $" + DIR_ENV + " at the directory that holds it");
    }

    static SymbolLookup openLibrary(Path path, Arena arena) throws Unavailable {
        try {
            return SymbolLookup.libraryLookup(path, arena);
        } catch (IllegalArgumentException e) {
            throw new Unavailable(path + " could not be loaded: " + loaderMessage(path.toString())
                    .orElse(String.valueOf(e.getMessage())));
        }
    }

    private static SymbolLookup openByName(String name, Arena arena) throws Unavailable {
        try {
            return SymbolLookup.libraryLookup(name, arena);
        } catch (IllegalArgumentException e) {
            throw new Unavailable(name + " (system loader path) could not be loaded: "
                    + loaderMessage(name).orElse(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The dynamic loader's own explanation (dlerror) of why a library does not open: the JDK's
     * exception only says that it did not. Empty when it opens now or dlopen is not reachable.
     */
    static Optional<String> loaderMessage(String nameOrPath) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Optional<MemorySegment> dlopen = libc.find("dlopen");
        Optional<MemorySegment> dlerror = libc.find("dlerror");
        Optional<MemorySegment> dlclose = libc.find("dlclose");
        if (dlopen.isEmpty() || dlerror.isEmpty() || dlclose.isEmpty()) {
            return Optional.empty();
        }
        final int rtldNow = 2;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) linker.downcallHandle(dlopen.get(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT))
                    .invokeExact(call.allocateFrom(nameOrPath), rtldNow);
            if (!handle.equals(MemorySegment.NULL)) {
                int ignored = (int) linker.downcallHandle(dlclose.get(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS)).invokeExact(handle);
                return Optional.empty();
            }
            MemorySegment text = (MemorySegment) linker.downcallHandle(dlerror.get(),
                    FunctionDescriptor.of(ADDRESS)).invokeExact();
            return text.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(cString(text));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    private static String cString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "(null)"
                : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}

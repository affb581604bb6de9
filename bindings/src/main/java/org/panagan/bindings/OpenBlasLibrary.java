package org.panagan.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and opens OpenBLAS, once per JVM and at first use, for {@link cblas_h}; says which
 * library it opened and why the others were not used.
 *
 * <p>{@code -Dpanagan.openblas} picks it:
 * <ul>
 *   <li>{@code auto} (the default): the system's {@code libopenblas.so.0} when the dynamic
 *       loader finds one, else the bundled copy;</li>
 *   <li>{@code system}: only the system's;</li>
 *   <li>{@code bundled}: the copy inside the {@code org.bytedeco:openblas} jar for
 *       linux-x86_64 on the class path, extracted on first use into a cache directory
 *       ({@code -Dpanagan.openblas.cache}, else {@code $XDG_CACHE_HOME/panagan}, else
 *       {@code ~/.cache/panagan}, else the temporary directory);</li>
 *   <li>a path: that file.</li>
 * </ul>
 *
 * <p>Before the library loads, {@code OPENBLAS_CORETYPE} may be set for it (OpenBLAS reads
 * it once, when it initialises, to pick its kernels). {@code -Dpanagan.openblas.coretype}
 * decides: {@code auto} (the default) sets {@code SkylakeX} on AMD processors with
 * AVX-512 F, BW, DQ and VL when the environment does not set the variable, because OpenBLAS
 * 0.3.31 does not recognise Zen 5 and falls back to its AVX2 (Haswell) kernels, which run
 * sgemm at about half the speed there; {@code fastest} does the same but also replaces the
 * environment's value (the benchmark scripts use it: machine images that export
 * {@code OPENBLAS_CORETYPE=Haswell} for other software would otherwise halve our sgemm);
 * {@code keep} changes nothing; any other value is set as given, replacing the environment's.
 */
public final class OpenBlasLibrary {

    /** The system property that picks the library: auto, system, bundled or a path. */
    public static final String LIBRARY_PROPERTY = "panagan.openblas";
    /** The system property naming the directory the bundled copy is extracted into. */
    public static final String CACHE_PROPERTY = "panagan.openblas.cache";
    /** The system property that decides OPENBLAS_CORETYPE: auto, keep, or a core name. */
    public static final String CORETYPE_PROPERTY = "panagan.openblas.coretype";

    /** The Maven artifact the bundled copy comes from (it must be on the class path). */
    public static final String BUNDLED_ARTIFACT = "org.bytedeco:openblas:0.3.31-1.5.13:linux-x86_64";
    static final String BUNDLED_DIR_NAME = "openblas-0.3.31-1.5.13-linux-x86_64";
    static final String RESOURCE_DIR = "org/bytedeco/openblas/linux-x86_64/";
    static final String SONAME = "libopenblas.so.0";
    /** libopenblas finds libgfortran beside itself (its RUNPATH is $ORIGIN); these two are
     *  libgfortran's own dependencies, which that RUNPATH does not cover. */
    static final List<String> BUNDLED_RUNTIME = List.of("libgcc_s.so.1", "libquadmath.so.0");
    static final List<String> BUNDLED_FILES =
            List.of(SONAME, "libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1");
    /** Written last into an extracted directory: its presence means every file is complete. */
    static final String COMPLETE_MARKER = ".complete";

    static final String CORETYPE_ENV = "OPENBLAS_CORETYPE";
    /** OpenBLAS's AVX-512 sgemm kernels; they need these instruction set extensions. */
    static final String AVX512_CORE = "SkylakeX";
    static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl");

    private static final System.Logger LOG = System.getLogger(OpenBlasLibrary.class.getName());

    private OpenBlasLibrary() {
    }

    /**
     * What was opened: the library (a path, or the bare name the system loader resolved), where
     * it came from, OpenBLAS's own description of its build and the kernels it picked, what was
     * done about OPENBLAS_CORETYPE, and why each other option was not used.
     */
    public record Choice(String library, String source, String config, String coreName,
                         String coreType, List<String> rejected) {
        public Choice {
            rejected = List.copyOf(rejected);
        }

        /** One line: library, build, kernels and core-type decision, then why not the others. */
        public String describe() {
            String text = library + " (" + source + "): " + config + ", kernels " + coreName
                    + "; " + coreType;
            return rejected.isEmpty() ? text : text + "; not used: " + String.join("; ", rejected);
        }
    }

    /** OpenBLAS could not be opened; the message gives every place tried and why. */
    public static final class LoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message);
        }

        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One way of getting the library that did not work, and why; internal to the choosing. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Everything the choice depends on, read from properties and environment once. */
    record Settings(String requested, String coreTypeSetting, String coreTypeEnv,
                    List<Path> cacheDirs, String cpuInfo) {
        static Settings fromEnvironment() {
            return new Settings(
                    System.getProperty(LIBRARY_PROPERTY, "auto").trim(),
                    System.getProperty(CORETYPE_PROPERTY, "auto").trim(),
                    System.getenv(CORETYPE_ENV),
                    OpenBlasLibrary.cacheDirs(System.getProperty(CACHE_PROPERTY),
                            System.getenv("XDG_CACHE_HOME"),
                            System.getProperty("user.home"), System.getProperty("java.io.tmpdir"),
                            System.getProperty("user.name")),
                    readCpuInfo());
        }
    }

    record Loaded(Choice choice, SymbolLookup lookup) {
    }

    private static Loaded loaded;
    private static LoadException failure;

    // ---------------------------------------------------------------------------------------
    // What cblas_h and callers use
    // ---------------------------------------------------------------------------------------

    /** The choice, made now if it was not made yet. Throws {@link LoadException} if none. */
    public static Choice choice() {
        return loaded().choice();
    }

    /** Why OpenBLAS cannot be used, or empty when it can (opening it if it was not open). */
    public static Optional<String> unavailableReason() {
        try {
            loaded();
            return Optional.empty();
        } catch (LoadException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Where {@link cblas_h} finds its symbols. */
    public static SymbolLookup lookup() {
        return loaded().lookup();
    }

    private static synchronized Loaded loaded() {
        if (loaded != null) {
            return loaded;
        }
        if (failure != null) {
            throw new LoadException(failure.getMessage(), failure);
        }
        try {
            loaded = load(Settings.fromEnvironment(), Arena.global());
        } catch (LoadException e) {
            failure = e;
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "OpenBLAS: " + loaded.choice().describe());
        return loaded;
    }

    // ---------------------------------------------------------------------------------------
    // Choosing
    // ---------------------------------------------------------------------------------------

    static Loaded load(Settings settings, Arena arena) {
        String how = "-D" + LIBRARY_PROPERTY + "=" + settings.requested();
        String coreType = applyCoreType(settings);
        List<String> rejected = new ArrayList<>();
        switch (settings.requested().toLowerCase(Locale.ROOT)) {
            case "auto" -> {
                try {
                    return opened(openSystem(arena), "system loader path", coreType, rejected);
                } catch (Unavailable e) {
                    rejected.add("system: " + e.getMessage());
                }
                try {
                    return opened(openBundled(settings.cacheDirs(), arena),
                            "bundled " + BUNDLED_ARTIFACT, coreType, rejected);
                } catch (Unavailable e) {
                    rejected.add("bundled: " + e.getMessage());
                }
            }
            case "system" -> {
                try {
                    return opened(openSystem(arena), "system loader path, " + how, coreType,
                            rejected);
                } catch (Unavailable e) {
                    rejected.add("system: " + e.getMessage());
                }
            }
            case "bundled" -> {
                try {
                    return opened(openBundled(settings.cacheDirs(), arena),
                            "bundled " + BUNDLED_ARTIFACT + ", " + how, coreType, rejected);
                } catch (Unavailable e) {
                    rejected.add("bundled: " + e.getMessage());
                }
            }
            default -> {
                Path path = Path.of(settings.requested());
                try {
                    if (!Files.isRegularFile(path)) {
                        throw new Unavailable(path + ": no such file");
                    }
                    return opened(new Opened(path.toString(), openPath(path, arena)), how,
                            coreType, rejected);
                } catch (Unavailable e) {
                    rejected.add(e.getMessage());
                }
            }
        }
        throw new LoadException("OpenBLAS cannot be opened (" + how + "):\n  - "
                + String.join("\n  - ", rejected)
                + "\nhint: install OpenBLAS (apt-get install libopenblas0), put " + BUNDLED_ARTIFACT
                + " on the class path, or point -D" + LIBRARY_PROPERTY + " at libopenblas.so");
    }

    record Opened(String name, SymbolLookup lookup) {
    }

    /** The library is open; check it is OpenBLAS with CBLAS and describe it. */
    private static Loaded opened(Opened opened, String source, String coreType,
                                 List<String> rejected) throws Unavailable {
        SymbolLookup lookup = opened.lookup();
        for (String symbol : List.of("cblas_sgemm", "openblas_set_num_threads",
                "openblas_get_num_threads", "openblas_get_config", "openblas_get_corename")) {
            if (lookup.find(symbol).isEmpty()) {
                throw new Unavailable(opened.name() + " does not export " + symbol
                        + " (not OpenBLAS with its CBLAS interface?)");
            }
        }
        String config = callString(lookup, "openblas_get_config");
        String core = callString(lookup, "openblas_get_corename");
        return new Loaded(new Choice(opened.name(), source, config, core, coreType, rejected),
                lookup);
    }

    private static Opened openSystem(Arena arena) throws Unavailable {
        try {
            return new Opened(SONAME, SymbolLookup.libraryLookup(SONAME, arena));
        } catch (IllegalArgumentException e) {
            throw new Unavailable(SONAME + " is not on the system loader path: "
                    + NativeLibraries.loaderMessage(SONAME).orElse(String.valueOf(e.getMessage())));
        }
    }

    /** Extracts the bundled files (once) and opens them, libgfortran's dependencies first. */
    private static Opened openBundled(List<Path> cacheDirs, Arena arena) throws Unavailable {
        ClassLoader loader = OpenBlasLibrary.class.getClassLoader();
        if (loader.getResource(RESOURCE_DIR + SONAME) == null) {
            throw new Unavailable(BUNDLED_ARTIFACT + " is not on the class path (no resource "
                    + RESOURCE_DIR + SONAME + ")");
        }
        Path dir = extractBundled(loader, cacheDirs);
        for (String runtime : BUNDLED_RUNTIME) {
            try {
                SymbolLookup.libraryLookup(runtime, arena);
            } catch (IllegalArgumentException notOnTheSystem) {
                openPath(dir.resolve(runtime), arena);
            }
        }
        Path library = dir.resolve(SONAME);
        return new Opened(library.toString(), openPath(library, arena));
    }

    static SymbolLookup openPath(Path path, Arena arena) throws Unavailable {
        try {
            return SymbolLookup.libraryLookup(path, arena);
        } catch (IllegalArgumentException e) {
            throw new Unavailable(path + " could not be loaded: "
                    + NativeLibraries.loaderMessage(path.toString())
                            .orElse(String.valueOf(e.getMessage())));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Extracting the bundled copy (package-private for tests)
    // ---------------------------------------------------------------------------------------

    /** Where the bundled copy may be extracted, in order of preference. */
    static List<Path> cacheDirs(String property, String xdgCache, String home, String tmp,
                                String user) {
        List<Path> dirs = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            dirs.add(Path.of(property));
            return dirs;
        }
        if (xdgCache != null && !xdgCache.isBlank()) {
            dirs.add(Path.of(xdgCache, "panagan"));
        }
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, ".cache", "panagan"));
        }
        if (tmp != null && !tmp.isBlank()) {
            dirs.add(Path.of(tmp, "panagan-" + (user == null ? "user" : user)));
        }
        return dirs;
    }

    /**
     * The directory holding every bundled file, extracted now if no complete copy exists.
     * Extraction writes into a fresh sibling directory and renames it into place, so JVMs
     * extracting at the same time never see each other's partial files.
     */
    static Path extractBundled(ClassLoader loader, List<Path> cacheDirs) throws Unavailable {
        List<String> tried = new ArrayList<>();
        for (Path parent : cacheDirs) {
            Path dir = parent.resolve(BUNDLED_DIR_NAME);
            if (Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
                return dir;
            }
            try {
                Files.createDirectories(parent);
                Path staging = Files.createTempDirectory(parent, "." + BUNDLED_DIR_NAME + "-");
                try {
                    for (String file : BUNDLED_FILES) {
                        copyResource(loader, RESOURCE_DIR + file, staging.resolve(file));
                    }
                    Files.createFile(staging.resolve(COMPLETE_MARKER));
                    moveIntoPlace(staging, dir);
                } finally {
                    deleteTree(staging);
                }
                if (Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
                    return dir;
                }
                tried.add(dir + ": another copy is there but incomplete");
            } catch (IOException | RuntimeException e) {
                tried.add(dir + ": " + e);
            }
        }
        throw new Unavailable("the bundled files could not be extracted; tried "
                + String.join("; ", tried) + " (set -D" + CACHE_PROPERTY
                + " to a writable directory)");
    }

    private static void copyResource(ClassLoader loader, String resource, Path target)
            throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the class path lacks " + resource);
            }
            Files.copy(in, target);
        }
    }

    /** Renames staging to dir; when another JVM got there first, its copy is kept. */
    private static void moveIntoPlace(Path staging, Path dir) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return;
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, dir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // OPENBLAS_CORETYPE
    // ---------------------------------------------------------------------------------------

    /**
     * Sets OPENBLAS_CORETYPE when the settings ask for it; returns what was done, in words.
     * {@code auto} never replaces a value the environment already has (it only says when
     * another one would be faster); {@code fastest} and an explicit core name do, since the
     * command line is the more specific request.
     */
    static String applyCoreType(Settings settings) {
        String env = settings.coreTypeEnv();
        boolean envSet = env != null && !env.isBlank();
        String setting = settings.coreTypeSetting();
        String how = "-D" + CORETYPE_PROPERTY + "=" + setting;
        switch (setting.toLowerCase(Locale.ROOT)) {
            case "keep" -> {
                return envSet ? CORETYPE_ENV + "=" + env + " from the environment"
                        : CORETYPE_ENV + " not set (OpenBLAS detects the processor)";
            }
            case "auto" -> {
                Optional<String> better = autoCoreType(settings.cpuInfo());
                if (envSet) {
                    String text = CORETYPE_ENV + "=" + env + " from the environment";
                    if (better.isPresent() && !better.get().equalsIgnoreCase(env)) {
                        text += " (this processor has AVX-512: -D" + CORETYPE_PROPERTY
                                + "=fastest would use OpenBLAS's AVX-512 kernels, "
                                + better.get() + ")";
                    }
                    return text;
                }
                if (better.isEmpty()) {
                    return CORETYPE_ENV + " not set (OpenBLAS detects the processor)";
                }
                return setCoreType(better.get(), how + ", AMD with AVX-512", null);
            }
            case "fastest" -> {
                Optional<String> better = autoCoreType(settings.cpuInfo());
                if (better.isEmpty() || (envSet && better.get().equalsIgnoreCase(env))) {
                    return envSet ? CORETYPE_ENV + "=" + env + " from the environment"
                            : CORETYPE_ENV + " not set (OpenBLAS detects the processor)";
                }
                return setCoreType(better.get(), how + ", AMD with AVX-512",
                        envSet ? env : null);
            }
            default -> {
                return setCoreType(setting, how, envSet ? env : null);
            }
        }
    }

    private static String setCoreType(String value, String how, String replaced) {
        if (!setenv(CORETYPE_ENV, value)) {
            return CORETYPE_ENV + "=" + value + " was wanted (" + how + ") but setenv failed";
        }
        return CORETYPE_ENV + "=" + value + " set by " + how
                + (replaced == null ? "" : ", replacing " + replaced + " from the environment");
    }

    /** SkylakeX on AMD processors whose flags include AVX-512 F, BW, DQ and VL. */
    static Optional<String> autoCoreType(String cpuInfo) {
        String vendor = null;
        Set<String> flags = Set.of();
        for (String line : cpuInfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("vendor_id") && vendor == null) {
                vendor = value;
            } else if (key.equals("flags") && flags.isEmpty()) {
                flags = Set.of(value.split("\\s+"));
            }
        }
        boolean amd = "AuthenticAMD".equals(vendor);
        return amd && flags.containsAll(AVX512_FLAGS) ? Optional.of(AVX512_CORE) : Optional.empty();
    }

    private static String readCpuInfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** libc's setenv(name, value, 1): the variable is read by C code, not by Java. */
    private static boolean setenv(String name, String value) {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> setenv = linker.defaultLookup().find("setenv");
        if (setenv.isEmpty()) {
            return false;
        }
        try (Arena call = Arena.ofConfined()) {
            int status = (int) linker.downcallHandle(setenv.get(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT))
                    .invokeExact(call.allocateFrom(name), call.allocateFrom(value), 1);
            return status == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static String callString(SymbolLookup lookup, String function) {
        try {
            MemorySegment text = (MemorySegment) Linker.nativeLinker().downcallHandle(
                    lookup.find(function).orElseThrow(), FunctionDescriptor.of(ADDRESS))
                    .invokeExact();
            return text.equals(MemorySegment.NULL) ? "(null)"
                    : text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable e) {
            return "(" + function + " failed: " + e + ")";
        }
    }
}

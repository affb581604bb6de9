package org.panagan.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * How the library is chosen and how a failure explains itself. Only the first test touches the
 * JVM-wide choice (this run asks for the simulator); the others call the package-private steps
 * with their own settings.
 */
@DisabledIfSystemProperty(named = "panagan.native.library", matches = "cuda",
        disabledReason = "the cuda execution runs only the conformance suite")
class NativeLibrariesTest {

    private static final Path CWD = Path.of("/work/somewhere/bindings");

    @Test
    void theSimulatorIsChosenWhenRequestedAndWorks() {
        Assumptions.assumeTrue("sim".equals(System.getProperty(NativeLibraries.LIBRARY_PROPERTY)),
                "the build runs this class with -Dpanagan.native.library=sim");
        NativeLibraries.Choice choice = NativeLibraries.choice();
        assertEquals(NativeLibraries.Kind.SIM, choice.kind(), choice.describe());
        assertTrue(NativeLibraries.isSimulator());
        assertEquals(1, choice.libraries().size(), choice.describe());
        assertTrue(choice.libraries().get(0).endsWith("/libpanagan_sim.so"), choice.describe());
        assertTrue(choice.reason().contains("requested"), choice.describe());
        assertTrue(choice.rejected().get(0).startsWith("cuda: not tried"), choice.describe());
        assertTrue(panagan_h.panagan_version() > 0, "a call into the library works");
    }

    @Test
    void theDirectoryPropertyWinsOverTheEnvironmentAndTheDefaults() {
        List<NativeLibraries.Candidate> dirs =
                NativeLibraries.candidateDirs("/opt/lib", "/env/lib", CWD);
        assertEquals(List.of(new NativeLibraries.Candidate(Path.of("/opt/lib"),
                "-Dpanagan.native.dir")), dirs);
        dirs = NativeLibraries.candidateDirs(null, "/env/lib", CWD);
        assertEquals(List.of(new NativeLibraries.Candidate(Path.of("/env/lib"),
                "$PANAGAN_NATIVE_DIR")), dirs);
        dirs = NativeLibraries.candidateDirs(" ", null, CWD);
        assertEquals(List.of(Path.of("/work/somewhere/bindings/native/build"),
                        Path.of("/work/somewhere/native/build")),
                dirs.stream().map(NativeLibraries.Candidate::dir).toList());
    }

    @Test
    void aMissingLibraryNamesEveryPathTried() {
        var dirs = NativeLibraries.candidateDirs(null, null, Path.of("/nonexistent/a/b"));
        var e = assertThrows(NativeLibraries.Unavailable.class,
                () -> NativeLibraries.findLibrary(NativeLibraries.SIM_FILE, dirs));
        String message = e.getMessage();
        assertTrue(message.contains("/nonexistent/a/b/native/build/libpanagan_sim.so"), message);
        assertTrue(message.contains("/nonexistent/a/native/build/libpanagan_sim.so"), message);
        assertTrue(message.contains("panagan.native.dir"), message);
    }

    @Test
    void aBadDirectoryPropertyFailsTheSimulatorWithEveryPathTried() {
        var settings = new NativeLibraries.Settings("sim",
                NativeLibraries.candidateDirs("/nonexistent/build", null, CWD), List.of());
        var e = assertThrows(NativeLibraries.LoadException.class,
                () -> NativeLibraries.load(settings));
        String message = e.getMessage();
        assertTrue(message.contains("/nonexistent/build/libpanagan_sim.so (-Dpanagan.native.dir)"),
                message);
        assertTrue(message.contains("cuda: not tried"), message);
    }

    @Test
    void cudaWithoutARuntimeSaysWhereItLooked() {
        var settings = new NativeLibraries.Settings("cuda", ourDirs(),
                List.of("/nonexistent/cuda/lib64/libcudart.so.13", "libpanagan_no_such_lib.so.13"));
        var e = assertThrows(NativeLibraries.LoadException.class,
                () -> NativeLibraries.load(settings));
        String message = e.getMessage();
        assertTrue(message.startsWith("-Dpanagan.native.library=cuda, but CUDA cannot be used"),
                message);
        assertTrue(message.contains("/nonexistent/cuda/lib64/libcudart.so.13: no such file"),
                message);
        // The dynamic loader's own words, not only the JDK's "cannot open library".
        assertTrue(message.contains("libpanagan_no_such_lib.so.13: cannot open shared object"),
                message);
    }

    @Test
    void cudaOnThisMachineIsEitherUsableOrSaysWhyNot() {
        var settings = new NativeLibraries.Settings("cuda", ourDirs(),
                NativeLibraries.runtimeCandidates(System.getenv("CUDA_HOME")));
        try {
            NativeLibraries.Loaded loaded = NativeLibraries.load(settings);
            assertEquals(NativeLibraries.Kind.CUDA, loaded.choice().kind());
            assertEquals(2, loaded.choice().libraries().size(), loaded.choice().describe());
        } catch (NativeLibraries.LoadException e) {
            String message = e.getMessage();
            assertTrue(message.contains("no CUDA device: cudaGetDeviceCount returned")
                    || message.contains("could not be loaded")
                    || message.contains("libpanagan_cuda.so was not found"), message);
        }
    }

    @Test
    void autoFallsBackToTheSimulatorAndRecordsWhy() {
        var settings = new NativeLibraries.Settings("auto", ourDirs(),
                List.of("/nonexistent/cuda/lib64/libcudart.so.13"));
        NativeLibraries.Choice choice = NativeLibraries.load(settings).choice();
        assertEquals(NativeLibraries.Kind.SIM, choice.kind());
        assertTrue(choice.rejected().get(0).startsWith("cuda: the CUDA runtime"),
                choice.describe());
        assertTrue(choice.describe().contains("/nonexistent/cuda/lib64/libcudart.so.13"),
                choice.describe());
    }

    @Test
    void anUnknownRequestIsRefused() {
        var settings = new NativeLibraries.Settings("gpu", ourDirs(), List.of());
        var e = assertThrows(NativeLibraries.LoadException.class,
                () -> NativeLibraries.load(settings));
        assertEquals("-Dpanagan.native.library=gpu is not one of sim, cuda, auto", e.getMessage());
    }

    private static List<NativeLibraries.Candidate> ourDirs() {
        return NativeLibraries.candidateDirs(System.getProperty(NativeLibraries.DIR_PROPERTY),
                System.getenv(NativeLibraries.DIR_ENV), Path.of("").toAbsolutePath());
    }
}

package org.panagan.bindings.conformance;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;
import org.panagan.bindings.NativeLibraries;

/**
 * Which target the conformance tests run on: the simulator, or a real GPU. On a run that asks
 * for CUDA (-Dpanagan.native.library=cuda) where no GPU can be used, every test is skipped with
 * the reason instead of failing.
 */
final class Target {

    private static boolean skipReported;

    private Target() {
    }

    /**
     * A JUnit assumption that the requested target can run kernels. A failure to load the
     * simulator is not skipped: it fails, since the simulator must always work.
     */
    static void assumeAvailable() {
        String requested = System.getProperty(NativeLibraries.LIBRARY_PROPERTY, "auto");
        try {
            NativeLibraries.choice();
        } catch (NativeLibraries.LoadException e) {
            if (!"cuda".equalsIgnoreCase(requested.trim())) {
                throw e;
            }
            String reason = "needs a CUDA GPU: " + e.getMessage();
            reportSkipOnce(reason);
            Assumptions.abort(reason);
        }
    }

    /**
     * Whether the requested target can run kernels, for set-up code that must not abort a whole
     * class (each test then reports its own skip through {@link #assumeAvailable()}).
     */
    static boolean available() {
        try {
            assumeAvailable();
            return true;
        } catch (TestAbortedException e) {
            return false;
        }
    }

    /** "sim" or "cuda". */
    static String name() {
        return NativeLibraries.choice().kind().id();
    }

    /** Surefire shows a skip count but not its reason on the console; say it once. */
    private static synchronized void reportSkipOnce(String reason) {
        if (!skipReported) {
            skipReported = true;
            System.err.println("[panagan conformance] skipping every test: " + reason);
        }
    }
}

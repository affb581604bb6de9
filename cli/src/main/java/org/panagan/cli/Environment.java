package org.panagan.cli;

import java.util.Objects;

import org.panagan.bindings.NativeLibraries;
import org.panagan.bindings.OpenBlasLibrary;
import org.panagan.engine.backend.BackendKind;

/** Lines describing the machine and the libraries found, shared by `info` and `train`. */
final class Environment {

    private Environment() {
    }

    /** "25.0.1+8 (Eclipse Adoptium), /usr/lib/jvm/temurin-25" */
    static String jdk() {
        return Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("java.home");
    }

    /** $JAVA_HOME, or that it is not set. */
    static String javaHome() {
        return Objects.requireNonNullElse(System.getenv("JAVA_HOME"), "(not set)");
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** The native library the bindings use and why, or why none could be loaded. */
    static String nativeLibrary() {
        try {
            NativeLibraries.Choice choice = NativeLibraries.choice();
            return choice.kind().id() + ": " + String.join(", ", choice.libraries()) + "\n"
                    + "why: " + choice.reason()
                    + (choice.rejected().isEmpty() ? ""
                            : "\nnot used: " + String.join("\n  ", choice.rejected()));
        } catch (NativeLibraries.LoadException e) {
            return "none loaded: " + e.getMessage();
        }
    }

    /** The native library a backend of {@code kind} runs on (one line). */
    static String nativeLibraryLine(BackendKind kind) {
        if (kind == BackendKind.CPU) {
            return "none needed (the cpu backend is Java and OpenBLAS)";
        }
        return String.join(", ", NativeLibraries.choice().libraries());
    }

    /** The OpenBLAS the cpu backend uses and where it came from, or why none. */
    static String openBlas() {
        try {
            return OpenBlasLibrary.choice().describe();
        } catch (OpenBlasLibrary.LoadException e) {
            return "not available: " + e.getMessage();
        }
    }
}

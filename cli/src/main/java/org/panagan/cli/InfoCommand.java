package org.panagan.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.panagan.bindings.NativeLibraries;
import org.panagan.engine.PanaganException;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.backend.CudaDevices;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints what panagan finds on this machine: JDK, OS, native libraries, CUDA, OpenBLAS. */
@Command(name = "info", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Show the JDK, the native libraries found and where, the CUDA devices "
                + "(or why none), OpenBLAS, and the backend `--device auto` would pick.",
        footerHeading = "%nExamples:%n",
        footer = {"  panagan info",
                "  PANAGAN_NATIVE_DIR=/opt/panagan/lib panagan info"})
final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Main.configureLogging(spec);
        table().print(spec.commandLine().getOut());
        return 0;
    }

    static Table table() {
        return new Table()
                .row("panagan", new Main.Version().getVersionQuietly()[0])
                .row("java", Environment.jdk())
                .row("JAVA_HOME", Environment.javaHome())
                .row("os", Environment.os())
                .row("native library", Environment.nativeLibrary())
                .row("cuda", cuda())
                .row("openblas", Environment.openBlas())
                .row("auto backend", autoBackend());
    }

    /** The devices, or why there are none. */
    static String cuda() {
        NativeLibraries.Choice choice;
        try {
            choice = NativeLibraries.choice();
        } catch (NativeLibraries.LoadException e) {
            return "no devices: no native library loaded";
        }
        if (choice.kind() != NativeLibraries.Kind.CUDA) {
            return "no devices: " + choice.rejected().stream()
                    .filter(r -> r.startsWith("cuda:"))
                    .map(r -> r.substring("cuda:".length()).trim())
                    .findFirst().orElse("the bindings use the simulator (-D"
                            + NativeLibraries.LIBRARY_PROPERTY + "=sim)");
        }
        List<CudaDevices.Device> devices = CudaDevices.list();
        return devices.size() + " device(s)\n" + devices.stream()
                .map(d -> d.index() + ": " + d.describe())
                .collect(Collectors.joining("\n"));
    }

    static String autoBackend() {
        try {
            return Backends.choose(Backends.Request.AUTO).describe();
        } catch (PanaganException e) {
            return "none: " + e.getMessage();
        }
    }
}

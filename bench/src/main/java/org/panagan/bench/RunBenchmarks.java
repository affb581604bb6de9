package org.panagan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.panagan.bindings.OpenBlasLibrary;
import org.panagan.engine.dcgan.ModelConfig;

/**
 * Runs the JMH benchmarks named on the command line (JMH's own options apply) and writes a
 * table of time per call, images/s, GFLOP/s (GB/s for memory-bound passes) with the machine,
 * JDK, command and date.
 *
 * <p>Arguments: the results file (Markdown) first, then JMH's arguments.
 */
public final class RunBenchmarks {

    private RunBenchmarks() {
    }

    public static void main(String[] args) throws IOException, RunnerException,
            CommandLineOptionException {
        Path table = Path.of(args[0]);
        String[] jmhArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        CommandLineOptions commandLine = new CommandLineOptions(jmhArgs);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(commandLine);
        if (!commandLine.getJvmArgsAppend().hasValue()) {
            // The forks get OpenBLAS's fastest kernels for this processor even where the
            // environment exports another OPENBLAS_CORETYPE (see OpenBlasLibrary).
            builder.jvmArgsAppend("--enable-native-access=ALL-UNNAMED",
                    "-D" + OpenBlasLibrary.CORETYPE_PROPERTY + "="
                            + System.getProperty(OpenBlasLibrary.CORETYPE_PROPERTY, "fastest"));
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();

        List<String> lines = new ArrayList<>();
        lines.add("Measured " + LocalDate.now() + " on " + machine() + ", JDK "
                + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ".");
        lines.add("Command: `scripts/bench.sh " + String.join(" ", jmhArgs) + "`");
        lines.add("");
        lines.add("| what | backend | batch | ms per call (± 99.9%) | rate |");
        lines.add("|---|---|---:|---:|---|");
        for (RunResult r : results) {
            lines.add(row(r));
        }
        Files.write(table, lines);
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private static String row(RunResult r) {
        var params = r.getParams();
        String benchmark = params.getBenchmark();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        int batch = Integer.parseInt(params.getParam("batch"));
        double ms = r.getPrimaryResult().getScore();
        double error = r.getPrimaryResult().getScoreError();
        double seconds = ms / 1000;
        String what;
        String rate;
        if (benchmark.contains("TrainingStep")) {
            int size = Integer.parseInt(params.getParam("imageSize"));
            what = "iteration, " + size + "x" + size;
            double flops = DcganFlops.perImage(ModelConfig.reference(size).architecture()) * batch;
            rate = String.format(Locale.ROOT, "%.1f images/s, %.1f GFLOP/s", batch / seconds,
                    flops / seconds / 1e9);
        } else if (benchmark.contains("Adam")) {
            String network = params.getParam("network");
            what = "Adam over " + network;
            rate = String.format(Locale.ROOT, "%.1f GB/s",
                    AdamBenchmark.bytes(network) / seconds / 1e9);
        } else {
            String layer = params.getParam("layer");
            what = layer + " " + method;
            double flops = LayerBenchmark.flops(method, layer, batch);
            double bytes = LayerBenchmark.bytes(method, layer, batch);
            rate = flops > 0 ? String.format(Locale.ROOT, "%.1f GFLOP/s", flops / seconds / 1e9)
                    : String.format(Locale.ROOT, "%.1f GB/s", bytes / seconds / 1e9);
        }
        return String.format(Locale.ROOT, "| %s | %s | %d | %.2f ± %.2f | %s |", what,
                params.getParam("backend"), batch, ms, Double.isNaN(error) ? 0 : error, rate);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException e) {
            // Not Linux: the core count alone still says something.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}

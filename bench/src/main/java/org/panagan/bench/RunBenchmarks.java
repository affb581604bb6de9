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
import org.panagan.engine.dcgan.ModelConfig;

/**
 * Runs the JMH benchmarks named on the command line (JMH's own options apply) and writes a
 * table of time per iteration, images/s and GFLOP/s with the machine, JDK, command and date.
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
        Options options = new OptionsBuilder().parent(new CommandLineOptions(jmhArgs)).build();
        Collection<RunResult> results = new Runner(options).run();

        List<String> lines = new ArrayList<>();
        lines.add("Measured " + LocalDate.now() + " on " + machine() + ", JDK "
                + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ".");
        lines.add("Command: `scripts/bench.sh " + String.join(" ", jmhArgs) + "`");
        lines.add("");
        lines.add("| benchmark | backend | batch | image | ms / iteration (± 99.9%) "
                + "| images / s | GFLOP/s |");
        lines.add("|---|---|---:|---:|---:|---:|---:|");
        for (RunResult r : results) {
            lines.add(row(r));
        }
        Files.write(table, lines);
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private static String row(RunResult r) {
        var params = r.getParams();
        int batch = Integer.parseInt(params.getParam("batch"));
        int size = Integer.parseInt(params.getParam("imageSize"));
        double ms = r.getPrimaryResult().getScore();
        double error = r.getPrimaryResult().getScoreError();
        double imagesPerSecond = batch / (ms / 1000);
        double gflops = DcganFlops.perImage(ModelConfig.reference(size).architecture())
                * imagesPerSecond / 1e9;
        String name = params.getBenchmark().replaceAll(".*\\.(\\w+)Benchmark\\.(\\w+)", "$1.$2");
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f ± %.0f | %.1f | %.1f |",
                name, params.getParam("backend"), batch, size, ms, error, imagesPerSecond,
                gflops);
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

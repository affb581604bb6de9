package org.panagan.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * A run's output folder:
 * <pre>
 *   config.json          the resolved configuration
 *   metrics.csv          one row per iteration
 *   losses.png           the loss and D-output curves, redrawn each epoch
 *   real_samples.png     one batch of real images
 *   samples/epoch_NNN.png  the fixed-noise samples after epoch NNN
 *   checkpoints/         step-NNNNNN/ folders and the latest pointer (CheckpointStore)
 * </pre>
 */
final class RunFolder implements AutoCloseable {

    private final Path dir;
    private final MetricsCsv metrics;

    private RunFolder(Path dir, MetricsCsv metrics) {
        this.dir = dir;
        this.metrics = metrics;
    }

    /**
     * Creates the folder (and samples/) and metrics.csv. A folder that already holds a run's
     * metrics is refused, so that no run overwrites another.
     */
    static RunFolder create(Path dir) throws IOException {
        checkFree(dir);
        try {
            Files.createDirectories(dir.resolve("samples"));
            return new RunFolder(dir, MetricsCsv.create(dir.resolve("metrics.csv")));
        } catch (IOException e) {
            throw notWritable(dir, e);
        }
    }

    /**
     * Opens an existing run folder to continue it from the checkpoint at {@code iteration}:
     * metrics.csv keeps its rows up to that iteration and grows from there.
     */
    static RunFolder resume(Path dir, long iteration) throws IOException {
        try {
            Files.createDirectories(dir.resolve("samples"));
            return new RunFolder(dir, MetricsCsv.resume(dir.resolve("metrics.csv"), iteration));
        } catch (IOException e) {
            throw notWritable(dir, e);
        }
    }

    /** The error for a run folder that cannot be made or written, naming it and why. */
    static CliFailure notWritable(Path dir, IOException e) {
        Path blocker = dir.toAbsolutePath();
        while (blocker != null && !Files.isRegularFile(blocker)) {
            blocker = blocker.getParent();
        }
        String why = blocker != null ? blocker + " is a file, not a folder" : switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied on " + a.getFile();
            case java.nio.file.FileSystemException f when f.getReason() != null ->
                    f.getReason() + " (" + f.getFile() + ")";
            default -> String.valueOf(e.getMessage());
        };
        return new CliFailure("cannot write the run folder " + dir.toAbsolutePath() + ": " + why,
                "give --out a folder you can write to, on a disk with room", Main.FAILURE, e);
    }

    /** Fails, before anything is opened, when {@code dir} already holds a run. */
    static void checkFree(Path dir) {
        Path metricsFile = dir.resolve("metrics.csv");
        if (Files.exists(metricsFile)) {
            throw new CliFailure(dir + " already holds a run (" + metricsFile + " exists)",
                    "choose a new folder with --out, or leave --out out for runs/<time>");
        }
    }

    Path dir() {
        return dir;
    }

    MetricsCsv metrics() {
        return metrics;
    }

    Path metricsFile() {
        return dir.resolve("metrics.csv");
    }

    Path lossPlot() {
        return dir.resolve("losses.png");
    }

    Path samplesDir() {
        return dir.resolve("samples");
    }

    Path realSamples() {
        return dir.resolve("real_samples.png");
    }

    Path epochSamples(int epoch) {
        return samplesDir().resolve(String.format(Locale.ROOT, "epoch_%03d.png", epoch));
    }

    /** {@code file} relative to the run folder, for messages. */
    String relative(Path file) {
        return dir.relativize(file).toString();
    }

    Path configFile() {
        return dir.resolve("config.json");
    }

    /**
     * The config.json of the run in {@code dir}, as written by {@link #writeConfig}.
     *
     * @throws CliFailure when it is missing or unreadable
     */
    static Map<String, Object> readConfig(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(file + " is missing, so the run's data is not known",
                    "--resume takes a run folder that panagan train wrote");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> config = new Gson().fromJson(r,
                    new TypeToken<Map<String, Object>>() { }.getType());
            if (config == null || !(config.get("data") instanceof String)) {
                throw new CliFailure(file + " names no data source", "--resume takes a run "
                        + "folder that panagan train wrote");
            }
            return config;
        } catch (JsonParseException e) {
            throw new CliFailure(file + " is not valid JSON: " + e.getMessage(),
                    "restore it, or start a new run");
        }
    }

    /** Writes config.json. */
    void writeConfig(Map<String, Object> config) throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve("config.json"),
                StandardCharsets.UTF_8)) {
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(config, w);
            w.write('\n');
        }
    }

    @Override
    public void close() throws IOException {
        metrics.close();
    }
}

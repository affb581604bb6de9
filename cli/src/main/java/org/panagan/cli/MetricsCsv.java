package org.panagan.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.panagan.engine.train.StepReport;

/**
 * metrics.csv: one row per iteration, flushed as it is written so that a killed run keeps every
 * row it finished.
 */
final class MetricsCsv implements AutoCloseable {

    static final String HEADER = "iteration,epoch,batch,images,loss_d,loss_g,d_x,d_g_z1,d_g_z2,"
            + "loss_d_real,loss_d_fake,ms_per_step,images_per_s";

    private final BufferedWriter writer;
    private boolean closed;

    private MetricsCsv(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Creates {@code path} (it must not exist) and writes the header. */
    static MetricsCsv create(Path path) throws IOException {
        BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        MetricsCsv csv = new MetricsCsv(writer);
        csv.line(HEADER);
        return csv;
    }

    /**
     * Reopens {@code path} to continue a resumed run: rows after {@code lastIteration} (written
     * by the interrupted run after its last checkpoint, and about to be trained again) are
     * dropped first, by an atomic rewrite, so every iteration has one row.
     */
    static MetricsCsv resume(Path path, long lastIteration) throws IOException {
        if (!Files.exists(path)) {
            return create(path);
        }
        List<String> kept = new ArrayList<>();
        for (String row : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            if (kept.isEmpty() || iteration(row) <= lastIteration) {
                kept.add(row);
            }
        }
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(temp, kept, StandardCharsets.UTF_8);
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return new MetricsCsv(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND));
    }

    /** A row's iteration; a row cut short by a kill counts as past every checkpoint. */
    private static long iteration(String row) {
        String[] columns = row.split(",", -1);
        if (columns.length != HEADER.split(",").length || columns[columns.length - 1].isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(columns[0]);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** One iteration; {@code imagesPerSecond} over the iteration's wall time, data included. */
    void append(int epoch, int batch, StepReport r, double imagesPerSecond) {
        line(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%.3f,%.1f",
                r.iteration(), epoch, batch, r.batchSize(), r.lossD(), r.lossG(), r.dX(),
                r.dGz1(), r.dGz2(), r.lossDReal(), r.lossDFake(), r.nanos() / 1e6,
                imagesPerSecond));
    }

    private void line(String text) {
        try {
            writer.write(text);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics.csv failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }
}

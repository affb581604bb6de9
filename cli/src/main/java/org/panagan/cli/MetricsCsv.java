package org.panagan.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

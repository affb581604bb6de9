package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.panagan.engine.train.StepReport;

/**
 * The run's curves per iteration, kept in memory and drawn to losses.png: Loss_D and Loss_G in
 * the top panel, D(x) and D(G(z)) (before D's update) in the bottom one.
 */
final class LossPlot {

    static final int WIDTH = 1000;
    static final int PANEL_HEIGHT = 360;

    private double[] iteration = new double[1024];
    private double[] lossD = new double[1024];
    private double[] lossG = new double[1024];
    private double[] dX = new double[1024];
    private double[] dGz = new double[1024];
    private int size;

    void add(StepReport r) {
        if (size == iteration.length) {
            int grown = size * 2;
            iteration = Arrays.copyOf(iteration, grown);
            lossD = Arrays.copyOf(lossD, grown);
            lossG = Arrays.copyOf(lossG, grown);
            dX = Arrays.copyOf(dX, grown);
            dGz = Arrays.copyOf(dGz, grown);
        }
        iteration[size] = r.iteration();
        lossD[size] = r.lossD();
        lossG[size] = r.lossG();
        dX[size] = r.dX();
        dGz[size] = r.dGz1();
        size++;
    }

    int size() {
        return size;
    }

    /** Draws both panels into {@code file} (replaced atomically); nothing when empty. */
    void write(Path file) throws IOException {
        if (size == 0) {
            return;
        }
        XYChart losses = chart("Losses", "loss");
        series(losses, "Loss_D", lossD);
        series(losses, "Loss_G", lossG);
        XYChart outputs = chart("Discriminator outputs", "mean probability");
        series(outputs, "D(x)", dX);
        series(outputs, "D(G(z))", dGz);
        Path partial = file.resolveSibling(file.getFileName() + ".partial.png");
        BitmapEncoder.saveBitmap(List.of(losses, outputs), 2, 1, partial.toString(),
                BitmapEncoder.BitmapFormat.PNG);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("iteration").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    private void series(XYChart chart, String name, double[] values) {
        XYSeries s = chart.addSeries(name, Arrays.copyOf(iteration, size),
                Arrays.copyOf(values, size));
        s.setMarker(SeriesMarkers.NONE);
    }
}

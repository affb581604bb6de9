package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;

/** `eval` on a tiny checkpoint against images made in memory (cpu backend). */
class EvalCommandTest {

    @TempDir
    Path tmp;

    private CliRunner.Result eval(int realImages, String... args) {
        return CliRunner.run(spec -> new BlobDataset(realImages, 3, 32, 8), args);
    }

    @Test
    void writesTheDistanceTheBaselineAndTheNearestPanel() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 5);
        CliRunner.Result r = eval(40, "eval", run.toString(), "--data", "blobs", "--count",
                "16", "--nearest", "3", "--device", "cpu");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("SWD x 1000"), r::out);
        assertTrue(r.out().contains("x the baseline"), r::out);

        Map<?, ?> json = new Gson().fromJson(Files.readString(run.resolve("eval.json")),
                Map.class);
        double swd = ((Number) json.get("swd_average")).doubleValue();
        double baseline = ((Number) json.get("baseline_average")).doubleValue();
        assertTrue(swd > 0 && baseline > 0, json::toString);
        // Two steps of training cannot make blobs: far from the data, as the metric must say.
        assertTrue(swd > 2 * baseline, json::toString);

        BufferedImage panel = ImageIO.read(run.resolve("nearest.png").toFile());
        assertTrue(panel != null && panel.getHeight() >= 3 * 32, "three rows of 32 px");

        // The same seed gives the same numbers.
        CliRunner.Result again = eval(40, "eval", run.toString(), "--data", "blobs",
                "--count", "16", "--nearest", "0", "--device", "cpu");
        assertEquals(0, again.code(), again::toString);
        Map<?, ?> second = new Gson().fromJson(Files.readString(run.resolve("eval.json")),
                Map.class);
        assertEquals(json.get("swd_average"), second.get("swd_average"));
    }

    @Test
    void tooFewRealImagesForTheBaselineIsAUsageError() {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 5);
        CliRunner.Result r = eval(20, "eval", run.toString(), "--data", "blobs", "--count",
                "16", "--device", "cpu");
        assertEquals(Main.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("needs 32 real images"), r::err);
        assertTrue(r.err().contains("hint:"), r::err);
    }

    @Test
    void aGrayDatasetForAColourGeneratorIsRefused() {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 5);
        CliRunner.Result r = CliRunner.run(spec -> new BlobDataset(40, 1, 32, 8), "eval",
                run.toString(), "--data", "gray", "--count", "16", "--device", "cpu");
        assertEquals(Main.FAILURE, r.code(), r::toString);
        assertTrue(r.err().contains("channel"), r::err);
    }
}

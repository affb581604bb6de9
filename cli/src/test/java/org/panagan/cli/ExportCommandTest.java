package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.GeneratorWeights;
import org.panagan.engine.checkpoint.Safetensors;

/** `export`: the file it writes, what it refuses, and files without panagan's metadata. */
class ExportCommandTest {

    @TempDir
    Path tmp;

    static CliRunner.Result export(Path source, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("export", source.toString(), "--out",
                out.toString()));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void exportLoadsBackAndSamplesAsTheCheckpointDoes() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 1);
        Path file = tmp.resolve("out/g.safetensors");

        CliRunner.Result r = export(run, file);

        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("copied"), r::toString);
        assertArrayEquals(Files.readAllBytes(Checkpoints.generatorFile(run)),
                Files.readAllBytes(file), "a panagan generator is copied byte for byte");
        GeneratorWeights original = Checkpoint.loadGenerator(run);
        GeneratorWeights back = Checkpoint.loadGenerator(file);
        assertEquals(original.architecture(), back.architecture());
        assertArrayEquals(original.parameters(), back.parameters());
        assertArrayEquals(original.runningStatistics(), back.runningStatistics());

        Path fromRun = tmp.resolve("run.png");
        Path fromFile = tmp.resolve("file.png");
        assertEquals(0, SampleCommandTest.sample(run, "--seed", "3", "--out",
                fromRun.toString()).code());
        CliRunner.Result s = SampleCommandTest.sample(file, "--seed", "3", "--out",
                fromFile.toString());
        assertEquals(0, s.code(), s::toString);
        assertTrue(s.out().contains("not known"), () -> "a lone file has no step: " + s);
        assertArrayEquals(Files.readAllBytes(fromRun), Files.readAllBytes(fromFile));
    }

    @Test
    void refusesToOverwriteUnlessForced() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 1, 2);
        Path file = tmp.resolve("g.safetensors");
        Files.writeString(file, "keep me");

        CliRunner.Result refused = export(run, file);

        assertEquals(Main.FAILURE, refused.code(), refused::toString);
        assertTrue(refused.err().startsWith("panagan: " + file + ": already exists"),
                refused::toString);
        assertTrue(refused.err().contains("hint: add --force"), refused::toString);
        assertEquals("keep me", Files.readString(file));

        CliRunner.Result forced = export(run, file, "--force");

        assertEquals(0, forced.code(), forced::toString);
        assertArrayEquals(Files.readAllBytes(Checkpoints.generatorFile(run)),
                Files.readAllBytes(file));
    }

    @Test
    void refusesToExportAFileOntoItself() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 3);
        Path file = tmp.resolve("g.safetensors");
        assertEquals(0, export(run, file).code());

        CliRunner.Result r = export(file, file, "--force");

        assertEquals(Main.FAILURE, r.code(), r::toString);
        assertTrue(r.err().contains("is the file being exported"), r::toString);
    }

    /** A netG as PyTorch saves it (no panagan metadata) comes out with the metadata. */
    @Test
    void aFileWithoutOurMetadataIsWrittenWithIt() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 4);
        Safetensors.Contents ours = Safetensors.read(Checkpoints.generatorFile(run));
        Path foreign = tmp.resolve("torch/netG.safetensors");
        Files.createDirectories(foreign.getParent());
        Safetensors.write(foreign, Map.of("format", "pt"),
                new ArrayList<>(ours.tensors().values()));
        Path file = tmp.resolve("g.safetensors");

        CliRunner.Result r = export(foreign, file);

        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("loaded and written with panagan's metadata"), r::toString);
        Map<String, String> meta = Safetensors.read(file).metadata();
        assertEquals("generator", meta.get("content"), meta::toString);
        assertEquals("8", meta.get("nz"), meta::toString);
        GeneratorWeights original = Checkpoint.loadGenerator(run);
        GeneratorWeights back = Checkpoint.loadGenerator(file);
        assertEquals(original.architecture(), back.architecture());
        assertArrayEquals(original.parameters(), back.parameters());
        assertArrayEquals(original.runningStatistics(), back.runningStatistics());
        assertFalse(Files.exists(tmp.resolve("torch/samples")), "export writes only --out");
    }
}

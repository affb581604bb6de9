package org.panagan.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.checkpoint.Safetensors.NamedTensor;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;
import org.panagan.engine.train.TrainingState;

/**
 * The checkpoint store on the backend under test: a save reads back field for field, the
 * folder and pointer layout, retention, a save that fails half-way, damaged checkpoints,
 * another architecture, and the generator export that sampling reads.
 */
class CheckpointStoreTest {

    private static final TrainConfig TINY = ResumeTest.TINY;

    private static Backend backend;

    @TempDir
    Path runDir;

    @BeforeAll
    static void open() {
        backend = TestBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static Trainer trained(int steps) {
        Trainer t = Trainer.open(TINY, backend);
        for (int i = 0; i < steps; i++) {
            t.step(ResumeTest.imagesOf(i), ResumeTest.batchOf(i));
        }
        return t;
    }

    @Test
    void aSaveReadsBackFieldForField() throws IOException {
        CheckpointStore store = CheckpointStore.in(runDir, new Retention(3, 0));
        TrainingState saved;
        Path folder;
        try (Trainer t = trained(2)) {
            saved = t.exportState();
            folder = store.save(t, new Progress(1, 7, -99));
        }
        assertEquals(runDir.resolve("checkpoints/step-000002"), folder);
        assertEquals("step-000002\n", Files.readString(runDir.resolve("checkpoints/latest")));
        assertEquals(Optional.of(folder), store.latest());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("discriminator.safetensors", "generator.safetensors",
                    "manifest.json", "training.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder.resolve("generator.safetensors"))));
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder)));
        }

        Checkpoint c = Checkpoint.load(folder);
        assertEquals(new Progress(1, 7, -99), c.progress());
        TrainingState s = c.state();
        assertEquals(saved.architecture(), s.architecture());
        assertEquals(saved.batchSize(), s.batchSize());
        assertEquals(saved.adam(), s.adam());
        assertEquals(saved.seed(), s.seed());
        assertEquals(saved.captureGraph(), s.captureGraph());
        assertEquals(TINY, s.config());
        ResumeTest.assertSameBits(saved, s, "loaded");
        assertEquals(2, s.generator().adamStep());

        // Any path that leads to it: a file in it, the checkpoints folder, the run folder.
        assertEquals(folder, Checkpoint.load(folder.resolve("manifest.json")).folder());
        assertEquals(folder, Checkpoint.load(runDir.resolve("checkpoints")).folder());
        assertEquals(folder, Checkpoint.load(runDir).folder());

        // num_batches_tracked: one batch-norm batch per step for G, three for D.
        var g = Safetensors.read(folder.resolve("generator.safetensors"));
        var d = Safetensors.read(folder.resolve("discriminator.safetensors"));
        assertEquals(2, g.tensors().get("main.1.num_batches_tracked").longs()[0]);
        assertEquals(6, d.tensors().get("main.3.num_batches_tracked").longs()[0]);
        assertEquals("32", g.metadata().get("imageSize"));
        assertEquals("normal", g.metadata().get("zDistribution"));
        assertEquals("1.0E-5", g.metadata().get("batchNormEps"));
    }

    @Test
    void retentionKeepsTheLastAndEveryMultiple() {
        CheckpointStore store = CheckpointStore.in(runDir, new Retention(2, 4));
        try (Trainer t = Trainer.open(TINY, backend)) {
            for (int i = 1; i <= 9; i++) {
                t.step(ResumeTest.imagesOf(0), TINY.batchSize());
                store.save(t, new Progress(0, i, 0));
            }
        }
        assertEquals(List.of(4L, 8L, 9L), iterations(store));
        assertEquals(9, CheckpointStore.iterationOf(store.latest().orElseThrow()));

        CheckpointStore newestOnly = CheckpointStore.in(runDir, new Retention(1, 0));
        try (Trainer t = Trainer.open(TINY, backend)) {
            t.step(ResumeTest.imagesOf(0), TINY.batchSize());
            newestOnly.save(t, new Progress(0, 1, 0));
        }
        assertEquals(List.of(1L, 9L), iterations(newestOnly),
                "a save below the highest iteration keeps both: itself and the highest");
        assertEquals(1, CheckpointStore.iterationOf(newestOnly.latest().orElseThrow()),
                "latest names the last save");
    }

    private static List<Long> iterations(CheckpointStore store) {
        return store.list().stream().map(CheckpointStore::iterationOf).toList();
    }

    @Test
    void aSaveThatFailsHalfWayLeavesThePreviousCheckpoint() throws IOException {
        CheckpointStore good = CheckpointStore.in(runDir, Retention.ALL);
        Path dir = good.directory();
        CheckpointStore failing = new CheckpointStore(dir, Retention.ALL, (target, content) -> {
            if (target.getFileName().toString().equals("training.safetensors")) {
                return AtomicFiles.write(target, out -> {
                    content.writeTo(out);
                    throw new IOException("disk full (injected)");
                });
            }
            return AtomicFiles.write(target, content);
        });
        try (Trainer t = trained(1)) {
            Path first = good.save(t, new Progress(0, 1, 0));
            t.step(ResumeTest.imagesOf(1), TINY.batchSize());
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> failing.save(t, new Progress(0, 2, 0)));
            assertTrue(e.getMessage().contains("training.safetensors")
                    && e.getMessage().contains("disk full"), e.getMessage());
            assertEquals(List.of(first), good.list());
            assertEquals(Optional.of(first), good.latest());
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of("latest", "step-000001"),
                        left.map(p -> p.getFileName().toString()).sorted().toList(),
                        "no partial folder left behind");
            }
            assertEquals(1, Checkpoint.load(runDir).state().iteration());
        }
    }

    @Test
    void aLostOrStalePointerFallsBackToTheNewestCompleteCheckpoint() throws IOException {
        CheckpointStore store = CheckpointStore.in(runDir, Retention.ALL);
        try (Trainer t = trained(1)) {
            store.save(t, new Progress(0, 1, 0));
            t.step(ResumeTest.imagesOf(1), TINY.batchSize());
            store.save(t, new Progress(0, 2, 0));
        }
        Files.writeString(store.directory().resolve("latest"), "step-000777\n");
        assertEquals(2, CheckpointStore.iterationOf(store.latest().orElseThrow()));
        Files.delete(store.directory().resolve("latest"));
        assertEquals(2, CheckpointStore.iterationOf(store.latest().orElseThrow()));
        // A folder without its manifest (a copy cut short) is no checkpoint.
        Files.delete(store.directory().resolve("step-000002/manifest.json"));
        assertEquals(1, CheckpointStore.iterationOf(store.latest().orElseThrow()));
    }

    @Test
    void savingAnIterationAgainReplacesIt() throws IOException {
        CheckpointStore store = CheckpointStore.in(runDir, Retention.ALL);
        try (Trainer t = trained(1)) {
            store.save(t, new Progress(0, 1, 0));
            Path again = store.save(t, new Progress(3, 4, 5));
            assertEquals(List.of(again), store.list());
            assertEquals(new Progress(3, 4, 5), Checkpoint.load(runDir).progress());
        }
        try (Stream<Path> left = Files.list(store.directory())) {
            assertEquals(List.of("latest", "step-000001"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** One way to damage a saved checkpoint, the file named, and a word of the message. */
    record Damage(String name, String file, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                new Damage("one byte flipped", "generator.safetensors", "checksum mismatch"),
                new Damage("truncated", "discriminator.safetensors", "truncated"),
                new Damage("deleted", "training.safetensors", "missing"),
                new Damage("manifest not JSON", "manifest.json", "damaged"),
                new Damage("manifest deleted", "step-000001", "holds no checkpoint"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedCheckpointIsNamed(Damage damage) throws IOException {
        Path folder;
        try (Trainer t = trained(1)) {
            folder = CheckpointStore.in(runDir, Retention.ALL).save(t, new Progress(0, 1, 0));
        }
        Path file = folder.resolve(damage.file().startsWith("step-") ? "manifest.json"
                : damage.file());
        byte[] bytes = Files.readAllBytes(file);
        switch (damage.name()) {
            case "one byte flipped" -> {
                bytes[bytes.length / 2] ^= 0x10;
                Files.write(file, bytes);
            }
            case "truncated" -> Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
            case "manifest not JSON" -> Files.writeString(file, "{\"files\": [");
            default -> Files.delete(file);
        }
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.load(folder));
        assertTrue(e.getMessage().contains(damage.file()), e.getMessage());
        assertTrue(e.problem().contains(damage.expected()), e.getMessage());
        if (damage.file().equals("generator.safetensors")) {
            e = assertThrows(CheckpointException.class, () -> Checkpoint.loadGenerator(folder));
            assertTrue(e.problem().contains(damage.expected()), e.getMessage());
        }
    }

    @Test
    void anotherArchitectureIsRefusedSayingWhatDiffers() {
        Checkpoint c;
        try (Trainer t = trained(1)) {
            c = Checkpoint.load(CheckpointStore.in(runDir, Retention.ALL)
                    .save(t, new Progress(0, 1, 0)));
        }
        TrainConfig other = new TrainConfig(new ModelConfig(100, 4, 4, 1, 64), 4,
                TINY.adam(), 1, true);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.requireMatches(other));
        assertTrue(e.problem().startsWith(
                "checkpoint has imageSize 32, nz 8; this run has imageSize 64, nz 100"),
                e.problem());
    }

    @Test
    void aTensorOfAnotherShapeIsNamedWithBothShapes() throws IOException {
        Path file = runDir.resolve("netG.safetensors");
        try (Trainer t = trained(0)) {
            List<NamedTensor> tensors = new ArrayList<>(StateDicts.generator(t));
            NamedTensor w3 = tensors.get(6);
            assertEquals("main.3.weight", w3.name());
            tensors.set(6, NamedTensor.ofFloats("main.3.weight", new long[] {16, 4, 4, 4},
                    new float[16 * 64]));
            Safetensors.write(file, StateDicts.modelMetadata(t.architecture(),
                    StateDicts.GENERATOR), tensors);
        }
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadGenerator(file));
        assertEquals("tensor main.3.weight is F32 [16, 4, 4, 4]; imageSize 32, nz 8, ngf 4,"
                + " ndf 4, nc 1 needs F32 [16, 8, 4, 4]", e.problem());

        // A discriminator file is not a generator.
        Path dFile = runDir.resolve("checkpoints/step-000000/discriminator.safetensors");
        try (Trainer t = trained(0)) {
            CheckpointStore.in(runDir, Retention.ALL).save(t, new Progress(0, 0, 0));
        }
        e = assertThrows(CheckpointException.class, () -> Checkpoint.loadGenerator(dFile));
        assertEquals("holds discriminator; expected generator", e.problem());
    }

    @Test
    void exportedGeneratorSamplesAsTheTrainerDoes() {
        Path ours = runDir.resolve("generator.safetensors");
        Path foreign = runDir.resolve("from-pytorch.safetensors");
        float[] expected;
        float[] z;
        try (Trainer t = trained(3)) {
            Safetensors.writeGenerator(ours, t);
            // As safetensors.torch.save_file(netG.state_dict(), ...) writes: no metadata.
            Safetensors.write(foreign, Map.of(), StateDicts.generator(t));
            z = t.fixedNoise();
            expected = t.generate(z, TINY.batchSize(), SampleMode.RUNNING_STATISTICS);
        }
        for (Path file : List.of(ours, foreign)) {
            GeneratorWeights w = Checkpoint.loadGenerator(file);
            assertEquals(TINY.model().architecture(), w.architecture(), file.toString());
            assertEquals(TINY.model(), w.model());
            TrainConfig sampling = new TrainConfig(w.model(), 4, TINY.adam(), 12345, false);
            try (Trainer fresh = Trainer.open(sampling, backend)) {
                w.applyTo(fresh);
                assertArrayEquals(expected, fresh.generate(z, 4, SampleMode.RUNNING_STATISTICS),
                        file + ": samples differ from the trainer's");
            }
        }
        TrainConfig wider = new TrainConfig(new ModelConfig(8, 8, 4, 1, 32), 4, TINY.adam(), 1,
                false);
        try (Trainer other = Trainer.open(wider, backend)) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> Checkpoint.loadGenerator(ours).applyTo(other));
            assertTrue(e.problem().contains("ngf 4") && e.problem().contains("ngf 8"),
                    e.problem());
        }
        assertFalse(Checkpoint.loadGenerator(ours).metadata().isEmpty());
    }
}

package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panagan.engine.checkpoint.CheckpointException;

/** The hint under each kind of checkpoint failure, as Main prints it. */
class CheckpointHintsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing: no such file or folder | check the path",
        "holds no checkpoint (no manifest.json, no complete step-N folder) | checkpoints/step-N",
        "not a checkpoint folder: it has no manifest.json | checkpoints/step-N",
        "truncated: 100 of 4096 bytes | damaged",
        "checksum mismatch: SHA-256 ab but manifest.json records cd | use another checkpoint",
        "not a safetensors file: the header is not valid JSON | damaged",
        "cannot write: java.io.IOException: No space left on device | disk has room",
        "checkpoint has nz 8; this run has nz 16 | checkpoint's settings",
        "written in panagan checkpoint format 2 (by panagan 0.3) | newer one"})
    void hintFitsTheProblem(String problem, String expected) {
        String hint = Main.hint(new CheckpointException(Path.of("run/g.safetensors"), problem));

        assertTrue(hint.contains(expected), () -> problem + " -> " + hint);
    }
}

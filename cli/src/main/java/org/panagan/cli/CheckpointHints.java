package org.panagan.cli;

import org.panagan.engine.checkpoint.CheckpointException;

/** What to try next when a checkpoint or safetensors file cannot be used. */
final class CheckpointHints {

    private CheckpointHints() {
    }

    static String hint(CheckpointException e) {
        String problem = e.problem();
        if (problem.startsWith("missing: no such")) {
            return "check the path; give " + GeneratorSource.ACCEPTED;
        }
        if (problem.startsWith("holds no checkpoint") || problem.startsWith("not a checkpoint")) {
            return "a run writes checkpoints/step-N folders as it trains; give one of those, "
                    + "the run folder that holds them, or a .safetensors file";
        }
        if (problem.startsWith("cannot write") || problem.startsWith("cannot save")) {
            return "check that the folder is writable and that the disk has room";
        }
        if (problem.startsWith("checkpoint has")) {
            return "resume with the checkpoint's settings, or start a new run folder";
        }
        if (problem.startsWith("written in panagan checkpoint format")) {
            return "use the panagan that wrote it, or a newer one";
        }
        return "the file is damaged or not a panagan/PyTorch generator; use another checkpoint"
                + " (ls <run>/checkpoints lists them) or export it again";
    }
}

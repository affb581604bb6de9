package org.panagan.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Function;

import org.panagan.engine.data.DataSpec;
import org.panagan.engine.data.ImageDataset;

/** Runs the command line in this JVM and keeps what it printed. */
final class CliRunner {

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliRunner() {
    }

    static Result run(Function<DataSpec, ImageDataset> opener, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), opener);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(spec -> {
            throw new AssertionError("this test opens no data");
        }, args);
    }
}

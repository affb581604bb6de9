package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void printsEveryRow() {
        CliRunner.Result r = CliRunner.run("info");

        assertEquals(0, r.code(), r::toString);
        for (String row : new String[] {"panagan ", "java ", "JAVA_HOME ", "os ",
                "native library ", "cuda ", "openblas ", "auto backend "}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row)),
                    () -> "info lacks the row " + row + ": " + r);
        }
        assertTrue(r.out().contains(Runtime.getRuntime().availableProcessors() + " cores"),
                r::toString);
        assertTrue(r.out().contains(System.getProperty("java.home")), r::toString);
    }

    @Test
    void cudaRowListsDevicesOrSaysWhyNone() {
        String cuda = InfoCommand.cuda();

        assertTrue(cuda.matches("(?s)\\d+ device\\(s\\)\n0: .*compute capability \\d+\\.\\d+.*")
                || cuda.startsWith("no devices: "), cuda);
    }
}

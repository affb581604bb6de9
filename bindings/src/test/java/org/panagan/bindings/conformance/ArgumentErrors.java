package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntSupplier;

/**
 * Checks the status convention of panagan.h for a call that must be refused: the expected
 * status, and an error text that starts with the function's name and contains the fragments
 * that say which argument was wrong and what came.
 */
final class ArgumentErrors {

    private ArgumentErrors() {
    }

    /** One refused call, named for what is wrong with it (the test case's display name). */
    record BadCall(String name, int status, String function, IntSupplier call,
                   String... fragments) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Runs the call and checks its status and error text. */
    static void assertRefused(BadCall bad) {
        int status = bad.call().getAsInt();
        String error = Native.lastError();
        assertEquals(Native.statusName(bad.status()), Native.statusName(status),
                bad.function() + " with " + bad.name() + ": " + error);
        assertTrue(error.startsWith(bad.function() + ": "),
                "the error names the function: " + error);
        for (String fragment : bad.fragments()) {
            assertTrue(error.contains(fragment),
                    "the error contains \"" + fragment + "\": " + error);
        }
    }
}

package org.panagan.cli;

import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Option value checks; a bad value is a usage error (exit code 2) whose message names the
 * option, the value and what is allowed.
 */
final class Ranges {

    private Ranges() {
    }

    static void check(CommandSpec spec, String option, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw bad(spec, option + " = " + value + " is out of range; allowed: " + lo + " to "
                    + hi);
        }
    }

    /** {@code lo < value <= hi}, and finite. */
    static void checkAbove(CommandSpec spec, String option, double value, double lo,
                           double hi) {
        if (!(value > lo && value <= hi)) {
            throw bad(spec, String.format(Locale.ROOT, "%s = %s is out of range; allowed: "
                    + "greater than %s, up to %s", option, value, lo, hi));
        }
    }

    /** {@code lo <= value < hi}, and finite. */
    static void checkBelow(CommandSpec spec, String option, double value, double lo,
                           double hi) {
        if (!(value >= lo && value < hi)) {
            throw bad(spec, String.format(Locale.ROOT, "%s = %s is out of range; allowed: "
                    + "%s or more, less than %s", option, value, lo, hi));
        }
    }

    static void oneOf(CommandSpec spec, String option, int value, int... allowed) {
        for (int a : allowed) {
            if (a == value) {
                return;
            }
        }
        StringBuilder list = new StringBuilder();
        for (int a : allowed) {
            list.append(list.isEmpty() ? "" : ", ").append(a);
        }
        throw bad(spec, option + " = " + value + " is not supported; allowed: " + list);
    }

    static CommandLine.ParameterException bad(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

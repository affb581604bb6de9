package org.panagan.engine;

/**
 * Argument checks for the records' compact constructors: each message names the field, the value
 * that came and the range allowed.
 */
public final class Checks {

    private Checks() {
    }

    /** {@code lo <= value <= hi}. */
    public static int inRange(String field, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; allowed: "
                    + lo + " to " + hi);
        }
        return value;
    }

    /** {@code lo <= value <= hi}, and finite. */
    public static double inRange(String field, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; allowed: "
                    + lo + " to " + hi);
        }
        return value;
    }

    /** {@code lo < value < hi} (open interval), and finite. */
    public static double inOpenRange(String field, double value, double lo, double hi) {
        if (!(value > lo && value < hi)) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; allowed: "
                    + "greater than " + lo + " and less than " + hi);
        }
        return value;
    }

    /** Not null. */
    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing (null)");
        }
        return value;
    }
}

package org.panagan.cli;

import java.util.Locale;
import java.util.Optional;

import org.panagan.engine.train.StepReport;

/**
 * Watches for a discriminator that wins outright: D(x) above {@value #HIGH} while both D(G(z))
 * values main.py prints stay below {@value #LOW}, for {@code window} iterations in a row. Then
 * G's gradient through D's saturated sigmoid is tiny and its samples usually collapse to a few
 * modes. The watch warns once per such stretch (an episode); the next warning needs the
 * condition to break and hold for a whole window again. It never stops a run.
 */
final class CollapseWatch {

    /** D(x) above this counts as D being certain the real batch is real. */
    static final double HIGH = 0.99;
    /** D(G(z)) below this counts as D being certain the fake batch is fake. */
    static final double LOW = 0.01;

    private final int window;
    private long inARow;

    /** @param window iterations the condition must hold; 0 turns the watch off */
    CollapseWatch(int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window = " + window
                    + " is out of range; allowed: 0 (off) or more");
        }
        this.window = window;
    }

    /** The warning to print after this iteration, once per episode; empty otherwise. */
    Optional<String> observe(StepReport r) {
        boolean collapsed = r.dX() > HIGH && r.dGz1() < LOW && r.dGz2() < LOW;
        inARow = collapsed ? inARow + 1 : 0;
        if (window == 0 || inARow != window) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "warning: at iteration %d D(x) has stayed "
                + "above %.2f and D(G(z)) below %.2f for %d iterations: the discriminator wins "
                + "outright and the generator learns little (mode collapse is likely); the run "
                + "goes on", r.iteration(), HIGH, LOW, window));
    }

    /** What to try, printed under the warning. */
    static String hint() {
        return "hint: look at the latest samples; if they have collapsed, start again with a "
                + "lower --lr (it sets D's rate too), use more or more "
                + "varied images (--limit 0), or a smaller --ndf; --collapse-window 0 silences "
                + "this";
    }
}

package org.panagan.engine.checkpoint;

/**
 * Which checkpoints a store keeps after each save: the newest {@code keepLast}, and every one
 * whose iteration is a multiple of {@code keepEvery} (iterations, not checkpoints, so the choice
 * survives a resume). The newest complete checkpoint is always kept.
 *
 * @param keepLast  how many of the newest to keep, 1 or more
 * @param keepEvery keep checkpoints at iterations that are multiples of this; 0 keeps none
 *                  that way
 */
public record Retention(int keepLast, long keepEvery) {

    /** Keeps everything. */
    public static final Retention ALL = new Retention(Integer.MAX_VALUE, 0);

    public Retention {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast = " + keepLast
                    + " is out of range; allowed: 1 or more");
        }
        if (keepEvery < 0) {
            throw new IllegalArgumentException("keepEvery = " + keepEvery
                    + " is out of range; allowed: 0 (off) or more");
        }
    }

    /**
     * Whether the checkpoint at {@code iteration}, {@code newerCount} places from the newest
     * (0 for the newest), stays.
     */
    public boolean keeps(long iteration, int newerCount) {
        return newerCount < keepLast || (keepEvery > 0 && iteration % keepEvery == 0);
    }
}

package org.panagan.engine.data;

import org.panagan.engine.Checks;
import org.panagan.engine.Rng;

/**
 * The order an epoch visits the images in: a Fisher-Yates shuffle driven by a SplitMix64 stream
 * whose seed mixes the run's seed and the epoch number, so every epoch has its own order and a
 * resumed run visits the same images as an uninterrupted one.
 */
public final class EpochOrder {

    private EpochOrder() {
    }

    /** A permutation of 0 .. count-1 for this seed and epoch; the same on every JVM. */
    public static int[] permutation(int count, long seed, long epoch) {
        Checks.inRange("count", count, 0, Integer.MAX_VALUE);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Rng rng = Rng.seeded(streamSeed(seed, epoch));
        for (int i = count - 1; i > 0; i--) {
            int j = below(rng, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * One seed per (seed, epoch): the epoch scrambled by a SplitMix64 step, so near epochs give
     * unrelated streams.
     */
    static long streamSeed(long seed, long epoch) {
        return seed ^ Rng.seeded(epoch ^ 0x5DEECE66DL).nextLong();
    }

    /** Uniform in [0, bound) by the multiply-shift method over the top 32 bits. */
    static int below(Rng rng, int bound) {
        return (int) (((rng.nextLong() >>> 32) * bound) >>> 32);
    }
}

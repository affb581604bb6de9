package org.panagan.cli;

/**
 * The order images are visited in during one epoch: a Fisher-Yates shuffle driven by SplitMix64
 * seeded from the run's seed and the epoch number, so a run with the same seed sees the same
 * batches on any machine and an epoch's order does not depend on the epochs before it.
 */
final class EpochOrder {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private EpochOrder() {
    }

    /** A permutation of 0 .. count-1 for {@code epoch} (1-based) of a run seeded {@code seed}. */
    static int[] permutation(int count, long seed, int epoch) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        long state = mix(seed ^ mix(epoch * GOLDEN_GAMMA));
        for (int i = count - 1; i > 0; i--) {
            state += GOLDEN_GAMMA;
            int j = (int) Long.remainderUnsigned(mix(state), i + 1L);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** SplitMix64's output function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

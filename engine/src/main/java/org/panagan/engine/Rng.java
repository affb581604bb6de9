package org.panagan.engine;

/**
 * The run's one random stream: SplitMix64 (Steele, Lea and Flood 2014) over a single 64-bit
 * state, with Gaussians by the Box-Muller transform (two uniforms per Gaussian, the sine half
 * discarded) computed with {@link StrictMath}, so the numbers are the same on every JVM and
 * machine. The whole state is one long ({@link #state()}), which a checkpoint can store and
 * {@link #fromState} restores exactly.
 *
 * <p>Draw order of a run, as in pytorch/examples' main.py: the generator's initial weights,
 * then the discriminator's, then the fixed noise, then each step's noise. The numbers differ
 * from PyTorch's (another generator); the distributions and the order are the same.
 */
public final class Rng {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** 2^-53: turns the top 53 bits of a long into a double in [0, 1). */
    private static final double UNIT = 0x1.0p-53;

    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** A stream seeded by the run's seed. */
    public static Rng seeded(long seed) {
        return new Rng(seed);
    }

    /** The stream continuing exactly where {@link #state()} was read. */
    public static Rng fromState(long state) {
        return new Rng(state);
    }

    /** The whole state. */
    public long state() {
        return state;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * UNIT;
    }

    /** Standard normal. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1))
                * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Fills {@code out} with N(mean, std^2) values, in index order. */
    public void fillGaussian(float[] out, int from, int count, double mean, double std) {
        for (int i = from; i < from + count; i++) {
            out[i] = (float) (mean + std * nextGaussian());
        }
    }
}

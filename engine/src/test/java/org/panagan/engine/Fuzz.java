package org.panagan.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded random-mutation fuzzer for file readers: from one valid file it makes mutants (bit
 * flips, truncations, length fields overwritten with extreme values, numbers in a text header
 * made extreme, spans of garbage, whole files of garbage) and feeds each to a reader, which may
 * succeed or throw only the exception type it documents. Anything else fails the test: another
 * exception, an error such as OutOfMemoryError, or a reader still busy after a time limit. The
 * failure names the seed, the mutant's index and how it was made; rerun with
 * {@code -Dpanagan.fuzz.seed=SEED} to get the same mutants.
 */
public final class Fuzz {

    /** Reads one mutant (already on disk or in memory, as the reader likes). */
    @FunctionalInterface
    public interface Reader {
        void read(byte[] input, int index) throws Exception;
    }

    /**
     * Where a file keeps a length or count: its offset, its width (4 or 8 bytes), its order.
     */
    public record Field(int offset, int bytes, ByteOrder order) {
    }

    /**
     * How long and how hard to fuzz.
     *
     * @param mutants   at most this many mutants
     * @param seconds   stop after this long even with mutants left
     * @param perInput  seconds one read may take before it counts as a hang
     */
    public record Budget(int mutants, double seconds, double perInput) {
    }

    /** Extreme values a length field gets. */
    private static final long[] EXTREMES = {0, 1, -1, 7, 8, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 0xFFFF_FFFFL, 1L << 31, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE,
        100_000_000L, 100_000_001L};
    /** Numbers a decimal in a text header becomes. */
    private static final String[] EXTREME_NUMBERS = {"0", "-1", "2147483647", "2147483648",
        "4294967296", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999", "1e308", "-0", "1.5"};

    private Fuzz() {
    }

    /** The seed: -Dpanagan.fuzz.seed when given, else a fresh one (printed on failure). */
    public static long seed() {
        String given = System.getProperty("panagan.fuzz.seed");
        return given != null ? Long.parseLong(given) : System.nanoTime();
    }

    /**
     * Feeds mutants of {@code valid} to {@code reader} within {@code budget}; returns how many
     * were read.
     */
    public static int run(String name, long seed, byte[] valid, Field[] fields, Budget budget,
                          Class<? extends RuntimeException> allowed, Reader reader) {
        SplittableRandom random = new SplittableRandom(seed);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz " + name);
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + (long) (budget.seconds() * 1e9);
        int done = 0;
        try {
            for (; done < budget.mutants() && System.nanoTime() < deadline; done++) {
                String[] how = new String[1];
                byte[] mutant = mutate(valid, fields, random, how);
                int index = done;
                Future<?> f = worker.submit(() -> {
                    reader.read(mutant, index);
                    return null;
                });
                String where = String.format("%s: mutant %d of seed %d (-Dpanagan.fuzz.seed=%d), "
                        + "%s, %d bytes", name, index, seed, seed, how[0], mutant.length);
                try {
                    f.get((long) (budget.perInput() * 1e9), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    fail(where + ": still reading after " + budget.perInput() + " s (a hang)");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!allowed.isInstance(cause)) {
                        fail(where + ": threw " + cause + ", not " + allowed.getSimpleName(),
                                cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(where + ": interrupted");
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return done;
    }

    /** One mutant of {@code valid}; {@code how[0]} says how it was made. */
    static byte[] mutate(byte[] valid, Field[] fields, SplittableRandom random, String[] how) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                StringBuilder at = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(b.length * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                    at.append(i == 0 ? "" : ",").append(bit);
                }
                how[0] = "bits flipped at " + at;
            }
            case 1 -> {
                int keep = random.nextInt(b.length);
                b = Arrays.copyOf(b, keep);
                how[0] = "truncated to " + keep + " bytes";
            }
            case 2 -> {
                Field f = fields[random.nextInt(fields.length)];
                long value = random.nextInt(4) == 0 ? random.nextLong()
                        : EXTREMES[random.nextInt(EXTREMES.length)];
                ByteBuffer w = ByteBuffer.wrap(b).order(f.order());
                if (f.bytes() == 8) {
                    w.putLong(f.offset(), value);
                } else {
                    w.putInt(f.offset(), (int) value);
                }
                how[0] = "field at " + f.offset() + " set to " + value;
            }
            case 3 -> {
                b = extremeNumber(b, random, how);
            }
            case 4 -> {
                int from = random.nextInt(b.length);
                int length = 1 + random.nextInt(Math.min(64, b.length - from));
                for (int i = from; i < from + length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                how[0] = length + " garbage bytes at " + from;
            }
            default -> {
                b = new byte[random.nextInt(2 * valid.length + 1)];
                random.nextBytes(b);
                how[0] = "all garbage";
            }
        }
        return b;
    }

    /** Replaces one run of decimal digits (in a text header) by an extreme number. */
    private static byte[] extremeNumber(byte[] b, SplittableRandom random, String[] how) {
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int start = random.nextInt(b.length);
        while (start < b.length && !Character.isDigit(text.charAt(start))) {
            start++;
        }
        if (start == b.length) {
            how[0] = "no number to change";
            return b;
        }
        int end = start;
        while (end < b.length && Character.isDigit(text.charAt(end))) {
            end++;
        }
        String number = EXTREME_NUMBERS[random.nextInt(EXTREME_NUMBERS.length)];
        how[0] = "number at " + start + " (" + text.substring(start, end) + ") set to " + number;
        return (text.substring(0, start) + number + text.substring(end))
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}

package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpochOrderTest {

    @ParameterizedTest(name = "{0} images")
    @ValueSource(ints = {1, 2, 3, 17, 1000})
    void isAPermutationAndRepeatsForTheSameSeedAndEpoch(int count) {
        int[] order = EpochOrder.permutation(count, 42, 3);

        assertArrayEquals(IntStream.range(0, count).toArray(),
                Arrays.stream(order).sorted().toArray());
        assertArrayEquals(order, EpochOrder.permutation(count, 42, 3));
    }

    @ParameterizedTest(name = "{0} images")
    @ValueSource(ints = {17, 1000})
    void differsBetweenEpochsAndSeeds(int count) {
        int[] order = EpochOrder.permutation(count, 42, 1);

        assertFalse(Arrays.equals(order, EpochOrder.permutation(count, 42, 2)));
        assertFalse(Arrays.equals(order, EpochOrder.permutation(count, 43, 1)));
        assertFalse(Arrays.equals(order, IntStream.range(0, count).toArray()));
    }

    @ParameterizedTest(name = "position {0}")
    @ValueSource(ints = {0, 5, 9})
    void everyImageLandsEverywhereAboutEquallyOften(int position) {
        // 10 images over 20000 epochs: each lands at a position ~2000 times (sd ~42).
        int[] hits = new int[10];
        for (int epoch = 1; epoch <= 20_000; epoch++) {
            hits[EpochOrder.permutation(10, 7, epoch)[position]]++;
        }
        for (int h : hits) {
            assertEquals(2000, h, 250, () -> Arrays.toString(hits));
        }
    }
}

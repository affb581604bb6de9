package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Epoch orders: permutations, reproducible, different per seed and per epoch. */
class EpochOrderTest {

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {0, 1, 2, 17, 1000, 3484})
    void isAPermutation(int count) {
        int[] order = EpochOrder.permutation(count, 42, 3);
        assertEquals(count, order.length);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < count; i++) {
            assertEquals(i, sorted[i], "missing or repeated index");
        }
        assertArrayEquals(order, EpochOrder.permutation(count, 42, 3), "reproducible");
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {17, 1000})
    void dependsOnTheSeedAndTheEpoch(int count) {
        int[] base = EpochOrder.permutation(count, 42, 0);
        assertFalse(Arrays.equals(base, EpochOrder.permutation(count, 43, 0)), "seed");
        assertFalse(Arrays.equals(base, EpochOrder.permutation(count, 42, 1)), "epoch");
        int[] identity = new int[count];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(base, identity), "shuffled");
    }

    @ParameterizedTest(name = "{0} draws")
    @ValueSource(ints = {20_000})
    void everyPositionIsEquallyLikely(int draws) {
        // Where index 0 lands over many epochs: each of 10 slots about draws/10 times.
        int[] hits = new int[10];
        for (int e = 0; e < draws; e++) {
            int[] order = EpochOrder.permutation(10, 7, e);
            for (int i = 0; i < 10; i++) {
                if (order[i] == 0) {
                    hits[i]++;
                }
            }
        }
        for (int h : hits) {
            assertTrue(Math.abs(h - draws / 10) < 5 * Math.sqrt(draws / 10.0),
                    Arrays.toString(hits));
        }
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {-1})
    void refusesANegativeCount(int count) {
        assertThrows(IllegalArgumentException.class, () -> EpochOrder.permutation(count, 1, 1));
    }
}

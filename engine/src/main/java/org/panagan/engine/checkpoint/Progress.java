package org.panagan.engine.checkpoint;

/**
 * Where the training loop stands in its data, saved beside the trainer's state so a resumed
 * run continues with the next batch of the same order.
 *
 * @param epoch         the epoch in progress, from 0
 * @param batchInEpoch  batches of this epoch already trained on, from 0
 * @param dataOrderSeed the seed the loop draws its data order from
 */
public record Progress(long epoch, long batchInEpoch, long dataOrderSeed) {

    public Progress {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch = " + epoch
                    + " is out of range; allowed: 0 or more");
        }
        if (batchInEpoch < 0) {
            throw new IllegalArgumentException("batchInEpoch = " + batchInEpoch
                    + " is out of range; allowed: 0 or more");
        }
    }
}

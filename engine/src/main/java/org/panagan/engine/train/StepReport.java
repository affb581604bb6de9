package org.panagan.engine.train;

/**
 * What one training iteration reports, as main.py prints it.
 *
 * @param iteration  1 for the first step of the run
 * @param batchSize  images in this step's batch (the last batch of an epoch may be short)
 * @param lossD      errD_real + errD_fake
 * @param lossG      errG: D's BCE against label 1 on the fake batch, after D's update
 * @param dX         D(x): mean of sigmoid(D(real))
 * @param dGz1       D(G(z)) before D's update: mean of sigmoid(D(fake))
 * @param dGz2       D(G(z)) after D's update
 * @param lossDReal  errD_real
 * @param lossDFake  errD_fake
 * @param nanos      wall time of the step, upload to read-back
 */
public record StepReport(long iteration, int batchSize, float lossD, float lossG, float dX,
                         float dGz1, float dGz2, float lossDReal, float lossDFake, long nanos) {

    /** True when every reported number is finite. */
    public boolean isFinite() {
        return Float.isFinite(lossD) && Float.isFinite(lossG) && Float.isFinite(dX)
                && Float.isFinite(dGz1) && Float.isFinite(dGz2);
    }

    /** main.py's numbers: "Loss_D: 1.3862 Loss_G: 0.6931 D(x): 0.5000 D(G(z)): 0.5000 / 0.5000". */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f",
                lossD, lossG, dX, dGz1, dGz2);
    }
}

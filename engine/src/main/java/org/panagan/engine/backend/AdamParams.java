package org.panagan.engine.backend;

import org.panagan.engine.Checks;

/**
 * Adam's hyper-parameters (torch.optim.Adam, no weight decay, no amsgrad).
 *
 * @param lr    learning rate, in (0, 1]
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param eps   added to the denominator, in (0, 1)
 */
public record AdamParams(float lr, float beta1, float beta2, float eps) {

    /** main.py's settings: lr 2e-4, betas (0.5, 0.999), eps 1e-8. */
    public static final AdamParams DCGAN = new AdamParams(2e-4f, 0.5f, 0.999f, 1e-8f);

    public AdamParams {
        Checks.inRange("lr", lr, Float.MIN_VALUE, 1.0);
        Checks.inRange("beta1", beta1, 0.0, Math.nextDown(1.0f));
        Checks.inRange("beta2", beta2, 0.0, Math.nextDown(1.0f));
        Checks.inOpenRange("eps", eps, 0.0, 1.0);
    }
}

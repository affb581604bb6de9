package org.panagan.engine.nn;

import org.panagan.engine.backend.Ops;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.Tensor;

/** The convolution of a block, forward or backward, whichever kind it is. */
final class LayerOps {

    private LayerOps() {
    }

    static void convForward(Ops ops, LayerSpec l, Tensor x, Tensor w, Tensor bias, Tensor y) {
        if (l.kind() == LayerKind.CONV) {
            ops.conv2dForward(x, w, bias, y, l.conv());
        } else {
            ops.convTranspose2dForward(x, w, bias, y, l.conv());
        }
    }

    static void convBackwardData(Ops ops, LayerSpec l, Tensor dy, Tensor w, Tensor dx) {
        if (l.kind() == LayerKind.CONV) {
            ops.conv2dBackwardData(dy, w, dx, l.conv());
        } else {
            ops.convTranspose2dBackwardData(dy, w, dx, l.conv());
        }
    }

    static void convBackwardWeight(Ops ops, LayerSpec l, Tensor x, Tensor dy, Tensor dw,
                                   Tensor dbias, boolean accumulate,
                                   Buffer workspace) {
        if (l.kind() == LayerKind.CONV) {
            ops.conv2dBackwardWeight(x, dy, dw, dbias, accumulate, l.conv(), workspace);
        } else {
            ops.convTranspose2dBackwardWeight(x, dy, dw, dbias, accumulate, l.conv(), workspace);
        }
    }
}

package org.panagan.bindings.conformance;

import java.util.Locale;

/**
 * Plain double-precision references for panagan's 2-D convolution and transposed convolution,
 * written from PyTorch's definitions and independent of how the kernels decompose the work.
 *
 * <p>Both operations are a set of links (x element, y element, w element): Conv2d gathers, for
 * each output (n, co, oh, ow), x at (oh*S - P + kh, ow*S - P + kw) through w[co, ci, kh, kw];
 * ConvTranspose2d scatters each input (n, ci, ih, iw) to y at (ih*S - P + kh, iw*S - P + kw)
 * through w[ci, co, kh, kw]. Every pass adds up one product per link: the forward into y, the
 * backward-data into dx, the backward-weight into dw. Each result also carries, per element,
 * the sum of |products| it added: the scale that bounds its float rounding, which
 * {@link Oracle#assertClose} takes as the magnitude.
 */
final class ConvReference {

    private ConvReference() {
    }

    /**
     * One convolution in panagan.h's argument order (x [n, cIn, hIn, wIn]); outPad is 0 for
     * Conv2d. The name is the shape, for test display names.
     */
    record Shape(boolean transposed, int n, int cIn, int hIn, int wIn, int cOut, int kH, int kW,
                 int strideH, int strideW, int padH, int padW, int outPadH, int outPadW) {

        static Shape conv(int n, int cIn, int cOut, int hIn, int wIn, int kH, int kW,
                          int strideH, int strideW, int padH, int padW) {
            return new Shape(false, n, cIn, hIn, wIn, cOut, kH, kW, strideH, strideW, padH, padW,
                    0, 0);
        }

        static Shape transposed(int n, int cIn, int cOut, int hIn, int wIn, int kH, int kW,
                                int strideH, int strideW, int padH, int padW, int outPadH,
                                int outPadW) {
            return new Shape(true, n, cIn, hIn, wIn, cOut, kH, kW, strideH, strideW, padH, padW,
                    outPadH, outPadW);
        }

        int hOut() {
            return transposed ? (hIn - 1) * strideH - 2 * padH + kH + outPadH
                    : (hIn + 2 * padH - kH) / strideH + 1;
        }

        int wOut() {
            return transposed ? (wIn - 1) * strideW - 2 * padW + kW + outPadW
                    : (wIn + 2 * padW - kW) / strideW + 1;
        }

        int xSize() {
            return n * cIn * hIn * wIn;
        }

        int ySize() {
            return n * cOut * hOut() * wOut();
        }

        int wSize() {
            return cIn * cOut * kH * kW;
        }

        @Override
        public String toString() {
            String s = String.format(Locale.ROOT, "n%d c%d->%d %dx%d->%dx%d k%s s%s p%s", n, cIn,
                    cOut, hIn, wIn, hOut(), wOut(), pair(kH, kW), pair(strideH, strideW),
                    pair(padH, padW));
            return outPadH == 0 && outPadW == 0 ? s : s + " op" + pair(outPadH, outPadW);
        }

        private static String pair(int a, int b) {
            return a == b ? Integer.toString(a) : a + "x" + b;
        }
    }

    /** Reference values and, per element, the sum of |terms| that made each one. */
    record Result(double[] value, double[] magnitude) {
        Result(int size) {
            this(new double[size], new double[size]);
        }

        void add(int i, double term) {
            value[i] += term;
            magnitude[i] += Math.abs(term);
        }
    }

    /** Receives one link: flat indices into x, y and w. */
    @FunctionalInterface
    interface Link {
        void accept(int xi, int yi, int wi);
    }

    /** y = conv(x, w) + bias (bias may be null). */
    static Result forward(Shape s, float[] x, float[] w, float[] bias) {
        Result y = new Result(s.ySize());
        forEachLink(s, (xi, yi, wi) -> y.add(yi, (double) x[xi] * w[wi]));
        if (bias != null) {
            int plane = s.hOut() * s.wOut();
            for (int i = 0; i < y.value().length; i++) {
                y.add(i, bias[(i / plane) % s.cOut()]);
            }
        }
        return y;
    }

    /** dx from dy, with the forward's weight. */
    static Result backwardData(Shape s, float[] dy, float[] w) {
        Result dx = new Result(s.xSize());
        forEachLink(s, (xi, yi, wi) -> dx.add(xi, (double) dy[yi] * w[wi]));
        return dx;
    }

    /** dw from the forward's input x and dy (PyTorch's weight layout for each operation). */
    static Result backwardWeight(Shape s, float[] x, float[] dy) {
        Result dw = new Result(s.wSize());
        forEachLink(s, (xi, yi, wi) -> dw.add(wi, (double) x[xi] * dy[yi]));
        return dw;
    }

    /** dbias[co] = sum of dy[n, co, h, w] over n, h, w. */
    static Result backwardBias(Shape s, float[] dy) {
        Result db = new Result(s.cOut());
        int plane = s.hOut() * s.wOut();
        for (int i = 0; i < dy.length; i++) {
            db.add((i / plane) % s.cOut(), dy[i]);
        }
        return db;
    }

    /** Every (x, y, w) link of the shape, from the operation's definition. */
    static void forEachLink(Shape s, Link link) {
        if (s.transposed()) {
            forEachTransposedLink(s, link);
        } else {
            forEachConvLink(s, link);
        }
    }

    /** Conv2d: output (n, co, oh, ow) gathers x[n, ci, oh*S - P + kh, ow*S - P + kw]. */
    private static void forEachConvLink(Shape s, Link link) {
        int hOut = s.hOut();
        int wOut = s.wOut();
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.cOut(); co++) {
                for (int oh = 0; oh < hOut; oh++) {
                    for (int ow = 0; ow < wOut; ow++) {
                        int yi = ((n * s.cOut() + co) * hOut + oh) * wOut + ow;
                        for (int ci = 0; ci < s.cIn(); ci++) {
                            for (int kh = 0; kh < s.kH(); kh++) {
                                int ih = oh * s.strideH() - s.padH() + kh;
                                if (ih < 0 || ih >= s.hIn()) {
                                    continue;
                                }
                                for (int kw = 0; kw < s.kW(); kw++) {
                                    int iw = ow * s.strideW() - s.padW() + kw;
                                    if (iw < 0 || iw >= s.wIn()) {
                                        continue;
                                    }
                                    int xi = ((n * s.cIn() + ci) * s.hIn() + ih) * s.wIn() + iw;
                                    int wi = ((co * s.cIn() + ci) * s.kH() + kh) * s.kW() + kw;
                                    link.accept(xi, yi, wi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** ConvTranspose2d: input (n, ci, ih, iw) scatters to y[n, co, ih*S - P + kh, ...]. */
    private static void forEachTransposedLink(Shape s, Link link) {
        int hOut = s.hOut();
        int wOut = s.wOut();
        for (int n = 0; n < s.n(); n++) {
            for (int ci = 0; ci < s.cIn(); ci++) {
                for (int ih = 0; ih < s.hIn(); ih++) {
                    for (int iw = 0; iw < s.wIn(); iw++) {
                        int xi = ((n * s.cIn() + ci) * s.hIn() + ih) * s.wIn() + iw;
                        for (int co = 0; co < s.cOut(); co++) {
                            for (int kh = 0; kh < s.kH(); kh++) {
                                int oh = ih * s.strideH() - s.padH() + kh;
                                if (oh < 0 || oh >= hOut) {
                                    continue;
                                }
                                for (int kw = 0; kw < s.kW(); kw++) {
                                    int ow = iw * s.strideW() - s.padW() + kw;
                                    if (ow < 0 || ow >= wOut) {
                                        continue;
                                    }
                                    int yi = ((n * s.cOut() + co) * hOut + oh) * wOut + ow;
                                    int wi = ((ci * s.cOut() + co) * s.kH() + kh) * s.kW() + kw;
                                    link.accept(xi, yi, wi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

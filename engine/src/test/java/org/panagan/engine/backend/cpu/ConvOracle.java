package org.panagan.engine.backend.cpu;

import java.util.Locale;

/**
 * Double-precision convolutions from PyTorch's definitions, by enumerating every
 * (x element, y element, w element) link: Conv2d output (n, co, oh, ow) reads
 * x[n, ci, oh*S - P + kh, ow*S - P + kw] through w[co, ci, kh, kw]; ConvTranspose2d input
 * (n, ci, ih, iw) feeds y[n, co, ih*S - P + kh, iw*S - P + kw] through w[ci, co, kh, kw].
 * The forward adds one product per link into y, backward-data into dx, backward-weight into
 * dw; each result also carries the sum of |products| per element, the scale its float
 * rounding is measured against. Nothing here shares code or decomposition with the backend.
 */
final class ConvOracle {

    private ConvOracle() {
    }

    /** One (transposed) convolution; x [n, cIn, hIn, wIn]. The name is its shape. */
    record Case(boolean transposed, int n, int cIn, int cOut, int hIn, int wIn, int k,
                int stride, int pad, int outPad) {

        static Case conv(int n, int cIn, int cOut, int hIn, int wIn, int k, int stride,
                         int pad) {
            return new Case(false, n, cIn, cOut, hIn, wIn, k, stride, pad, 0);
        }

        static Case transposed(int n, int cIn, int cOut, int hIn, int wIn, int k, int stride,
                               int pad, int outPad) {
            return new Case(true, n, cIn, cOut, hIn, wIn, k, stride, pad, outPad);
        }

        int hOut() {
            return transposed ? (hIn - 1) * stride - 2 * pad + k + outPad
                    : (hIn + 2 * pad - k) / stride + 1;
        }

        int wOut() {
            return transposed ? (wIn - 1) * stride - 2 * pad + k + outPad
                    : (wIn + 2 * pad - k) / stride + 1;
        }

        int xSize() {
            return n * cIn * hIn * wIn;
        }

        int ySize() {
            return n * cOut * hOut() * wOut();
        }

        int wSize() {
            return cIn * cOut * k * k;
        }

        @Override
        public String toString() {
            String s = String.format(Locale.ROOT, "%s n%d c%d->%d %dx%d->%dx%d k%d s%d p%d",
                    transposed ? "convT" : "conv", n, cIn, cOut, hIn, wIn, hOut(), wOut(), k,
                    stride, pad);
            return outPad == 0 ? s : s + " op" + outPad;
        }
    }

    /** Values and, per element, the sum of |terms| that made each. */
    record Result(double[] value, double[] magnitude) {
        Result(int size) {
            this(new double[size], new double[size]);
        }

        void add(int i, double term) {
            value[i] += term;
            magnitude[i] += Math.abs(term);
        }
    }

    @FunctionalInterface
    interface Link {
        void accept(int xi, int yi, int wi);
    }

    static Result forward(Case c, float[] x, float[] w, float[] bias) {
        Result y = new Result(c.ySize());
        links(c, (xi, yi, wi) -> y.add(yi, (double) x[xi] * w[wi]));
        if (bias != null) {
            int plane = c.hOut() * c.wOut();
            for (int i = 0; i < y.value().length; i++) {
                y.add(i, bias[(i / plane) % c.cOut()]);
            }
        }
        return y;
    }

    static Result backwardData(Case c, float[] dy, float[] w) {
        Result dx = new Result(c.xSize());
        links(c, (xi, yi, wi) -> dx.add(xi, (double) dy[yi] * w[wi]));
        return dx;
    }

    static Result backwardWeight(Case c, float[] x, float[] dy) {
        Result dw = new Result(c.wSize());
        links(c, (xi, yi, wi) -> dw.add(wi, (double) x[xi] * dy[yi]));
        return dw;
    }

    static Result backwardBias(Case c, float[] dy) {
        Result db = new Result(c.cOut());
        int plane = c.hOut() * c.wOut();
        for (int i = 0; i < dy.length; i++) {
            db.add((i / plane) % c.cOut(), dy[i]);
        }
        return db;
    }

    /** start + result, the magnitude including |start| (an accumulating pass). */
    static Result plus(Result r, float[] start) {
        if (start == null) {
            return r;
        }
        Result out = new Result(r.value().length);
        for (int i = 0; i < start.length; i++) {
            out.value()[i] = r.value()[i] + start[i];
            out.magnitude()[i] = r.magnitude()[i] + Math.abs(start[i]);
        }
        return out;
    }

    static void links(Case c, Link link) {
        int hOut = c.hOut();
        int wOut = c.wOut();
        for (int n = 0; n < c.n(); n++) {
            for (int ci = 0; ci < c.cIn(); ci++) {
                for (int co = 0; co < c.cOut(); co++) {
                    int wBase = c.transposed() ? (ci * c.cOut() + co) * c.k() * c.k()
                            : (co * c.cIn() + ci) * c.k() * c.k();
                    if (c.transposed()) {
                        transposedLinks(c, link, n, ci, co, wBase, hOut, wOut);
                    } else {
                        convLinks(c, link, n, ci, co, wBase, hOut, wOut);
                    }
                }
            }
        }
    }

    private static void convLinks(Case c, Link link, int n, int ci, int co, int wBase, int hOut,
                                  int wOut) {
        for (int oh = 0; oh < hOut; oh++) {
            for (int ow = 0; ow < wOut; ow++) {
                int yi = ((n * c.cOut() + co) * hOut + oh) * wOut + ow;
                for (int kh = 0; kh < c.k(); kh++) {
                    int ih = oh * c.stride() - c.pad() + kh;
                    for (int kw = 0; kw < c.k(); kw++) {
                        int iw = ow * c.stride() - c.pad() + kw;
                        if (ih >= 0 && ih < c.hIn() && iw >= 0 && iw < c.wIn()) {
                            int xi = ((n * c.cIn() + ci) * c.hIn() + ih) * c.wIn() + iw;
                            link.accept(xi, yi, wBase + kh * c.k() + kw);
                        }
                    }
                }
            }
        }
    }

    private static void transposedLinks(Case c, Link link, int n, int ci, int co, int wBase,
                                        int hOut, int wOut) {
        for (int ih = 0; ih < c.hIn(); ih++) {
            for (int iw = 0; iw < c.wIn(); iw++) {
                int xi = ((n * c.cIn() + ci) * c.hIn() + ih) * c.wIn() + iw;
                for (int kh = 0; kh < c.k(); kh++) {
                    int oh = ih * c.stride() - c.pad() + kh;
                    for (int kw = 0; kw < c.k(); kw++) {
                        int ow = iw * c.stride() - c.pad() + kw;
                        if (oh >= 0 && oh < hOut && ow >= 0 && ow < wOut) {
                            int yi = ((n * c.cOut() + co) * hOut + oh) * wOut + ow;
                            link.accept(xi, yi, wBase + kh * c.k() + kw);
                        }
                    }
                }
            }
        }
    }
}

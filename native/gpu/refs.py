"""Double-precision references for every operation in native/include/panagan.h, in numpy.

Written from the operations' definitions (PyTorch's Conv2d, ConvTranspose2d, BatchNorm2d,
BCEWithLogits and Adam), not from panagan's kernels: convolutions as a sum over kernel taps of
strided slices (gather: each output reads its inputs) or strided accumulations (scatter: each
input adds into its outputs). Inputs are float32 arrays, results float64.

Shapes: x [N, C, H, W], conv weights [C_out, C_in, K_h, K_w] (Conv2d) and [C_in, C_out, K_h, K_w]
(ConvTranspose2d); stride s, padding p and output padding op are (h, w) pairs.
"""
from __future__ import annotations

import numpy as np


def _f64(a):
    return np.asarray(a, dtype=np.float64)


def _taps_view(src_pad, kh, kw, s, out_hw):
    """src_pad[:, :, kh + s_h*o_h, kw + s_w*o_w] for o < out_hw (a strided view)."""
    oh, ow = out_hw
    return src_pad[:, :, kh:kh + s[0] * (oh - 1) + 1:s[0], kw:kw + s[1] * (ow - 1) + 1:s[1]]


def gather(src, weight_oi, s, p, out_hw):
    """out[n, o, i, j] = sum_{c, kh, kw} weight_oi[o, c, kh, kw] * src[n, c, i*s - p + kh, ...]
    (zero outside src). weight_oi is [C_out_of_this_op, C_src, K_h, K_w]."""
    src, wt = _f64(src), _f64(weight_oi)
    n, c, h, w = src.shape
    k_h, k_w = wt.shape[2], wt.shape[3]
    # pad generously: taps may reach past the padded edge only when the output is empty
    need_h = max(h + 2 * p[0], s[0] * (out_hw[0] - 1) + k_h)
    need_w = max(w + 2 * p[1], s[1] * (out_hw[1] - 1) + k_w)
    pad = np.zeros((n, c, need_h, need_w))
    pad[:, :, p[0]:p[0] + h, p[1]:p[1] + w] = src
    out = np.zeros((wt.shape[0], n, out_hw[0], out_hw[1]))
    for kh in range(k_h):
        for kw in range(k_w):
            view = _taps_view(pad, kh, kw, s, out_hw)
            out += np.tensordot(wt[:, :, kh, kw], view, axes=([1], [1]))
    return out.transpose(1, 0, 2, 3)


def scatter(src, weight_io, s, p, out_hw):
    """out[n, o, i*s - p + kh, j*s - p + kw] += weight_io[c, o, kh, kw] * src[n, c, i, j]
    (contributions outside out dropped). weight_io is [C_src, C_out_of_this_op, K_h, K_w]."""
    src, wt = _f64(src), _f64(weight_io)
    n, c, h, w = src.shape
    k_h, k_w = wt.shape[2], wt.shape[3]
    full_h = max((h - 1) * s[0] + k_h, p[0] + out_hw[0])
    full_w = max((w - 1) * s[1] + k_w, p[1] + out_hw[1])
    full = np.zeros((wt.shape[1], n, full_h, full_w))
    for kh in range(k_h):
        for kw in range(k_w):
            contrib = np.tensordot(wt[:, :, kh, kw], src, axes=([0], [1]))  # [O, N, H, W]
            full[:, :, kh:kh + s[0] * (h - 1) + 1:s[0], kw:kw + s[1] * (w - 1) + 1:s[1]] += \
                contrib
    out = full[:, :, p[0]:p[0] + out_hw[0], p[1]:p[1] + out_hw[1]]
    return out.transpose(1, 0, 2, 3)


def correlate(coarse, fine, s, p, k):
    """dw[c, f, kh, kw] = sum_{n, o} coarse[n, c, o] * fine[n, f, o*s - p + k] (zero outside)."""
    coarse, fine = _f64(coarse), _f64(fine)
    n, c_f, h, w = fine.shape
    out_hw = coarse.shape[2:]
    need_h = max(h + 2 * p[0], s[0] * (out_hw[0] - 1) + k[0])
    need_w = max(w + 2 * p[1], s[1] * (out_hw[1] - 1) + k[1])
    pad = np.zeros((n, c_f, need_h, need_w))
    pad[:, :, p[0]:p[0] + h, p[1]:p[1] + w] = fine
    dw = np.zeros((coarse.shape[1], c_f, k[0], k[1]))
    for kh in range(k[0]):
        for kw in range(k[1]):
            view = _taps_view(pad, kh, kw, s, out_hw)
            dw[:, :, kh, kw] = np.tensordot(coarse, view, axes=([0, 2, 3], [0, 2, 3]))
    return dw


def conv2d_out_hw(h, w, k, s, p):
    return (h + 2 * p[0] - k[0]) // s[0] + 1, (w + 2 * p[1] - k[1]) // s[1] + 1


def conv_transpose2d_out_hw(h, w, k, s, p, op):
    return (h - 1) * s[0] - 2 * p[0] + k[0] + op[0], (w - 1) * s[1] - 2 * p[1] + k[1] + op[1]


def conv2d_forward(x, w, bias, s, p):
    k = w.shape[2:]
    y = gather(x, w, s, p, conv2d_out_hw(x.shape[2], x.shape[3], k, s, p))
    if bias is not None:
        y = y + _f64(bias)[None, :, None, None]
    return y


def conv2d_backward_data(dy, w, x_hw, s, p):
    return scatter(dy, w, s, p, x_hw)


def conv2d_backward_weight(x, dy, s, p, k):
    return correlate(dy, x, s, p, k)


def conv_transpose2d_forward(x, w, bias, s, p, op):
    k = w.shape[2:]
    y = scatter(x, w, s, p, conv_transpose2d_out_hw(x.shape[2], x.shape[3], k, s, p, op))
    if bias is not None:
        y = y + _f64(bias)[None, :, None, None]
    return y


def conv_transpose2d_backward_data(dy, w, x_hw, s, p):
    return gather(dy, w, s, p, x_hw)


def conv_transpose2d_backward_weight(x, dy, s, p, k):
    return correlate(x, dy, s, p, k)


def channel_sum(t):
    return _f64(t).sum(axis=(0, 2, 3))


# --- batch norm -------------------------------------------------------------------------------

ACT_NONE, ACT_RELU, ACT_LEAKY = 0, 1, 2


def neg_slope(act, slope):
    return {ACT_NONE: 1.0, ACT_RELU: 0.0, ACT_LEAKY: float(slope)}[act]


def bn_forward_training(x, gamma, beta, running_mean, running_var, momentum, eps, act, slope):
    x = _f64(x)
    m = x.shape[0] * x.shape[2] * x.shape[3]
    mean = x.mean(axis=(0, 2, 3))
    var = ((x - mean[None, :, None, None]) ** 2).mean(axis=(0, 2, 3))
    invstd = 1.0 / np.sqrt(var + eps)
    z = (x - mean[None, :, None, None]) * (_f64(gamma) * invstd)[None, :, None, None] + \
        _f64(beta)[None, :, None, None]
    ns = neg_slope(act, slope)
    y = np.where(z > 0, z, ns * z)
    rm = (1 - momentum) * _f64(running_mean) + momentum * mean
    rv = (1 - momentum) * _f64(running_var) + momentum * var * m / (m - 1)
    return y, mean, invstd, rm, rv, z


def bn_forward_inference(x, gamma, beta, running_mean, running_var, eps, act, slope):
    x = _f64(x)
    invstd = 1.0 / np.sqrt(_f64(running_var) + eps)
    z = (x - _f64(running_mean)[None, :, None, None]) * \
        (_f64(gamma) * invstd)[None, :, None, None] + _f64(beta)[None, :, None, None]
    ns = neg_slope(act, slope)
    return np.where(z > 0, z, ns * z)


def bn_backward(dy, x, gamma, beta, save_mean, save_invstd, act, slope):
    """(dx, dgamma, dbeta, z) from the forward's saved statistics (as given, float32)."""
    dy, x = _f64(dy), _f64(x)
    mean = _f64(save_mean)[None, :, None, None]
    invstd = _f64(save_invstd)[None, :, None, None]
    g = _f64(gamma)[None, :, None, None]
    xhat = (x - mean) * invstd
    z = xhat * g + _f64(beta)[None, :, None, None]
    dz = dy * np.where(z > 0, 1.0, neg_slope(act, slope))
    m = x.shape[0] * x.shape[2] * x.shape[3]
    sum_dz = dz.sum(axis=(0, 2, 3))
    sum_dzx = (dz * xhat).sum(axis=(0, 2, 3))
    dx = g * invstd * (dz - sum_dz[None, :, None, None] / m -
                       xhat * sum_dzx[None, :, None, None] / m)
    return dx, sum_dzx, sum_dz, z, dz, xhat


# --- element-wise -----------------------------------------------------------------------------

def relu(x):
    x = _f64(x)
    return np.where(x > 0, x, 0.0)


def leaky_relu(x, slope):
    x = _f64(x)
    return np.where(x > 0, x, slope * x)


def tanh(x):
    return np.tanh(_f64(x))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-_f64(x)))


def relu_backward(dy, y):
    return _f64(dy) * (_f64(y) > 0)


def leaky_relu_backward(dy, y, slope):
    return _f64(dy) * np.where(_f64(y) > 0, 1.0, slope)


def tanh_backward(dy, y):
    y = _f64(y)
    return _f64(dy) * (1 - y * y)


def sigmoid_backward(dy, y):
    y = _f64(y)
    return _f64(dy) * y * (1 - y)


def bce_terms(x, target):
    x = _f64(x)
    return np.maximum(x, 0) - x * target + np.log1p(np.exp(-np.abs(x)))


def bce_forward(x, target):
    return bce_terms(x, target).mean()


def bce_backward(x, target, grad_scale):
    return (sigmoid(x) - target) * (grad_scale / x.size)


def adam(param, grad, m, v, step, lr, beta1, beta2, eps):
    """One step of torch.optim.Adam (no weight decay, no amsgrad) at step count `step`."""
    g = _f64(grad)
    m = beta1 * _f64(m) + (1 - beta1) * g
    v = beta2 * _f64(v) + (1 - beta2) * g * g
    bc1 = 1 - beta1 ** step
    bc2 = 1 - beta2 ** step
    param = _f64(param) - (lr / bc1) * m / (np.sqrt(v) / np.sqrt(bc2) + eps)
    return param, m, v


# --- brute force, for the references' own test --------------------------------------------------

def brute_conv2d(x, w, s, p):
    n, c, h, wd = x.shape
    co, _, kh, kw = w.shape
    oh, ow = conv2d_out_hw(h, wd, (kh, kw), s, p)
    y = np.zeros((n, co, oh, ow))
    for b in range(n):
        for o in range(co):
            for i in range(oh):
                for j in range(ow):
                    acc = 0.0
                    for ci in range(c):
                        for a in range(kh):
                            for e in range(kw):
                                r, q = i * s[0] - p[0] + a, j * s[1] - p[1] + e
                                if 0 <= r < h and 0 <= q < wd:
                                    acc += float(w[o, ci, a, e]) * float(x[b, ci, r, q])
                    y[b, o, i, j] = acc
    return y


def brute_conv_transpose2d(x, w, s, p, op):
    n, c, h, wd = x.shape
    _, co, kh, kw = w.shape
    oh, ow = conv_transpose2d_out_hw(h, wd, (kh, kw), s, p, op)
    y = np.zeros((n, co, oh, ow))
    for b in range(n):
        for ci in range(c):
            for i in range(h):
                for j in range(wd):
                    for o in range(co):
                        for a in range(kh):
                            for e in range(kw):
                                r, q = i * s[0] - p[0] + a, j * s[1] - p[1] + e
                                if 0 <= r < oh and 0 <= q < ow:
                                    y[b, o, r, q] += float(w[ci, o, a, e]) * float(x[b, ci, i, j])
    return y


def self_test(seed: int = 1) -> list[str]:
    """Checks the fast references against brute-force loops and the adjoint identities
    <conv(x), dy> = <x, dgrad(dy)> = <w, wgrad(x, dy)>. Returns failure messages."""
    rng = np.random.default_rng(seed)
    failures = []
    cases = [((2, 3, 5, 6), 4, (3, 2), (2, 1), (1, 0), (1, 0)),
             ((1, 2, 4, 4), 3, (4, 4), (2, 2), (1, 1), (0, 1)),
             ((2, 2, 3, 5), 2, (1, 1), (3, 2), (0, 0), (2, 1)),
             ((1, 1, 1, 1), 2, (4, 4), (1, 1), (0, 0), (0, 0))]
    for shape, co, k, s, p, op in cases:
        x = rng.standard_normal(shape).astype(np.float32)
        n, c, h, wd = shape
        if h + 2 * p[0] >= k[0] and wd + 2 * p[1] >= k[1]:
            w = rng.standard_normal((co, c) + k).astype(np.float32)
            y = conv2d_forward(x, w, None, s, p)
            err = np.abs(y - brute_conv2d(x, w, s, p)).max()
            if err > 1e-9:
                failures.append("conv2d %s: %.3g off brute force" % (shape, err))
            dy = rng.standard_normal(y.shape)
            dx = conv2d_backward_data(dy, w, (h, wd), s, p)
            dw = conv2d_backward_weight(x, dy, s, p, k)
            a, b, cc = (y * dy).sum(), (_f64(x) * dx).sum(), (_f64(w) * dw).sum()
            if abs(a - b) > 1e-9 * (1 + abs(a)) or abs(a - cc) > 1e-9 * (1 + abs(a)):
                failures.append("conv2d %s adjoints: %r %r %r" % (shape, a, b, cc))
        wt = rng.standard_normal((c, co) + k).astype(np.float32)
        y = conv_transpose2d_forward(x, wt, None, s, p, op)
        err = np.abs(y - brute_conv_transpose2d(x, wt, s, p, op)).max()
        if err > 1e-9:
            failures.append("conv_transpose2d %s: %.3g off brute force" % (shape, err))
        dy = rng.standard_normal(y.shape)
        dx = conv_transpose2d_backward_data(dy, wt, (h, wd), s, p)
        dw = conv_transpose2d_backward_weight(x, dy, s, p, k)
        a, b, cc = (y * dy).sum(), (_f64(x) * dx).sum(), (_f64(wt) * dw).sum()
        if abs(a - b) > 1e-9 * (1 + abs(a)) or abs(a - cc) > 1e-9 * (1 + abs(a)):
            failures.append("conv_transpose2d %s adjoints: %r %r %r" % (shape, a, b, cc))
    # batch norm backward against central differences of the forward (ReLU away from kinks)
    x = rng.standard_normal((3, 2, 3, 4))
    gamma, beta = rng.standard_normal(2), rng.standard_normal(2)
    dy = rng.standard_normal(x.shape)
    for act in (ACT_NONE, ACT_LEAKY):
        y, mean, invstd, _, _, _ = bn_forward_training(x, gamma, beta, np.zeros(2), np.ones(2),
                                                       0.1, 1e-5, act, 0.2)
        dx, dg, db, _, _, _ = bn_backward(dy, x, gamma, beta, mean, invstd, act, 0.2)
        d = rng.standard_normal(x.shape)
        hstep = 1e-6

        def loss(xx):
            return (bn_forward_training(xx, gamma, beta, np.zeros(2), np.ones(2), 0.1, 1e-5,
                                        act, 0.2)[0] * dy).sum()
        fd = (loss(x + hstep * d) - loss(x - hstep * d)) / (2 * hstep)
        if abs(fd - (dx * d).sum()) > 1e-5 * (1 + abs(fd)):
            failures.append("bn backward act %d: %r vs finite difference %r"
                            % (act, (dx * d).sum(), fd))
    return failures

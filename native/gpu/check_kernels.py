#!/usr/bin/env python3
"""Device check of libpanagan: every panagan.h function against float64 references, then timings
of the DCGAN calls and of a whole training iteration next to roofline.py's floors.

Runs with python3 + numpy (+ torch, optional) and no JDK, over ctypes:

    python3 native/gpu/check_kernels.py --library cuda --out DIR   # on a GPU (scripts/gpu-check.sh)
    python3 native/gpu/check_kernels.py --library sim --quick       # here, on the host simulator

--library takes `cuda` (native/build/libpanagan_cuda.so), `sim` (native/build/libpanagan_sim.so,
which exports the same panagan_* symbols and stand-ins for the CUDA runtime calls used here), or
a path. --quick shrinks the DCGAN (batch 2, nz 8, ngf = ndf = 4) and the timing repetitions, so
the simulator finishes in about a minute; the odd shapes are the same in both modes.

Correctness: fresh random inputs from a printed seed, outputs and workspaces poisoned with NaN
before every call, and per-element bounds (named in TOLERANCES) against refs.py in float64; where
torch imports (and, for --library cuda, sees a GPU) the convolutions are also compared with
torch in float64. Timing: CUDA events around back-to-back launches on one stream, after warm-up,
median of several samples; the whole iteration both enqueued directly and replayed as a captured
CUDA graph; with --batches, the whole iteration again as one graph at each listed batch
(images/s next to that batch's floor). Each call's achieved fraction of its bound is its floor
over its measured median. Exit status: 0 when every check passed, 1 on any mismatch or CUDA
error, 2 on bad usage.
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import signal
import statistics
import sys
import time
import traceback
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refs  # noqa: E402
import roofline  # noqa: E402

BUILD = HERE.parent / "build"

# Per-element bounds |got - ref| <= bound. `terms` is the same operation applied to |inputs|
# (a bound on the float32 rounding of a sum), `scale` max|ref| over the tensor.
TOLERANCES = {
    "conv": "1e-5 * sum|terms| + 1e-6 (sum|terms| = the convolution of |x| and |w|)",
    "batch_norm forward": "1e-5 * |ref| + 1e-5 * scale + 4 * eps32 * |mean| * invstd * |gamma|",
    "batch_norm backward dx": "1e-4 * |ref| + 1e-5 * scale, elements within 1e-5 * scale of "
                              "the activation's kink left out",
    "batch_norm dgamma/dbeta": "1e-5 * sum|terms| + the |dy| of near-kink elements",
    "activations, bce backward": "1e-5 * |ref| + 1e-6 * scale, plus the cancellation near "
                                 "saturation: 2 eps32 |dy| y^2 (tanh), 2 eps32 |dy| |y| "
                                 "(sigmoid), 4 eps32 sigmoid(x) * scale/count (bce)",
    "batch_norm save_invstd": "invstd * (1e-5 + 4 * eps32 * |mean| * invstd)",
    "sum, mean, bce forward": "2e-6 * sum|terms| (+ 1e-7 for bce)",
    "adam": "param 4e-7 * |p| + 1e-5 * lr; moments 1e-5 * |ref| + 1e-7 * scale",
    "fill, copy, scale, count_nonfinite, increment": "exact",
    "axpy": "1 ulp (1.2e-7 * |ref|) of the rounded fused multiply-add",
}

EPS32 = float(np.finfo(np.float32).eps)
ACTS = {"none": 0, "relu": 1, "leaky_relu": 2}
LEAKY = 0.2

# ---------------------------------------------------------------------------------------------
# The library and the runtime
# ---------------------------------------------------------------------------------------------

P, I32, I64, F32 = ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.c_float
CONV = [I32] * 11
CONVT = [I32] * 13
SIGNATURES = {
    "panagan_conv2d_forward": ([P] * 4 + CONV + [P], I32),
    "panagan_conv2d_backward_data": ([P] * 3 + CONV + [P], I32),
    "panagan_conv2d_backward_weight_workspace_size": (CONV, I64),
    "panagan_conv2d_backward_weight": ([P] * 4 + [I32] + CONV + [P, I64, P], I32),
    "panagan_conv_transpose2d_forward": ([P] * 4 + CONVT + [P], I32),
    "panagan_conv_transpose2d_backward_data": ([P] * 3 + CONVT + [P], I32),
    "panagan_conv_transpose2d_backward_weight_workspace_size": (CONVT, I64),
    "panagan_conv_transpose2d_backward_weight": ([P] * 4 + [I32] + CONVT + [P, I64, P], I32),
    "panagan_batch_norm_workspace_size": ([I32] * 4, I64),
    "panagan_batch_norm_forward_training": ([P] * 8 + [I32] * 4 + [F32, F32, I32, F32, P, I64, P],
                                            I32),
    "panagan_batch_norm_forward_inference": ([P] * 6 + [I32] * 4 + [F32, I32, F32, P], I32),
    "panagan_batch_norm_backward": ([P] * 9 + [I32] * 5 + [I32, F32, P, I64, P], I32),
    "panagan_relu_forward": ([P, P, I64, P], I32),
    "panagan_relu_backward": ([P, P, P, I64, P], I32),
    "panagan_leaky_relu_forward": ([P, P, I64, F32, P], I32),
    "panagan_leaky_relu_backward": ([P, P, P, I64, F32, P], I32),
    "panagan_tanh_forward": ([P, P, I64, P], I32),
    "panagan_tanh_backward": ([P, P, P, I64, P], I32),
    "panagan_sigmoid_forward": ([P, P, I64, P], I32),
    "panagan_sigmoid_backward": ([P, P, P, I64, P], I32),
    "panagan_bce_with_logits_forward": ([P, P, I64, F32, P], I32),
    "panagan_bce_with_logits_backward": ([P, P, I64, F32, F32, P], I32),
    "panagan_adam_step": ([P, P, P, P, I64, P, F32, F32, F32, F32, P], I32),
    "panagan_fill": ([P, I64, F32, P], I32),
    "panagan_scale": ([P, I64, F32, P], I32),
    "panagan_axpy": ([P, P, I64, F32, P], I32),
    "panagan_copy": ([P, P, I64, P], I32),
    "panagan_sum": ([P, I64, P, P], I32),
    "panagan_mean": ([P, I64, P, P], I32),
    "panagan_count_nonfinite": ([P, I64, P, P], I32),
    "panagan_increment": ([P, P], I32),
    "panagan_gather_images_u8": ([P, I64, I64, P, I32, P, P], I32),
    "panagan_last_error": ([], ctypes.c_char_p),
    "panagan_status_name": ([I32], ctypes.c_char_p),
    "panagan_version": ([], I32),
    # the CUDA runtime subset (libcudart.so.13 behind libpanagan_cuda.so, or the simulator's)
    "cudaMalloc": ([ctypes.POINTER(P), ctypes.c_size_t], I32),
    "cudaFree": ([P], I32),
    "cudaMemcpy": ([P, P, ctypes.c_size_t, I32], I32),
    "cudaDeviceSynchronize": ([], I32),
    "cudaGetLastError": ([], I32),
    "cudaGetErrorString": ([I32], ctypes.c_char_p),
    "cudaDeviceGetAttribute": ([ctypes.POINTER(I32), I32, I32], I32),
    "cudaRuntimeGetVersion": ([ctypes.POINTER(I32)], I32),
    "cudaStreamCreate": ([ctypes.POINTER(P)], I32),
    "cudaStreamDestroy": ([P], I32),
    "cudaStreamSynchronize": ([P], I32),
    "cudaEventCreate": ([ctypes.POINTER(P)], I32),
    "cudaEventDestroy": ([P], I32),
    "cudaEventRecord": ([P, P], I32),
    "cudaEventSynchronize": ([P], I32),
    "cudaEventElapsedTime": ([ctypes.POINTER(F32), P, P], I32),
    "cudaStreamBeginCapture": ([P, I32], I32),
    "cudaStreamEndCapture": ([P, ctypes.POINTER(P)], I32),
    "cudaGraphInstantiate": ([ctypes.POINTER(P), P, ctypes.c_ulonglong], I32),
    "cudaGraphLaunch": ([P, P], I32),
    "cudaGraphExecDestroy": ([P], I32),
    "cudaGraphDestroy": ([P], I32),
}
H2D, D2H = 1, 2
CAPTURE_RELAXED = 2
ATTRS = {"multiprocessors": 16, "cc_major": 75, "cc_minor": 76, "max_threads_per_sm": 39}


class CheckFailure(Exception):
    pass


class Lib:
    """libpanagan plus the runtime calls, with every status checked."""

    def __init__(self, path: Path):
        if not path.is_file():
            raise CheckFailure("%s does not exist: build it with native/build.sh" % path)
        self.path = path
        self.dll = ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
        for name, (args, res) in SIGNATURES.items():
            f = getattr(self.dll, name)
            f.argtypes, f.restype = args, res
        self.stream = None

    def pg(self, name, *args):
        """Calls panagan_<name>; raises with panagan_last_error() on a non-zero status."""
        status = getattr(self.dll, "panagan_" + name)(*args)
        if status != 0:
            raise CheckFailure("panagan_%s returned %s: %s" % (
                name, self.dll.panagan_status_name(status).decode(),
                self.dll.panagan_last_error().decode()))

    def status_of(self, name, *args):
        status = getattr(self.dll, "panagan_" + name)(*args)
        return self.dll.panagan_status_name(status).decode(), \
            self.dll.panagan_last_error().decode()

    def rt(self, name, *args):
        err = getattr(self.dll, name)(*args)
        if err != 0:
            raise CheckFailure("%s failed: %d %s" % (
                name, err, self.dll.cudaGetErrorString(err).decode()))

    def sync(self):
        self.rt("cudaDeviceSynchronize")
        self.rt("cudaGetLastError")

    def attribute(self, attr):
        v = I32()
        self.rt("cudaDeviceGetAttribute", ctypes.byref(v), attr, 0)
        return v.value


class Buf:
    """Device memory of `count` float32 (or raw bytes); freed by Arena."""

    def __init__(self, lib: Lib, nbytes: int):
        self.lib = lib
        self.nbytes = max(int(nbytes), 4)
        p = P()
        lib.rt("cudaMalloc", ctypes.byref(p), ctypes.c_size_t(self.nbytes))
        self.ptr = p.value

    def at(self, offset_bytes=0):
        return P(self.ptr + offset_bytes)

    def upload(self, a: np.ndarray, offset_bytes=0):
        a = np.ascontiguousarray(a)
        assert offset_bytes + a.nbytes <= self.nbytes
        self.lib.rt("cudaMemcpy", P(self.ptr + offset_bytes), a.ctypes.data_as(P),
                    ctypes.c_size_t(a.nbytes), H2D)

    def download(self, shape, dtype=np.float32, offset_bytes=0):
        out = np.empty(shape, dtype=dtype)
        self.lib.rt("cudaMemcpy", out.ctypes.data_as(P), P(self.ptr + offset_bytes),
                    ctypes.c_size_t(out.nbytes), D2H)
        return out

    def poison(self):
        self.upload(np.full(self.nbytes // 4, np.nan, dtype=np.float32))


class Arena:
    """Owns the buffers of one check; frees them on exit, also after a failure."""

    def __init__(self, lib):
        self.lib, self.bufs = lib, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for b in self.bufs:
            self.lib.dll.cudaFree(P(b.ptr))
        self.bufs.clear()
        return False

    def empty(self, nbytes):
        b = Buf(self.lib, nbytes)
        self.bufs.append(b)
        return b

    def of(self, a: np.ndarray):
        b = self.empty(a.nbytes)
        b.upload(a)
        return b

    def nan(self, count):
        b = self.empty(4 * count)
        b.poison()
        return b


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------

class Results:
    def __init__(self, seed):
        self.seed = seed
        self.checks = []

    def compare(self, name, got, ref, bound, skip=None):
        ref = np.asarray(ref, dtype=np.float64)
        bound = np.broadcast_to(np.asarray(bound, dtype=np.float64), ref.shape).ravel()
        ref = ref.ravel()
        got = np.asarray(got, dtype=np.float64).ravel()
        keep = np.ones(ref.shape, bool) if skip is None else ~np.asarray(skip).ravel()
        nonfinite = int((~np.isfinite(got)).sum())
        err = np.abs(got - ref)
        ratio = err / bound
        ratio = np.where(keep, ratio, 0.0)
        worst = int(np.nanargmax(np.where(np.isfinite(ratio), ratio, np.inf))) if ref.size else 0
        r = float(ratio[worst]) if ref.size else 0.0
        ok = nonfinite == 0 and bool(np.all(np.isfinite(ratio))) and r <= 1.0
        self.checks.append({"name": name, "ok": ok, "worst_err_over_bound": r,
                            "nonfinite": nonfinite, "elements": int(ref.size),
                            "skipped": int((~keep).sum()),
                            "worst": None if ok else {"index": worst, "got": float(got[worst]),
                                                      "ref": float(ref[worst]),
                                                      "bound": float(bound[worst])}})
        if not ok:
            print("FAIL %s: worst |err|/bound %.3g at %d (got %.9g, ref %.9g, bound %.3g), "
                  "%d non-finite (seed %d)" % (name, r, worst, got[worst], ref[worst],
                                               bound[worst], nonfinite, self.seed), flush=True)
        return ok

    def exact(self, name, got, ref):
        got, ref = np.asarray(got).ravel(), np.asarray(ref).ravel()
        same = np.array_equal(got, ref) if got.dtype.kind != "f" else \
            np.array_equal(got.view(np.uint32) if got.dtype == np.float32 else got,
                           ref.view(np.uint32) if ref.dtype == np.float32 else ref)
        self.checks.append({"name": name, "ok": bool(same), "worst_err_over_bound": 0.0 if same
                            else float("inf"), "nonfinite": 0, "elements": int(ref.size),
                            "skipped": 0, "worst": None})
        if not same:
            bad = np.flatnonzero(got != ref)
            print("FAIL %s: %d of %d differ, first at %d (got %s, want %s) (seed %d)" % (
                name, bad.size, ref.size, bad[0] if bad.size else -1,
                got[bad[0]] if bad.size else None, ref[bad[0]] if bad.size else None,
                self.seed), flush=True)
        return same

    def fact(self, name, ok, detail):
        self.checks.append({"name": name, "ok": bool(ok), "worst_err_over_bound": 0.0,
                            "nonfinite": 0, "elements": 0, "skipped": 0,
                            "worst": None if ok else detail})
        if not ok:
            print("FAIL %s: %s" % (name, detail), flush=True)

    def error(self, name, exc):
        self.checks.append({"name": name, "ok": False, "worst_err_over_bound": float("inf"),
                            "nonfinite": 0, "elements": 0, "skipped": 0,
                            "worst": {"error": str(exc)}})
        print("FAIL %s: %s (seed %d)" % (name, exc, self.seed), flush=True)

    @property
    def failed(self):
        return [c for c in self.checks if not c["ok"]]


def ew_bound(ref, rtol, atol_scale):
    ref = np.asarray(ref, dtype=np.float64)
    scale = float(np.max(np.abs(ref))) if ref.size else 0.0
    return rtol * np.abs(ref) + atol_scale * max(scale, 1e-30)


# ---------------------------------------------------------------------------------------------
# Convolutions
# ---------------------------------------------------------------------------------------------

class ConvCase:
    """A convolution in the header's argument order, with (h, w) pairs."""

    def __init__(self, name, transpose, n, c_in, h, w, c_out, k, s, p, op=(0, 0), bias=True):
        self.name, self.transpose, self.bias = name, transpose, bias
        self.n, self.c_in, self.h, self.w, self.c_out = n, c_in, h, w, c_out
        self.k, self.s, self.p, self.op = tuple(k), tuple(s), tuple(p), tuple(op)
        if transpose:
            self.oh, self.ow = refs.conv_transpose2d_out_hw(h, w, self.k, self.s, self.p, self.op)
        else:
            self.oh, self.ow = refs.conv2d_out_hw(h, w, self.k, self.s, self.p)

    @classmethod
    def of(cls, c: roofline.Conv, name=None, bias=False):
        return cls(name or c.name, c.transpose, c.n, c.c_in, c.h_in, c.w_in, c.c_out,
                   (c.k, c.k), (c.s, c.s), (c.p, c.p), (c.op, c.op), bias)

    @property
    def fn(self):
        return "conv_transpose2d" if self.transpose else "conv2d"

    @property
    def x_shape(self):
        return (self.n, self.c_in, self.h, self.w)

    @property
    def y_shape(self):
        return (self.n, self.c_out, self.oh, self.ow)

    @property
    def w_shape(self):
        return ((self.c_in, self.c_out) if self.transpose else (self.c_out, self.c_in)) + self.k

    def shape_args(self):
        a = [self.n, self.c_in, self.h, self.w, self.c_out, self.k[0], self.k[1], self.s[0],
             self.s[1], self.p[0], self.p[1]]
        if self.transpose:
            a += [self.op[0], self.op[1]]
        return a

    def workspace_bytes(self, lib):
        n = lib.dll["panagan_%s_backward_weight_workspace_size" % self.fn](*self.shape_args())
        if n < 0:
            raise CheckFailure(lib.dll.panagan_last_error().decode())
        return n

    # references
    def ref_forward(self, x, w, b):
        if self.transpose:
            return refs.conv_transpose2d_forward(x, w, b, self.s, self.p, self.op)
        return refs.conv2d_forward(x, w, b, self.s, self.p)

    def ref_backward_data(self, dy, w):
        if self.transpose:
            return refs.conv_transpose2d_backward_data(dy, w, (self.h, self.w), self.s, self.p)
        return refs.conv2d_backward_data(dy, w, (self.h, self.w), self.s, self.p)

    def ref_backward_weight(self, x, dy):
        if self.transpose:
            return refs.conv_transpose2d_backward_weight(x, dy, self.s, self.p, self.k)
        return refs.conv2d_backward_weight(x, dy, self.s, self.p, self.k)

    def __str__(self):
        return "%s %s x%s w%s s%s p%s%s" % (
            self.name, self.fn, list(self.x_shape), list(self.w_shape), list(self.s),
            list(self.p), " op%s" % list(self.op) if self.transpose and any(self.op) else "")


def rand(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


def torch_conv(case, x, w, dy):
    """(y, dx, dw) from torch in float64 on the GPU (or CPU when no GPU), or None."""
    try:
        import torch
    except Exception:
        return None
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    tx = torch.tensor(x, dtype=torch.float64, device=dev, requires_grad=True)
    tw = torch.tensor(w, dtype=torch.float64, device=dev, requires_grad=True)
    if case.transpose:
        y = torch.nn.functional.conv_transpose2d(tx, tw, None, case.s, case.p, case.op)
    else:
        y = torch.nn.functional.conv2d(tx, tw, None, case.s, case.p)
    y.backward(torch.tensor(dy, dtype=torch.float64, device=dev))
    return (y.detach().cpu().numpy(), tx.grad.cpu().numpy(), tw.grad.cpu().numpy())


def check_conv(lib, res, rng, case: ConvCase, passes=("forward", "backward_data",
                                                       "backward_weight"), with_torch=False):
    x, w, dy = rand(rng, case.x_shape), rand(rng, case.w_shape), rand(rng, case.y_shape)
    b = rand(rng, (case.c_out,)) if case.bias else None
    sh = case.shape_args()
    tag = str(case)
    with Arena(lib) as a:
        dx_buf, dw_buf, dy_buf = a.of(x), a.of(w), a.of(dy)
        ax, aw, ady = np.abs(x), np.abs(w), np.abs(dy)
        torch_refs = torch_conv(case, x, w, dy) if with_torch else None
        if "forward" in passes:
            y = a.nan(int(np.prod(case.y_shape)))
            bb = a.of(b) if b is not None else None
            lib.pg("%s_forward" % case.fn, dx_buf.at(), dw_buf.at(),
                   bb.at() if bb else None, y.at(), *sh, lib.stream)
            lib.sync()
            got = y.download(case.y_shape)
            bound = 1e-5 * case.ref_forward(ax, aw, None if b is None else np.abs(b)) + 1e-6
            res.compare("%s forward" % tag, got, case.ref_forward(x, w, b), bound)
            if torch_refs is not None:
                ref = torch_refs[0] + (0 if b is None else b.astype(np.float64)[None, :, None,
                                                                                  None])
                res.compare("%s forward vs torch fp64" % tag, got, ref, bound)
        if "backward_data" in passes:
            dxo = a.nan(int(np.prod(case.x_shape)))
            lib.pg("%s_backward_data" % case.fn, dy_buf.at(), dw_buf.at(), dxo.at(), *sh,
                   lib.stream)
            lib.sync()
            got = dxo.download(case.x_shape)
            bound = 1e-5 * case.ref_backward_data(ady, aw) + 1e-6
            res.compare("%s backward_data" % tag, got, case.ref_backward_data(dy, w), bound)
            if torch_refs is not None:
                res.compare("%s backward_data vs torch fp64" % tag, got, torch_refs[1], bound)
        if "backward_weight" in passes:
            ws_bytes = case.workspace_bytes(lib)
            ws = a.nan(ws_bytes // 4 + 1)
            ref_dw = case.ref_backward_weight(x, dy)
            abs_dw = case.ref_backward_weight(ax, ady)
            ref_db = refs.channel_sum(dy) if case.bias else None
            abs_db = refs.channel_sum(ady) if case.bias else None
            for acc in (0, 1):
                start_w = rand(rng, case.w_shape) if acc else None
                start_b = rand(rng, (case.c_out,)) if acc and case.bias else None
                dwo = a.of(start_w) if acc else a.nan(int(np.prod(case.w_shape)))
                dbo = None
                if case.bias:
                    dbo = a.of(start_b) if acc else a.nan(case.c_out)
                lib.pg("%s_backward_weight" % case.fn, dx_buf.at(), dy_buf.at(), dwo.at(),
                       dbo.at() if dbo else None, acc, *sh, ws.at(), ws_bytes, lib.stream)
                lib.sync()
                got = dwo.download(case.w_shape)
                ref = ref_dw + (start_w if acc else 0)
                bound = 1e-5 * (abs_dw + (np.abs(start_w) if acc else 0)) + 1e-6
                res.compare("%s backward_weight acc=%d" % (tag, acc), got, ref, bound)
                if torch_refs is not None and not acc:
                    res.compare("%s backward_weight vs torch fp64" % tag, got, torch_refs[2],
                                bound)
                if case.bias:
                    gb = dbo.download((case.c_out,))
                    res.compare("%s backward_bias acc=%d" % (tag, acc), gb,
                                ref_db + (start_b if acc else 0),
                                1e-5 * (abs_db + (np.abs(start_b) if acc else 0)) + 1e-6)


ODD_CONVS = [
    # name, transpose, n, c_in, h, w, c_out, k, s, p, op
    ("odd", False, 3, 5, 7, 9, 7, (3, 3), (2, 2), (1, 1), (0, 0)),
    ("odd", True, 3, 5, 7, 9, 7, (3, 3), (2, 2), (1, 1), (1, 1)),
    ("non-square", False, 2, 3, 9, 7, 5, (3, 2), (2, 1), (1, 0), (0, 0)),
    ("non-square", True, 2, 3, 5, 6, 5, (3, 2), (2, 1), (1, 0), (1, 0)),
    ("1x1 s2", False, 2, 6, 7, 8, 5, (1, 1), (2, 2), (0, 0), (0, 0)),
    ("1x1 s2", True, 2, 6, 4, 5, 5, (1, 1), (2, 2), (0, 0), (1, 0)),
    ("kernel < stride", True, 2, 4, 3, 4, 3, (1, 2), (3, 3), (0, 0), (2, 1)),
    ("pad > kernel", False, 2, 3, 5, 4, 4, (2, 2), (1, 1), (3, 2), (0, 0)),
    ("> 64 channels", False, 2, 70, 5, 5, 80, (3, 3), (1, 1), (1, 1), (0, 0)),
    ("> 64 channels", True, 2, 80, 3, 3, 70, (4, 4), (2, 2), (1, 1), (0, 0)),
    ("17 channels", False, 2, 4, 6, 6, 17, (4, 4), (2, 2), (1, 1), (0, 0)),
    ("split-K and bias split", False, 9, 2, 33, 31, 3, (3, 3), (1, 1), (1, 1), (0, 0)),
    ("split-K and bias split", True, 9, 3, 31, 33, 2, (3, 3), (1, 1), (1, 1), (0, 0)),
]


# ---------------------------------------------------------------------------------------------
# Batch norm, element-wise, loss, Adam, utilities
# ---------------------------------------------------------------------------------------------

def check_batch_norm(lib, res, rng, shape, act_name, offset=0.0, momentum=0.1, eps=1e-5):
    n, c, h, w = shape
    act = ACTS[act_name]
    tag = "batch_norm %s %s%s" % (list(shape), act_name,
                                  " mean %g" % offset if offset else "")
    x = (rand(rng, shape) * (0.5 if offset else 1.0) + offset).astype(np.float32)
    gamma, beta = rand(rng, (c,)), rand(rng, (c,))
    rm, rv = rand(rng, (c,)), (np.abs(rand(rng, (c,))) + 0.5).astype(np.float32)
    ws_bytes = lib.dll.panagan_batch_norm_workspace_size(n, c, h, w)
    count = n * c * h * w
    with Arena(lib) as a:
        bx, bg, bb = a.of(x), a.of(gamma), a.of(beta)
        brm, brv = a.of(rm), a.of(rv)
        y, sm, si, ws = a.nan(count), a.nan(c), a.nan(c), a.nan(ws_bytes // 4 + 1)
        lib.pg("batch_norm_forward_training", bx.at(), bg.at(), bb.at(), y.at(), brm.at(),
               brv.at(), sm.at(), si.at(), n, c, h, w, momentum, eps, act, LEAKY, ws.at(),
               ws_bytes, lib.stream)
        lib.sync()
        ry, rmean, rinv, rrm, rrv, _ = refs.bn_forward_training(x, gamma, beta, rm, rv, momentum,
                                                                eps, act, LEAKY)
        # x - mean in float32 carries the rounding of |mean|: scaled by gamma * invstd
        cond = (4 * EPS32 * np.abs(rmean) * rinv * np.abs(gamma))[None, :, None, None]
        res.compare(tag + " training y", y.download(shape), ry, ew_bound(ry, 1e-5, 1e-5) + cond)
        res.compare(tag + " save_mean", sm.download((c,)), rmean,
                    1e-6 * (np.abs(x).astype(np.float64).mean(axis=(0, 2, 3))) + 1e-7)
        # float32 Welford loses digits as |mean| / std grows (the data's conditioning)
        res.compare(tag + " save_invstd", si.download((c,)), rinv,
                    rinv * (1e-5 + 4 * EPS32 * np.abs(rmean) * rinv))
        res.compare(tag + " running_mean", brm.download((c,)), rrm, ew_bound(rrm, 1e-5, 1e-6))
        res.compare(tag + " running_var", brv.download((c,)), rrv, ew_bound(rrv, 1e-5, 1e-6))

        # inference from the (updated) running statistics
        run_m, run_v = brm.download((c,)), brv.download((c,))
        yi = a.nan(count)
        lib.pg("batch_norm_forward_inference", bx.at(), bg.at(), bb.at(), yi.at(), brm.at(),
               brv.at(), n, c, h, w, eps, act, LEAKY, lib.stream)
        lib.sync()
        ryi = refs.bn_forward_inference(x, gamma, beta, run_m, run_v, eps, act, LEAKY)
        cond_i = (4 * EPS32 * np.abs(run_m) / np.sqrt(run_v.astype(np.float64) + eps) *
                  np.abs(gamma))[None, :, None, None]
        res.compare(tag + " inference y", yi.download(shape), ryi,
                    ew_bound(ryi, 1e-5, 1e-5) + cond_i)

        # backward from the kernel's own saved statistics
        save_mean, save_inv = sm.download((c,)), si.download((c,))
        dy = rand(rng, shape)
        rdx, rdg, rdb, z, dz, xhat = refs.bn_backward(dy, x, gamma, beta, save_mean, save_inv,
                                                      act, LEAKY)
        zscale = float(np.abs(z).max())
        kink = np.abs(z) < 1e-5 * zscale if act != 0 else np.zeros(z.shape, bool)
        kink_dy = (np.abs(dy.astype(np.float64)) * kink).sum(axis=(0, 2, 3))
        for acc in (0, 1):
            sg = rand(rng, (c,)) if acc else None
            sb = rand(rng, (c,)) if acc else None
            bdy = a.of(dy)
            dx = bdy if acc else a.nan(count)  # acc=1 also runs dx in place over dy
            dg = a.of(sg) if acc else a.nan(c)
            db = a.of(sb) if acc else a.nan(c)
            lib.pg("batch_norm_backward", bdy.at(), bx.at(), bg.at(), bb.at(), sm.at(), si.at(),
                   dx.at(), dg.at(), db.at(), acc, n, c, h, w, act, LEAKY, ws.at(), ws_bytes,
                   lib.stream)
            lib.sync()
            res.compare(tag + " backward dx%s" % (" in place" if acc else ""),
                        dx.download(shape), rdx, ew_bound(rdx, 1e-4, 1e-5), skip=kink)
            absg = (np.abs(dz * xhat)).sum(axis=(0, 2, 3))
            absb = np.abs(dz).sum(axis=(0, 2, 3))
            xmax = np.abs(xhat).max(axis=(0, 2, 3))
            res.compare(tag + " backward dgamma acc=%d" % acc, dg.download((c,)),
                        rdg + (sg if acc else 0),
                        1e-5 * (absg + (np.abs(sg) if acc else 0)) + kink_dy * xmax + 1e-7)
            res.compare(tag + " backward dbeta acc=%d" % acc, db.download((c,)),
                        rdb + (sb if acc else 0),
                        1e-5 * (absb + (np.abs(sb) if acc else 0)) + kink_dy + 1e-7)


ACTIVATIONS = {
    "relu": (lambda x, s: refs.relu(x), lambda dy, y, s: refs.relu_backward(dy, y), False),
    "leaky_relu": (lambda x, s: refs.leaky_relu(x, s),
                   lambda dy, y, s: refs.leaky_relu_backward(dy, y, s), True),
    "tanh": (lambda x, s: refs.tanh(x), lambda dy, y, s: refs.tanh_backward(dy, y), False),
    "sigmoid": (lambda x, s: refs.sigmoid(x), lambda dy, y, s: refs.sigmoid_backward(dy, y),
                False),
}


def check_activation(lib, res, rng, name, count, offset_floats=0):
    fwd, bwd, has_slope = ACTIVATIONS[name]
    tag = "%s count %d%s" % (name, count, " unaligned" if offset_floats else "")
    x = (rand(rng, (count,)) * 3).astype(np.float32)
    dy = rand(rng, (count,))
    slope = [LEAKY] if has_slope else []
    off = 4 * offset_floats
    with Arena(lib) as a:
        bx = a.empty(4 * (count + offset_floats))
        bx.upload(x, off)
        y = a.nan(count + offset_floats)
        lib.pg(name + "_forward", bx.at(off), y.at(off), count, *slope, lib.stream)
        lib.sync()
        got_y = y.download((count,), offset_bytes=off)
        ry = fwd(x, LEAKY)
        res.compare(tag + " forward", got_y, ry, ew_bound(ry, 1e-5, 1e-6))
        bdy = a.empty(4 * (count + offset_floats))
        bdy.upload(dy, off)
        dx = a.nan(count + offset_floats)
        lib.pg(name + "_backward", bdy.at(off), y.at(off), dx.at(off), count, *slope,
               lib.stream)
        lib.sync()
        rdx = bwd(dy, got_y, LEAKY)
        # 1 - y*y (tanh) and 1 - y (sigmoid) cancel near saturation: a few ulps of y*y or y,
        # times |dy|
        y64, dy64 = got_y.astype(np.float64), np.abs(dy.astype(np.float64))
        cancel = {"tanh": 2 * EPS32 * dy64 * y64 * y64,
                  "sigmoid": 2 * EPS32 * dy64 * np.abs(y64)}.get(name, 0.0)
        res.compare(tag + " backward", dx.download((count,), offset_bytes=off), rdx,
                    ew_bound(rdx, 1e-5, 1e-6) + cancel)


def check_bce(lib, res, rng, count, target):
    tag = "bce_with_logits count %d target %g" % (count, target)
    x = (rand(rng, (count,)) * 4).astype(np.float32)
    with Arena(lib) as a:
        bx, loss, dl = a.of(x), a.nan(1), a.nan(count)
        lib.pg("bce_with_logits_forward", bx.at(), loss.at(), count, target, lib.stream)
        lib.pg("bce_with_logits_backward", bx.at(), dl.at(), count, target, 0.5, lib.stream)
        lib.sync()
        terms = refs.bce_terms(x, target)
        res.compare(tag + " forward", loss.download((1,)), [terms.mean()],
                    [2e-6 * np.abs(terms).mean() + 1e-7])
        rd = refs.bce_backward(x, target, 0.5)
        # sigmoid(x) - target cancels near the target: a few ulps of sigmoid(x), scaled
        cancel = 0.5 / count * 4 * EPS32 * refs.sigmoid(x)
        res.compare(tag + " backward", dl.download((count,)), rd,
                    ew_bound(rd, 1e-5, 1e-6) + cancel)


def check_adam(lib, res, rng, count, steps=3, lr=2e-4, beta1=0.5, beta2=0.999, eps=1e-8):
    tag = "adam_step count %d" % count
    p = rand(rng, (count,))
    m = np.zeros(count, np.float32)
    v = np.zeros(count, np.float32)
    with Arena(lib) as a:
        bp, bm, bv = a.of(p), a.of(m), a.of(v)
        step = a.empty(8)
        step.upload(np.zeros(1, np.int64))
        rp, rm, rv = p.astype(np.float64), m.astype(np.float64), v.astype(np.float64)
        # the hyperparameters as the kernel receives them: float32 (1 - float(0.999) is not
        # 0.001 in double)
        h32 = [float(np.float32(v_)) for v_ in (lr, beta1, beta2, eps)]
        for t in range(1, steps + 1):
            g = rand(rng, (count,))
            bg = a.of(g)
            lib.pg("increment", step.at(), lib.stream)
            lib.pg("adam_step", bp.at(), bg.at(), bm.at(), bv.at(), count, step.at(), lr, beta1,
                   beta2, eps, lib.stream)
            lib.sync()
            # the reference steps from the device's float32 state, so errors do not compound
            prev_p, prev_m, prev_v = rp, rm, rv
            rp, rm, rv = refs.adam(prev_p, g, prev_m, prev_v, t, *h32)
            gp, gm, gv = bp.download((count,)), bm.download((count,)), bv.download((count,))
            res.compare("%s step %d param" % (tag, t), gp, rp, 4e-7 * np.abs(rp) + 1e-5 * lr)
            res.compare("%s step %d exp_avg" % (tag, t), gm, rm, ew_bound(rm, 1e-5, 1e-7))
            res.compare("%s step %d exp_avg_sq" % (tag, t), gv, rv, ew_bound(rv, 1e-5, 1e-7))
            rp, rm, rv = gp.astype(np.float64), gm.astype(np.float64), gv.astype(np.float64)
        res.exact("%s step counter" % tag, step.download((1,), np.int64),
                  np.array([steps], np.int64))


def check_utilities(lib, res, rng, count, offset_floats=0):
    tag = "count %d%s" % (count, " unaligned" if offset_floats else "")
    off = 4 * offset_floats
    x = rand(rng, (count,))
    y0 = rand(rng, (count,))
    with Arena(lib) as a:
        def dev(arr=None):
            b = a.empty(4 * (count + offset_floats))
            if arr is None:
                b.poison()
            else:
                b.upload(arr, off)
            return b
        f = dev()
        lib.pg("fill", f.at(off), count, 1.25, lib.stream)
        b = dev(x)
        lib.pg("scale", b.at(off), count, -0.75, lib.stream)
        yb = dev(y0)
        xb = dev(x)
        lib.pg("axpy", xb.at(off), yb.at(off), count, 0.3, lib.stream)
        cb = dev()
        lib.pg("copy", xb.at(off), cb.at(off), count, lib.stream)
        s, mn = a.nan(1), a.nan(1)
        lib.pg("sum", xb.at(off), count, s.at(), lib.stream)
        lib.pg("mean", xb.at(off), count, mn.at(), lib.stream)
        lib.sync()
        res.exact("fill " + tag, f.download((count,), offset_bytes=off),
                  np.full(count, 1.25, np.float32))
        res.exact("scale " + tag, b.download((count,), offset_bytes=off),
                  x * np.float32(-0.75))
        fma = (np.float64(np.float32(0.3)) * x.astype(np.float64) + y0).astype(np.float32)
        res.compare("axpy " + tag, yb.download((count,), offset_bytes=off), fma,
                    1.2e-7 * np.abs(fma.astype(np.float64)) + 1e-45)
        res.exact("copy " + tag, cb.download((count,), offset_bytes=off), x)
        total = np.abs(x.astype(np.float64)).sum()
        res.compare("sum " + tag, s.download((1,)), [x.astype(np.float64).sum()],
                    [2e-6 * total + 1e-30])
        res.compare("mean " + tag, mn.download((1,)), [x.astype(np.float64).mean()],
                    [2e-6 * total / count + 1e-30])
        # count_nonfinite: NaN, +Inf, -Inf planted at random places
        z = x.copy()
        k = min(count, 1 + count // 97)
        idx = rng.choice(count, size=k, replace=False)
        z[idx] = np.array([np.nan, np.inf, -np.inf], np.float32)[np.arange(k) % 3]
        zb = dev(z)
        cnt = a.empty(4)
        cnt.upload(np.array([-7], np.int32))
        lib.pg("count_nonfinite", zb.at(off), count, cnt.at(), lib.stream)
        lib.sync()
        res.exact("count_nonfinite " + tag, cnt.download((1,), np.int32),
                  np.array([k], np.int32))


def check_gather(lib, res, rng, elements, count, n):
    """A batch from uint8 images, exact; the last index past the end must give NaN."""
    tag = "gather_images_u8 %d-byte images x %d, batch %d" % (elements, count, n)
    pixels = rng.integers(0, 256, size=(count, elements), dtype=np.uint8)
    order = rng.integers(0, count, size=n).astype(np.int32)
    order[-1] = count
    with Arena(lib) as a:
        images = a.empty(pixels.nbytes)
        images.upload(pixels)
        indices = a.empty(4 * n)
        indices.upload(order)
        out = a.nan(n * elements)
        lib.pg("gather_images_u8", images.at(), elements, count, indices.at(), n, out.at(),
               lib.stream)
        lib.sync()
        got = out.download((n, elements))
    want = pixels[np.minimum(order, count - 1)].astype(np.float32) / np.float32(127.5) \
        - np.float32(1)
    want[-1] = np.nan
    res.exact(tag, got, want)


def check_refusals(lib, res):
    """A few bad arguments must be refused with a status and a message naming the argument."""
    with Arena(lib) as a:
        buf = a.nan(64)
        st, msg = lib.status_of("conv2d_forward", buf.at(), buf.at(), None, buf.at(), 1, -3, 4,
                                4, 2, 3, 3, 1, 1, 0, 0, lib.stream)
        res.fact("refusal: conv2d_forward c_in = -3", st == "PANAGAN_INVALID_ARGUMENT" and
                 "c_in" in msg, "%s: %s" % (st, msg))
        case = ConvCase("r", False, 9, 2, 33, 31, 3, (3, 3), (1, 1), (1, 1))
        need = case.workspace_bytes(lib)
        st, msg = lib.status_of("conv2d_backward_weight", buf.at(), buf.at(), buf.at(), None, 0,
                                *case.shape_args(), buf.at(), need - 1, lib.stream)
        res.fact("refusal: workspace one byte short", st == "PANAGAN_WORKSPACE_TOO_SMALL",
                 "%s: %s" % (st, msg))
        st, msg = lib.status_of("adam_step", buf.at(), buf.at(), buf.at(), buf.at(), 4, None,
                                1e-3, 0.9, 0.999, 1e-8, lib.stream)
        res.fact("refusal: adam_step step = NULL", st == "PANAGAN_INVALID_ARGUMENT",
                 "%s: %s" % (st, msg))


# ---------------------------------------------------------------------------------------------
# DCGAN calls: prepared buffers, one invocation each (for checks, timings and the iteration)
# ---------------------------------------------------------------------------------------------

class Prepared:
    """Buffers with random contents for one roofline.Call, and a function that enqueues it."""

    def __init__(self, lib, arena, rng, call: roofline.Call):
        self.call = call
        fn, args = call.function, call.args
        s = lib.stream
        if "conv" in fn:
            case = ConvCase(call.id.split()[0], args["transpose"], args["n"], args["c_in"],
                            args["h_in"], args["w_in"], args["c_out"], (args["k"], args["k"]),
                            (args["s"], args["s"]), (args["p"], args["p"]), bias=False)
            sh = case.shape_args()
            x = arena.of(rand(rng, case.x_shape))
            w = arena.of(rand(rng, case.w_shape))
            y = arena.of(rand(rng, case.y_shape))
            if fn.endswith("_forward"):
                out = arena.empty(4 * int(np.prod(case.y_shape)))
                self.run = lambda: lib.pg(fn[8:], x.at(), w.at(), None, out.at(), *sh, s)
            elif fn.endswith("_backward_data"):
                out = arena.empty(4 * int(np.prod(case.x_shape)))
                self.run = lambda: lib.pg(fn[8:], y.at(), w.at(), out.at(), *sh, s)
            else:
                nbytes = case.workspace_bytes(lib)
                ws = arena.empty(nbytes)
                dw = arena.empty(4 * int(np.prod(case.w_shape)))
                self.run = lambda: lib.pg(fn[8:], x.at(), y.at(), dw.at(), None, 0, *sh, ws.at(),
                                          nbytes, s)
        elif "batch_norm" in fn:
            n, c, h, w_ = args["n"], args["c"], args["h"], args["w"]
            act = ACTS[args["activation"]]
            cnt = n * c * h * w_
            nbytes = lib.dll.panagan_batch_norm_workspace_size(n, c, h, w_)
            x, y, ws = arena.of(rand(rng, (cnt,))), arena.of(rand(rng, (cnt,))), \
                arena.empty(nbytes)
            g, b = arena.of(rand(rng, (c,))), arena.of(rand(rng, (c,)))
            rm, rv = arena.of(np.zeros(c, np.float32)), arena.of(np.ones(c, np.float32))
            sm, si = arena.of(np.zeros(c, np.float32)), arena.of(np.ones(c, np.float32))
            if fn.endswith("training"):
                self.run = lambda: lib.pg("batch_norm_forward_training", x.at(), g.at(), b.at(),
                                          y.at(), rm.at(), rv.at(), sm.at(), si.at(), n, c, h,
                                          w_, 0.1, 1e-5, act, LEAKY, ws.at(), nbytes, s)
            else:
                dx = arena.empty(4 * cnt)
                dg, db = arena.empty(4 * c), arena.empty(4 * c)
                self.run = lambda: lib.pg("batch_norm_backward", y.at(), x.at(), g.at(), b.at(),
                                          sm.at(), si.at(), dx.at(), dg.at(), db.at(), 0, n, c,
                                          h, w_, act, LEAKY, ws.at(), nbytes, s)
        elif fn in ("panagan_bce_with_logits_forward", "panagan_bce_with_logits_backward",
                    "panagan_mean") or fn.startswith("panagan_") and (
                        fn.endswith("_forward") or fn.endswith("_backward")):
            cnt = args["count"]
            x, y = arena.of(rand(rng, (cnt,))), arena.of(rand(rng, (cnt,)))
            out = arena.empty(4 * cnt)
            name = fn[8:]
            if name == "bce_with_logits_forward":
                self.run = lambda: lib.pg(name, x.at(), out.at(), cnt, 1.0, s)
            elif name == "bce_with_logits_backward":
                self.run = lambda: lib.pg(name, x.at(), out.at(), cnt, 1.0, 1.0, s)
            elif name == "mean":
                self.run = lambda: lib.pg(name, x.at(), cnt, out.at(), s)
            else:
                slope = [LEAKY] if name.startswith("leaky") else []
                if name.endswith("_forward"):
                    self.run = lambda: lib.pg(name, x.at(), out.at(), cnt, *slope, s)
                else:
                    self.run = lambda: lib.pg(name, x.at(), y.at(), out.at(), cnt, *slope, s)
        elif fn == "panagan_increment":
            step = arena.of(np.zeros(1, np.int64))
            self.run = lambda: lib.pg("increment", step.at(), s)
        elif fn == "panagan_adam_step":
            cnt = args["count"]
            p, g = arena.of(rand(rng, (cnt,))), arena.of(rand(rng, (cnt,)) * 1e-3)
            m, v = arena.of(np.zeros(cnt, np.float32)), arena.of(np.zeros(cnt, np.float32))
            step = arena.of(np.ones(1, np.int64))
            self.run = lambda: lib.pg("adam_step", p.at(), g.at(), m.at(), v.at(), cnt,
                                      step.at(), 2e-4, 0.5, 0.999, 1e-8, s)
        else:
            raise CheckFailure("no preparation for %s" % fn)


def check_dcgan(lib, res, rng, cfg, with_torch):
    """Each distinct call of one iteration at the DCGAN's shapes, against the references."""
    seq, _ = roofline.iteration(cfg)
    seen = set()
    for call in seq:
        if call.id in seen:
            continue
        seen.add(call.id)
        fn, args = call.function, call.args
        name = "DCGAN b%d %s" % (cfg.batch, call.id)
        try:
            if "conv" in fn:
                case = ConvCase(name, args["transpose"], args["n"], args["c_in"], args["h_in"],
                                args["w_in"], args["c_out"], (args["k"], args["k"]),
                                (args["s"], args["s"]), (args["p"], args["p"]), bias=False)
                check_conv(lib, res, rng, case, (fn.split("_", 2)[2].replace(
                    "transpose2d_", "").replace("2d_", ""),), with_torch)
            elif fn == "panagan_batch_norm_forward_training":
                check_batch_norm(lib, res, rng, (args["n"], args["c"], args["h"], args["w"]),
                                 args["activation"])
            elif fn in ("panagan_batch_norm_backward", "panagan_increment", "panagan_mean",
                        "panagan_bce_with_logits_backward") or fn.endswith("_backward"):
                pass  # checked with their forward (batch norm, activations, BCE) or below
            elif fn.endswith("_forward") and "bce" not in fn:
                check_activation(lib, res, rng, fn[8:-8], args["count"])
            elif fn == "panagan_bce_with_logits_forward":
                check_bce(lib, res, rng, args["count"], 1.0)
                check_bce(lib, res, rng, args["count"], 0.0)
            elif fn == "panagan_adam_step":
                check_adam(lib, res, rng, args["count"], steps=2)
        except CheckFailure as e:
            res.error(name, e)


def check_all(lib, res, rng, cfg, quick, with_torch):
    for c in ODD_CONVS:
        case = ConvCase(c[0], c[1], *c[2:7], c[7], c[8], c[9], c[10], bias=True)
        try:
            check_conv(lib, res, rng, case, with_torch=with_torch)
        except CheckFailure as e:
            res.error(str(case), e)
    for shape, act, offset in [((3, 5, 7, 9), "none", 0.0), ((3, 5, 7, 9), "relu", 0.0),
                               ((3, 5, 7, 9), "leaky_relu", 0.0), ((2, 3, 4, 4), "relu", 300.0),
                               ((3, 2, 41, 50), "leaky_relu", 0.0),  # 2 chunks a channel
                               ((2, 3, 5, 5), "relu", 0.0)]:       # odd plane: scalar path
        try:
            check_batch_norm(lib, res, rng, shape, act, offset)
        except CheckFailure as e:
            res.error("batch_norm %s %s" % (shape, act), e)
    for name in ACTIVATIONS:
        for count, off in [(1, 0), (3, 0), (1023, 0), (4099, 0), (4099, 1)]:
            try:
                check_activation(lib, res, rng, name, count, off)
            except CheckFailure as e:
                res.error("%s %d" % (name, count), e)
    for count in (1, 3, 1023, 4099):
        for target in (1.0, 0.0, 0.9):
            try:
                check_bce(lib, res, rng, count, target)
            except CheckFailure as e:
                res.error("bce %d" % count, e)
    for count in (1, 3, 4099):
        try:
            check_adam(lib, res, rng, count)
        except CheckFailure as e:
            res.error("adam %d" % count, e)
    for count, off in [(1, 0), (3, 0), (1023, 0), (4099, 0), (4099, 1),
                       (100003 if not quick else 20011, 0)]:
        try:
            check_utilities(lib, res, rng, count, off)
        except CheckFailure as e:
            res.error("utilities %d" % count, e)
    for elements, count, n in [(1, 3, 2), (189, 11, 5), (3 * 64 * 64, 9, 6)]:
        try:
            check_gather(lib, res, rng, elements, count, n)
        except CheckFailure as e:
            res.error("gather %d" % elements, e)
    try:
        check_refusals(lib, res)
    except CheckFailure as e:
        res.error("refusals", e)
    check_dcgan(lib, res, rng, cfg, with_torch)


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------

class Timer:
    def __init__(self, lib):
        self.lib = lib
        self.start, self.end = P(), P()
        lib.rt("cudaEventCreate", ctypes.byref(self.start))
        lib.rt("cudaEventCreate", ctypes.byref(self.end))

    def time_ms(self, enqueue, reps):
        lib = self.lib
        lib.rt("cudaEventRecord", self.start, lib.stream)
        for _ in range(reps):
            enqueue()
        lib.rt("cudaEventRecord", self.end, lib.stream)
        lib.rt("cudaEventSynchronize", self.end)
        ms = F32()
        lib.rt("cudaEventElapsedTime", ctypes.byref(ms), self.start, self.end)
        return ms.value

    def median_us(self, enqueue, warmup, samples, inner):
        for _ in range(warmup):
            enqueue()
        lib = self.lib
        lib.rt("cudaStreamSynchronize", lib.stream)
        t = [self.time_ms(enqueue, inner) * 1e3 / inner for _ in range(samples)]
        return statistics.median(t), min(t), max(t)

    def close(self):
        self.lib.dll.cudaEventDestroy(self.start)
        self.lib.dll.cudaEventDestroy(self.end)


def capture(lib, enqueue):
    graph, exec_ = P(), P()
    lib.rt("cudaStreamBeginCapture", lib.stream, CAPTURE_RELAXED)
    try:
        enqueue()
    finally:
        lib.rt("cudaStreamEndCapture", lib.stream, ctypes.byref(graph))
    lib.rt("cudaGraphInstantiate", ctypes.byref(exec_), graph, 0)
    return graph, exec_


def prepare_calls(lib, arena, rng, seq):
    """A Prepared (own buffers, random contents) for each distinct call of `seq`, by call id."""
    prepared = {}
    for call in seq:
        if call.id not in prepared:
            prepared[call.id] = Prepared(lib, arena, rng, call)
    lib.sync()
    return prepared


def graph_median_us(lib, timer, enqueue, samples):
    """Captures `enqueue` into one CUDA graph and times its replays: (median, min, max) us."""
    g, e = capture(lib, enqueue)
    try:
        return timer.median_us(lambda: lib.rt("cudaGraphLaunch", e, lib.stream), 2, samples, 1)
    finally:
        lib.rt("cudaGraphExecDestroy", e)
        lib.rt("cudaGraphDestroy", g)


def iteration_by_batch(lib, rng, cfgs, quick, ptxas):
    """The whole iteration (every call on its own buffers, in the trainer's order) as one CUDA
    graph, replayed, at each configuration's batch; a row per batch with images/s and the
    roofline floor of that batch."""
    samples = 3 if quick else 20
    timer = Timer(lib)
    rows = []
    try:
        for cfg in cfgs:
            seq, _ = roofline.iteration(cfg)
            _, totals = roofline.evaluate(cfg, ptxas)
            with Arena(lib) as arena:
                prepared = prepare_calls(lib, arena, rng, seq)
                order = [prepared[c.id] for c in seq]

                def iteration():
                    for p in order:
                        p.run()
                med, lo, hi = graph_median_us(lib, timer, iteration, samples)
                lib.sync()
            floor = totals["t_floor"] * 1e6
            row = {"batch": cfg.batch, "calls": len(seq), "graph_us": {
                "median": med, "min": lo, "max": hi}, "samples": samples, "floor_us": floor,
                "images_per_s": cfg.batch / (med * 1e-6), "fraction_of_bound": floor / med,
                "reference_dense_flops": totals["reference_dense_flops"]}
            rows.append(row)
            print("iteration at batch %d (%d calls, one graph, median of %d replays): %.1f us "
                  "= %.0f images/s; floor %.1f us (%.0f %% of bound)" % (
                      cfg.batch, len(seq), samples, med, row["images_per_s"], floor,
                      100 * row["fraction_of_bound"]), flush=True)
    finally:
        timer.close()
    return rows


def run_timings(lib, rng, cfg, quick, roof_rows, roof_totals):
    warmup, samples, inner = (1, 3, 2) if quick else (3, 15, 20)
    cudnn = {} if quick else torch_conv_timings(cfg, warmup, samples, inner)
    timer = Timer(lib)
    out = {"calls": [], "settings": {"warmup": warmup, "samples": samples, "inner": inner}}
    by_id = {r["id"]: r for r in roof_rows}
    seq, _ = roofline.iteration(cfg)
    with Arena(lib) as arena:
        prepared = prepare_calls(lib, arena, rng, seq)
        # launch cost: a one-thread kernel back to back, direct and from a graph
        inc = prepared[next(c.id for c in seq if c.function == "panagan_increment")]
        n_inc = 20 if quick else 1000
        med, lo, hi = timer.median_us(inc.run, warmup, samples, n_inc)
        out["launch_direct_us"] = med
        g, e = capture(lib, lambda: [inc.run() for _ in range(n_inc)])
        gl = lambda: lib.rt("cudaGraphLaunch", e, lib.stream)  # noqa: E731
        med_g, _, _ = timer.median_us(gl, warmup, samples, 1)
        out["launch_graph_us"] = med_g / n_inc
        lib.rt("cudaGraphExecDestroy", e)
        lib.rt("cudaGraphDestroy", g)
        print("launch cost: %.2f us direct, %.2f us in a graph (panagan_increment x %d)"
              % (med, med_g / n_inc, n_inc), flush=True)
        # each distinct call: `inner` launches captured into a graph, so that the ctypes call
        # overhead (tens of microseconds) never starves the GPU; one replay per sample
        for cid, p in prepared.items():
            g, e = capture(lib, lambda: [p.run() for _ in range(inner)])
            try:
                med, lo, hi = (v / inner for v in timer.median_us(
                    lambda: lib.rt("cudaGraphLaunch", e, lib.stream), warmup, samples, 1))
            finally:
                lib.rt("cudaGraphExecDestroy", e)
                lib.rt("cudaGraphDestroy", g)
            r = by_id[cid]
            row = {"id": cid, "count": r["count"], "median_us": med, "min_us": lo, "max_us": hi,
                   "floor_us": r["t_floor"] * 1e6, "dense_flops": r["dense_flops"],
                   "min_bytes": r["min_bytes"], "gflops": r["dense_flops"] / med / 1e3,
                   "gbytes": r["min_bytes"] / med / 1e3, "cudnn_us": cudnn.get(cid),
                   "fraction_of_bound": r["t_floor"] * 1e6 / med}
            out["calls"].append(row)
            print("%-44s %9.1f us  floor %8.1f us  %8.1f GFLOP/s  %7.1f GB/s%s" % (
                cid, med, row["floor_us"], row["gflops"], row["gbytes"],
                "  cuDNN %.1f us" % cudnn[cid] if cid in cudnn else ""), flush=True)
        # the iteration: direct, then one captured graph
        order = [prepared[c.id] for c in seq]

        def iteration():
            for p in order:
                p.run()
        it_samples = 3 if quick else 10
        med, lo, hi = timer.median_us(iteration, 1, it_samples, 1)
        out["iteration_direct_us"] = {"median": med, "min": lo, "max": hi}
        med_g, lo_g, hi_g = graph_median_us(lib, timer, iteration, it_samples * 2)
        out["iteration_graph_us"] = {"median": med_g, "min": lo_g, "max": hi_g}
        out["iteration_floor_us"] = roof_totals["t_floor"] * 1e6
        out["iteration_calls"] = len(seq)
        out["iteration_per_call_sum_us"] = sum(r["median_us"] * r["count"] for r in out["calls"])
        print("iteration (%d calls): %.1f us enqueued directly, %.1f us as a graph; sum of the "
              "calls' medians %.1f us; floor %.1f us" % (
                  len(seq), med, med_g, out["iteration_per_call_sum_us"],
                  out["iteration_floor_us"]), flush=True)
        # the memory ceiling: a large device-to-device copy with panagan_copy
        count = (1 << 16) if quick else (1 << 28)
        src, dst = arena.empty(4 * count), arena.empty(4 * count)
        lib.pg("fill", src.at(), count, 1.0, lib.stream)
        med, _, _ = timer.median_us(lambda: lib.pg("copy", src.at(), dst.at(), count,
                                                   lib.stream), warmup, samples, 1)
        out["copy_gbytes_per_s"] = 8 * count / med / 1e3
        out["copy_bytes"] = 8 * count
        print("panagan_copy of %d MiB: %.1f us = %.0f GB/s (read + written)" % (
            4 * count >> 20, med, out["copy_gbytes_per_s"]), flush=True)
    timer.close()
    return out


def torch_conv_timings(cfg, warmup, samples, inner):
    """cuDNN's FP32 time (TF32 off, cudnn.benchmark on) for each DCGAN convolution call, through
    torch's aten convolution ops replayed from a CUDA graph of `inner` calls, as a reference
    point; {} without torch or a GPU."""
    try:
        import torch
        if not torch.cuda.is_available():
            return {}
    except Exception:
        return {}
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    seq, _ = roofline.iteration(cfg)
    out = {}
    for call in seq:
        a = call.args
        if "conv" not in call.function or call.id in out:
            continue
        case = ConvCase(call.id, a["transpose"], a["n"], a["c_in"], a["h_in"], a["w_in"],
                        a["c_out"], (a["k"], a["k"]), (a["s"], a["s"]), (a["p"], a["p"]),
                        bias=False)
        x = torch.randn(case.x_shape, device="cuda")
        w = torch.randn(case.w_shape, device="cuda")
        dy = torch.randn(case.y_shape, device="cuda")
        conv = dict(stride=list(case.s), padding=list(case.p), dilation=[1, 1],
                    transposed=case.transpose, output_padding=list(case.op), groups=1)
        if call.function.endswith("_forward"):
            def op():
                torch.ops.aten.convolution(x, w, None, **conv)
        else:
            mask = [True, False, False] if call.function.endswith("_data") else \
                [False, True, False]

            def op():
                torch.ops.aten.convolution_backward(dy, x, w, None, conv["stride"],
                                                    conv["padding"], conv["dilation"],
                                                    conv["transposed"], conv["output_padding"],
                                                    1, mask)
        try:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                for _ in range(warmup + 2):  # cudnn.benchmark picks its algorithm here
                    op()
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                for _ in range(inner):
                    op()
            graph.replay()
            torch.cuda.synchronize()
            times = []
            for _ in range(samples):
                s_, e_ = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                s_.record()
                graph.replay()
                e_.record()
                e_.synchronize()
                times.append(s_.elapsed_time(e_) * 1e3 / inner)
            out[call.id] = statistics.median(times)
        except Exception as e:
            print("cuDNN timing of %s failed: %s" % (call.id, e), flush=True)
    return out


def torch_fp32_peak(quick):
    """FP32 (no TF32) matrix-product rate through torch, as the measured compute ceiling."""
    try:
        import torch
        if not torch.cuda.is_available() or quick:
            return None
        torch.backends.cuda.matmul.allow_tf32 = False
        n = 8192
        a = torch.randn(n, n, device="cuda")
        b = torch.randn(n, n, device="cuda")
        for _ in range(3):
            a @ b
        torch.cuda.synchronize()
        times = []
        for _ in range(10):
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            a @ b
            e.record()
            e.synchronize()
            times.append(s.elapsed_time(e))
        return 2 * n ** 3 / (statistics.median(times) * 1e-3)
    except Exception as e:  # reported, never fatal: the ceiling is context, not a check
        print("torch fp32 peak not measured: %s" % e, flush=True)
        return None


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def report_md(meta, res, timing, roof_totals):
    lines = []
    w = lines.append
    w("# panagan device check")
    w("")
    for k, v in meta.items():
        w("- %s: %s" % (k, v))
    w("")
    failed = res.failed
    w("## Correctness: %d checks, %d failed" % (len(res.checks), len(failed)))
    w("")
    w("Tolerances (per element, |got - ref| <= bound):")
    w("")
    for k, v in TOLERANCES.items():
        w("- %s: %s" % (k, v))
    w("")
    if failed:
        w("| failed check | worst err/bound | non-finite | detail |")
        w("|---|---|---|---|")
        for c in failed:
            w("| %s | %.3g | %d | %s |" % (c["name"], c["worst_err_over_bound"], c["nonfinite"],
                                         json.dumps(c["worst"])))
        w("")
    worst = sorted((c for c in res.checks if c["ok"]), key=lambda c: -c["worst_err_over_bound"])
    w("Closest passing checks (worst |err|/bound):")
    w("")
    for c in worst[:8]:
        w("- %s: %.3g" % (c["name"], c["worst_err_over_bound"]))
    w("")
    if timing:
        w("## Timings (median of %d replays of a CUDA graph of %d launches of the call, after %d "
          "warm-up replays)" % (
            timing["settings"]["samples"], timing["settings"]["inner"],
            timing["settings"]["warmup"]))
        w("")
        w("Launch cost (panagan_increment back to back): %.2f us direct, %.2f us in a graph. "
          "Copy bandwidth (panagan_copy, %d MiB): %.0f GB/s." % (
              timing["launch_direct_us"], timing["launch_graph_us"],
              timing["copy_bytes"] >> 21, timing["copy_gbytes_per_s"]))
        w("")
        w("| call | x/iter | median us | floor us | fraction of bound (floor/median) | "
          "GFLOP/s (dense) | GB/s (min bytes) | cuDNN fp32 us |")
        w("|---|---|---|---|---|---|---|---|")
        for r in timing["calls"]:
            w("| %s | %d | %.1f | %.1f | %.0f %% | %.0f | %.0f | %s |" % (
                r["id"], r["count"], r["median_us"], r["floor_us"],
                100 * r["floor_us"] / r["median_us"], r["gflops"], r["gbytes"],
                "%.1f" % r["cudnn_us"] if r.get("cudnn_us") else ""))
        w("")
        d, g = timing["iteration_direct_us"], timing["iteration_graph_us"]
        w("Iteration (%d calls, independent buffers per call): %.1f us enqueued directly from "
          "Python (ctypes overhead included) "
          "(min %.1f), %.1f us replayed as one CUDA graph (min %.1f); sum of per-call medians "
          "x count %.1f us; roofline floor %.1f us." % (
              timing["iteration_calls"], d["median"], d["min"], g["median"], g["min"],
              timing["iteration_per_call_sum_us"], timing["iteration_floor_us"]))
        if timing.get("iteration_by_batch"):
            w("")
            w("### The iteration by batch (one CUDA graph of all calls, median of replays)")
            w("")
            w("| batch | calls | ms/iter | images/s | floor ms | fraction of bound |")
            w("|---|---|---|---|---|---|")
            for r in timing["iteration_by_batch"]:
                w("| %d | %d | %.3f | %.0f | %.3f | %.0f %% |" % (
                    r["batch"], r["calls"], r["graph_us"]["median"] / 1e3, r["images_per_s"],
                    r["floor_us"] / 1e3, 100 * r["fraction_of_bound"]))
    return "\n".join(lines) + "\n"


def write_results(a, meta, res, timing):
    """The report as markdown and JSON under --out (if given); returns the markdown."""
    md = report_md(meta, res, timing, None)
    if a.out:
        a.out.mkdir(parents=True, exist_ok=True)
        (a.out / (a.name + ".md")).write_text(md)
        (a.out / (a.name + ".json")).write_text(json.dumps(
            {"meta": meta, "tolerances": TOLERANCES, "checks": res.checks, "timing": timing},
            indent=1, default=str))
    return md


def stop_on_sigterm(signum, frame):
    raise CheckFailure("stopped by signal %d (a time limit?) before the end" % signum)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--library", default="cuda",
                    help="cuda, sim, or a path to a libpanagan build (default cuda)")
    ap.add_argument("--quick", action="store_true",
                    help="small DCGAN (batch 2, nz 8, ngf = ndf = 4) and few repetitions")
    ap.add_argument("--batch", type=int, default=None,
                    help="the full DCGAN's batch (default 64); ignored with --quick")
    ap.add_argument("--batches", default=None,
                    help="comma-separated batches at which to time the whole iteration as one "
                         "CUDA graph, e.g. 64,128 (with --quick: the small DCGAN at those "
                         "batches) (default: none beyond the checked batch)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: from time)")
    ap.add_argument("--out", type=Path, default=None,
                    help="directory for the results (NAME.md, NAME.json) (default: print only)")
    ap.add_argument("--name", default="device-check",
                    help="file name stem of the results under --out (default device-check)")
    ap.add_argument("--no-timing", action="store_true", help="correctness only")
    ap.add_argument("--no-torch", action="store_true", help="skip the torch comparison")
    ap.add_argument("--ptxas", type=Path, default=roofline.DEFAULT_REPORT)
    a = ap.parse_args(argv)
    path = {"cuda": BUILD / "libpanagan_cuda.so", "sim": BUILD / "libpanagan_sim.so"}.get(
        a.library, Path(a.library))
    seed = a.seed if a.seed is not None else int(time.time() * 1000) % (2 ** 31)
    print("check_kernels: %s, seed %d%s" % (path, seed, " (quick)" if a.quick else ""),
          flush=True)
    rng = np.random.default_rng(seed)
    if a.batch is not None and a.batch < 1:
        ap.error("--batch must be >= 1, got %d" % a.batch)
    try:
        batches = roofline.parse_batches(a.batches) if a.batches is not None else []
    except ValueError as e:
        ap.error(str(e))

    def dcgan(batch):
        return roofline.Dcgan(batch=batch, nz=8, ngf=4, ndf=4) if a.quick else \
            roofline.Dcgan(batch=batch)
    cfg = dcgan(2 if a.quick else a.batch or 64)
    started = time.time()
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    res = Results(seed)
    timing = None
    meta = {"library": str(path), "seed": seed, "mode": "quick" if a.quick else "full",
            "dcgan": "batch %d, nz %d, ngf %d, ndf %d, %dx%d" % (
                cfg.batch, cfg.nz, cfg.ngf, cfg.ndf, cfg.image, cfg.image),
            "python": platform.python_version(), "numpy": np.__version__}
    if not a.no_torch:
        # torch first: its libcudart.so.13 then also serves libpanagan_cuda.so (one soname,
        # one copy in the process)
        try:
            import torch  # noqa: F401
        except Exception:
            pass
    try:
        lib = Lib(path)
        v = I32()
        lib.rt("cudaRuntimeGetVersion", ctypes.byref(v))
        meta["cuda runtime"] = v.value
        meta["panagan version"] = lib.dll.panagan_version()
        for k, attr in ATTRS.items():
            meta[k] = lib.attribute(attr)
        stream = P()
        lib.rt("cudaStreamCreate", ctypes.byref(stream))
        lib.stream = stream
        with_torch = False
        if not a.no_torch:
            try:
                import torch
                meta["torch"] = torch.__version__
                with_torch = a.library == "sim" or torch.cuda.is_available()
                if torch.cuda.is_available():
                    meta["device"] = torch.cuda.get_device_name(0)
            except Exception as e:
                meta["torch"] = "not importable (%s): convolutions checked against numpy only" \
                    % type(e).__name__
        failures = refs.self_test(seed)
        res.fact("references against brute force and adjoints", not failures,
                 "; ".join(failures))
        check_all(lib, res, rng, cfg, a.quick, with_torch)
        print("correctness: %d checks, %d failed (%.1f s)" % (
            len(res.checks), len(res.failed), time.time() - started), flush=True)
        write_results(a, meta, res, None)  # kept if the timings are cut short
        if not a.no_timing:
            ptxas = roofline.parse_ptxas(a.ptxas) if a.ptxas.is_file() else None
            rows, totals = roofline.evaluate(cfg, ptxas)
            timing = run_timings(lib, rng, cfg, a.quick, rows, totals)
            if batches:
                timing["iteration_by_batch"] = iteration_by_batch(
                    lib, rng, [dcgan(b) for b in batches], a.quick, ptxas)
            peak = torch_fp32_peak(a.quick)
            if peak:
                meta["fp32 matmul ceiling (torch, no TF32)"] = "%.1f TFLOP/s" % (peak / 1e12)
    except CheckFailure as e:
        res.error("run", e)
    except Exception as e:  # an unexpected error is a failed run, with its trace in the log
        traceback.print_exc()
        res.error("run", "%s: %s" % (type(e).__name__, e))
    meta["seconds"] = round(time.time() - started, 1)
    md = write_results(a, meta, res, timing)
    print("\n".join(l for l in md.splitlines() if not l.startswith("- ") or "failed" in l)
          if res.failed else "all %d checks passed (%.1f s)" % (len(res.checks),
                                                                meta["seconds"]))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())

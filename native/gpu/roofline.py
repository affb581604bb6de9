#!/usr/bin/env python3
"""Expected speed of panagan's kernels on an H200, derived from shapes and ptxas's report.

Nothing here is measured: every number comes from the DCGAN shapes, the launch geometry the
launchers in native/src use (mirrored below), the registers and shared memory ptxas reported for
sm_90, and the device constants in DEVICE. Each assumption is named where it is used and listed
by `--assumptions`.

    python3 native/gpu/roofline.py                 # markdown tables for native/README.md
    python3 native/gpu/roofline.py --json out.json # the same numbers for check_kernels.py

Standard library only (python3 >= 3.9). check_kernels.py imports this module for the shapes,
the iteration's call sequence and the per-call expectations, so the device check times exactly
the calls counted here.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REPORT = HERE.parent / "build" / "ptxas-report.txt"

# ---------------------------------------------------------------------------------------------
# Device constants (NVIDIA H200 SXM, compute capability 9.0) and modelling assumptions
# ---------------------------------------------------------------------------------------------

DEVICE = {
    "name": "NVIDIA H200 (sm_90)",
    "sms": 132,
    "fp32_flops": 67e12,          # datasheet dense FP32 (FFMA = 2 FLOP), boost clock
    "dram_bytes_per_s": 4.3e12,   # device-to-device copy measured on this workplace's H200
    "regs_per_sm": 65536,
    "reg_alloc_unit": 256,        # registers are allocated per warp in units of 256
    "smem_per_sm": 228 * 1024,    # largest shared-memory carveout
    "smem_per_block_max": 227 * 1024,
    "smem_reserved_per_block": 1024,  # the runtime's per-block reservation on sm_80+
    "smem_alloc_unit": 128,
    "max_threads_per_sm": 2048,
    "max_blocks_per_sm": 32,
    "warp": 32,
}

LAUNCH_US = 2.0   # see ASSUMPTIONS
PCIE_GBPS = 50.0

ASSUMPTIONS = [
    "FP32 peak 67 TFLOP/s (datasheet; an FFMA counts 2 FLOP) and DRAM 4.3 TB/s (copy measured "
    "on this workplace's H200, bytes read + written); no kernel here uses tensor cores.",
    "FLOPs are counted as the kernels execute them: every multiply-add of the padded GEMM tile "
    "(rows and columns rounded up to the tile, depth to BK = 16) and every tap the gathers "
    "read, zeros included. 'dense' FLOPs are the reference's count (2 * MACs of the "
    "convolution over all taps, as PyTorch's profilers count).",
    "Minimum bytes: each input read once and each output written once (float32), plus the "
    "split-K partials a launch must write and the reduction must read (a launch-design cost, "
    "not compulsory traffic) and, for batch norm, the second pass over x (and dy) that its "
    "stats/apply (reduce/data) kernels make. Re-reads of GEMM tiles are not counted (they hit "
    "L2, 60 MB, if at all).",
    "Compute time of a launch: blocks spread evenly over the 132 SMs and an SM delivers 1/132 "
    "of the peak however many of its blocks are resident, so the busiest SM does "
    "ceil(blocks / 132) blocks' work: t = ceil(B / 132) * (F / B) / (peak / 132). This is the "
    "wave (tail) effect at SM granularity; occupancy only decides whether those blocks are "
    "co-resident (one wave) or serialised (more waves, same formula).",
    "Memory time of a launch: bytes / (4.3 TB/s * min(1, B / 132)): bandwidth is taken to scale "
    "with the share of SMs that hold a block (few blocks cannot keep enough loads in flight).",
    "Launch floor: every kernel costs at least 2 microseconds (graph-launched kernel, "
    "ramp-up and drain and the gap to the next one on the same stream). This is a lead, not a "
    "reading; the device check measures it (panagan_increment back to back).",
    "Occupancy from ptxas (sm_90): registers per warp rounded up to 256, shared memory per "
    "block rounded up to 128 B plus 1 KiB reserved, at most 2048 threads, 32 blocks and 64 Ki "
    "registers per SM, shared memory from the largest carveout (228 KiB).",
    "Host-to-device copies of the real batch (and z) go over PCIe Gen5 x16 at 50 GB/s "
    "(assumed, not measured); they are listed apart from the kernel floor.",
    "Attainable FP32 SIMT GEMM rate is below peak (a tuned SGEMM reaches roughly 70-80 % of "
    "it); the floor here uses 100 %, so measured/floor says how far from the ceiling we are, "
    "not from what is achievable.",
]


# ---------------------------------------------------------------------------------------------
# Launch geometry, mirrored from native/src (kept in one place; the device check compares the
# call list with what the library does only through timings, so keep these in step)
# ---------------------------------------------------------------------------------------------

BK = 16
TILE_WIDE = (64, 64, 4, 4)      # BM, BN, TM, TN; 256 threads
TILE_NARROW = (16, 128, 2, 4)   # for <= 16 output channels
TILE_THREADS = 256
SPLIT_TARGET_BLOCKS = 512
SPLIT_MIN_STEPS = 8
CHANNEL_SUM_THREADS = 256
CHANNEL_SUM_MIN_CHUNK = 16 * CHANNEL_SUM_THREADS
MAX_SPLITS = 256
ELEMENTWISE_THREADS = 256
MAX_ELEMENTWISE_BLOCKS = 2048
REDUCTION_THREADS = 1024
BN_THREADS = 256
BN_CHUNK_ELEMENTS = 4096
BN_MAX_CHUNKS = 1024
BN_FINALIZE_WARPS = 8


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def tile_name(tile) -> str:
    return "Tile<%d,%d,%d,%d>" % tile


def elementwise_blocks(count: int) -> int:
    return max(1, min(ceil_div(count, ELEMENTWISE_THREADS), MAX_ELEMENTWISE_BLOCKS))


def pack_blocks(count: int) -> int:
    # Every DCGAN tensor is 16-byte aligned, so the float4 path runs.
    return elementwise_blocks(ceil_div(count, 4))


def plan_split(length: int, units: int, min_units: int, blocks_per_split: int):
    granules = ceil_div(length, units)
    splits = ceil_div(SPLIT_TARGET_BLOCKS, blocks_per_split)
    splits = min(splits, ceil_div(granules, min_units), MAX_SPLITS)
    splits = max(splits, 1)
    per_split = ceil_div(granules, splits)
    return ceil_div(granules, per_split), per_split * units


# ---------------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Conv:
    """One convolution layer in PyTorch's terms (x input, y output)."""
    name: str
    transpose: bool
    n: int
    c_in: int
    h_in: int
    w_in: int
    c_out: int
    k: int
    s: int
    p: int
    op: int = 0

    @property
    def h_out(self) -> int:
        if self.transpose:
            return (self.h_in - 1) * self.s - 2 * self.p + self.k + self.op
        return (self.h_in + 2 * self.p - self.k) // self.s + 1

    @property
    def w_out(self) -> int:
        if self.transpose:
            return (self.w_in - 1) * self.s - 2 * self.p + self.k + self.op
        return (self.w_in + 2 * self.p - self.k) // self.s + 1

    # fine/coarse roles (native/README.md, "One vocabulary for both operations")
    def roles(self):
        if self.transpose:  # coarse = x, fine = y
            return dict(c_c=self.c_in, h_c=self.h_in, w_c=self.w_in,
                        c_f=self.c_out, h_f=self.h_out, w_f=self.w_out)
        return dict(c_c=self.c_out, h_c=self.h_out, w_c=self.w_out,
                    c_f=self.c_in, h_f=self.h_in, w_f=self.w_in)

    @property
    def x_numel(self) -> int:
        return self.n * self.c_in * self.h_in * self.w_in

    @property
    def y_numel(self) -> int:
        return self.n * self.c_out * self.h_out * self.w_out

    @property
    def w_numel(self) -> int:
        return self.c_in * self.c_out * self.k * self.k

    @property
    def dense_flops(self) -> int:
        r = self.roles()
        return 2 * self.n * r["c_c"] * r["h_c"] * r["w_c"] * r["c_f"] * self.k * self.k


@dataclasses.dataclass(frozen=True)
class Dcgan:
    batch: int = 64
    nz: int = 100
    ngf: int = 64
    ndf: int = 64
    nc: int = 3
    image: int = 64

    def generator(self):
        n, layers = self.batch, []
        middle = int(math.log2(self.image)) - 2
        ch = self.ngf << (middle - 1)
        layers.append(Conv("G1", True, n, self.nz, 1, 1, ch, 4, 1, 0))
        size = 4
        for i in range(1, middle):
            layers.append(Conv("G%d" % (i + 1), True, n, ch, size, size, ch // 2, 4, 2, 1))
            ch //= 2
            size *= 2
        layers.append(Conv("G%d" % (middle + 1), True, n, ch, size, size, self.nc, 4, 2, 1))
        return layers

    def discriminator(self):
        n, layers = self.batch, []
        middle = int(math.log2(self.image)) - 2
        layers.append(Conv("D1", False, n, self.nc, self.image, self.image, self.ndf, 4, 2, 1))
        ch, size = self.ndf, self.image // 2
        for i in range(1, middle):
            layers.append(Conv("D%d" % (i + 1), False, n, ch, size, size, ch * 2, 4, 2, 1))
            ch *= 2
            size //= 2
        layers.append(Conv("D%d" % (middle + 1), False, n, ch, size, size, 1, 4, 1, 0))
        return layers

    @staticmethod
    def has_bn(net: str, index: int, count: int) -> bool:
        # G: BN after every block but the last; D: after every block but the first and last.
        if net == "G":
            return index < count - 1
        return 0 < index < count - 1

    def reference_dense_flops(self) -> int:
        """One iteration's convolution FLOPs as the reference computes them, counted densely:
        three D forwards with their backwards (data and weights) and one G forward with its
        backward = 9 F_D + 3 F_G (DcganFlops.java's count)."""
        return 9 * sum(l.dense_flops for l in self.discriminator()) + \
            3 * sum(l.dense_flops for l in self.generator())

    def parameter_count(self, net: str) -> int:
        layers = self.generator() if net == "G" else self.discriminator()
        total = 0
        for i, l in enumerate(layers):
            total += l.w_numel + (2 * l.c_out if self.has_bn(net, i, len(layers)) else 0)
        return total


# ---------------------------------------------------------------------------------------------
# Calls (one panagan_* function with its arguments) and their launches
# ---------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Launch:
    kernel: str     # ptxas key, e.g. conv_forward_kernel<Tile<64,64,4,4>>
    blocks: int
    threads: int
    flops: float    # as executed
    bytes: float    # minimum for this launch (partials included)


@dataclasses.dataclass
class Call:
    id: str          # unique per shape, e.g. "D2 conv2d_forward"
    function: str    # panagan_* name
    args: dict       # shape arguments (check_kernels.py uses them)
    dense_flops: float
    min_bytes: float
    launches: list
    note: str = ""


def _gemm_flops(rows: int, cols: int, depth: int, tile) -> int:
    bm, bn = tile[0], tile[1]
    return 2 * ceil_div(rows, bm) * bm * ceil_div(cols, bn) * bn * ceil_div(depth, BK) * BK


def conv_forward_launch(c: Conv) -> Launch:
    """conv_forward_kernel: coarse = gather(fine) (conv2d forward, conv_transpose2d dgrad)."""
    r = c.roles()
    tile = TILE_NARROW if r["c_c"] <= 16 else TILE_WIDE
    pixels = c.n * r["h_c"] * r["w_c"]
    depth = r["c_f"] * c.k * c.k
    blocks = ceil_div(pixels, tile[1]) * ceil_div(r["c_c"], tile[0])
    return Launch("conv_forward_kernel<%s>" % tile_name(tile), blocks, TILE_THREADS,
                  _gemm_flops(r["c_c"], pixels, depth, tile), 0)


def conv_backward_data_launch(c: Conv) -> Launch:
    """conv_backward_data_kernel: fine = phase-split scatter of coarse."""
    r = c.roles()
    tile = TILE_NARROW if r["c_f"] <= 16 else TILE_WIDE
    s = c.s
    per_phase_pixels = c.n * ceil_div(r["h_f"], s) * ceil_div(r["w_f"], s)
    tiles = ceil_div(per_phase_pixels, tile[1])
    blocks = s * s * tiles * ceil_div(r["c_f"], tile[0])
    flops = 0
    for a in range(s):
        for b in range(s):
            def axis(idx, fine):
                rr = (idx + c.p) % s
                taps = ceil_div(c.k - rr, s) if rr < c.k else 0
                count = ceil_div(fine - idx, s) if idx < fine else 0
                return taps, count
            th, ch = axis(a, r["h_f"])
            tw, cw = axis(b, r["w_f"])
            px = c.n * ch * cw
            depth = r["c_c"] * th * tw
            if px and depth:
                flops += 2 * ceil_div(r["c_f"], tile[0]) * tile[0] * ceil_div(px, tile[1]) * \
                    tile[1] * ceil_div(depth, BK) * BK
    return Launch("conv_backward_data_kernel<%s>" % tile_name(tile), blocks, TILE_THREADS,
                  flops, 0)


def conv_backward_weight_launches(c: Conv):
    r = c.roles()
    taps_total = r["c_f"] * c.k * c.k
    tiles = ceil_div(taps_total, 64) * ceil_div(r["c_c"], 64)
    pixels = c.n * r["h_c"] * r["w_c"]
    splits, chunk = plan_split(pixels, BK, SPLIT_MIN_STEPS, tiles)
    weight = r["c_c"] * taps_total
    flops = 2 * ceil_div(r["c_c"], 64) * 64 * ceil_div(taps_total, 64) * 64 * \
        splits * ceil_div(chunk, BK) * BK
    gemm = Launch("conv_backward_weight_kernel<%s>" % tile_name(TILE_WIDE), tiles * splits,
                  TILE_THREADS, flops, 0)
    out = [gemm]
    if splits > 1:
        gemm.bytes = 4 * splits * weight  # partials written
        out.append(Launch("conv_split_reduce_kernel", elementwise_blocks(weight),
                          ELEMENTWISE_THREADS, splits * weight, 4 * splits * weight))
    return out, splits


def conv_calls(c: Conv, pass_: str) -> Call:
    fn = "conv_transpose2d" if c.transpose else "conv2d"
    args = dict(n=c.n, c_in=c.c_in, h_in=c.h_in, w_in=c.w_in, c_out=c.c_out, k=c.k, s=c.s,
                p=c.p, op=c.op, transpose=c.transpose)
    xb, yb, wb = 4 * c.x_numel, 4 * c.y_numel, 4 * c.w_numel
    if pass_ == "forward":
        launch = conv_backward_data_launch(c) if c.transpose else conv_forward_launch(c)
        launch.bytes = xb + wb + yb
        return Call("%s %s_forward" % (c.name, fn), "panagan_%s_forward" % fn, args,
                    c.dense_flops, xb + wb + yb, [launch])
    if pass_ == "backward_data":
        launch = conv_forward_launch(c) if c.transpose else conv_backward_data_launch(c)
        launch.bytes = yb + wb + xb
        return Call("%s %s_backward_data" % (c.name, fn), "panagan_%s_backward_data" % fn,
                    args, c.dense_flops, yb + wb + xb, [launch])
    launches, splits = conv_backward_weight_launches(c)
    launches[0].bytes += xb + yb
    launches[-1].bytes += wb
    return Call("%s %s_backward_weight" % (c.name, fn), "panagan_%s_backward_weight" % fn,
                args, c.dense_flops, xb + yb + wb, launches,
                note="split-K %d" % splits if splits > 1 else "")


def bn_chunks(n, h, w):
    return min(ceil_div(n * h * w, BN_CHUNK_ELEMENTS), BN_MAX_CHUNKS)


def bn_call(layer: str, n, c, h, w, act: str, pass_: str) -> Call:
    numel = n * c * h * w
    chunks = bn_chunks(n, h, w)
    grid = c * chunks
    fin = ceil_div(c, BN_FINALIZE_WARPS)
    args = dict(n=n, c=c, h=h, w=w, activation=act)
    if pass_ == "forward_training":
        # stats reads x; apply reads x and writes y (x re-read: 3 tensor passes)
        launches = [
            Launch("batch_norm_forward_stats_kernel<4>", grid, BN_THREADS, 3 * numel, 4 * numel),
            Launch("batch_norm_forward_finalize_kernel", fin, BN_FINALIZE_WARPS * 32, 0,
                   4 * (2 * c * chunks + 6 * c)),
            Launch("batch_norm_forward_apply_kernel<4>", grid, BN_THREADS, 3 * numel,
                   8 * numel),
        ]
        return Call("%s batch_norm_forward_training" % layer,
                    "panagan_batch_norm_forward_training", args, 6 * numel, 8 * numel, launches,
                    note="x read twice")
    if pass_ == "backward":
        launches = [
            Launch("batch_norm_backward_reduce_kernel<4>", grid, BN_THREADS, 6 * numel,
                   8 * numel),
            Launch("batch_norm_backward_finalize_kernel", fin, BN_FINALIZE_WARPS * 32, 0,
                   4 * (2 * c * chunks + 4 * c)),
            Launch("batch_norm_backward_data_kernel<4>", grid, BN_THREADS, 8 * numel,
                   12 * numel),
        ]
        return Call("%s batch_norm_backward" % layer, "panagan_batch_norm_backward", args,
                    14 * numel, 12 * numel, launches, note="dy, x read twice")
    raise ValueError(pass_)


ACT_KERNEL = {"relu": "Relu", "leaky_relu": "LeakyRelu", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def activation_call(layer: str, act: str, count: int, backward: bool) -> Call:
    kind = "backward" if backward else "forward"
    nbytes = 4 * count * (3 if backward else 2)
    launch = Launch("activation_%s_kernel<%s>" % (kind, ACT_KERNEL[act]), pack_blocks(count),
                    ELEMENTWISE_THREADS, count * (3 if backward else 2), nbytes)
    return Call("%s %s_%s" % (layer, act, kind), "panagan_%s_%s" % (act, kind),
                dict(count=count), launch.flops, nbytes, [launch])


def bce_calls(n: int):
    fwd = Call("BCE bce_with_logits_forward", "panagan_bce_with_logits_forward", dict(count=n),
               6 * n, 4 * n + 4,
               [Launch("bce_with_logits_forward_kernel", 1, REDUCTION_THREADS, 6 * n, 4 * n + 4)])
    bwd = Call("BCE bce_with_logits_backward", "panagan_bce_with_logits_backward",
               dict(count=n), 5 * n, 8 * n,
               [Launch("bce_with_logits_backward_kernel", pack_blocks(n), ELEMENTWISE_THREADS,
                       5 * n, 8 * n)])
    sig = activation_call("BCE", "sigmoid", n, False)
    mean = Call("BCE mean", "panagan_mean", dict(count=n), n, 4 * n + 4,
                [Launch("sum_kernel", 1, REDUCTION_THREADS, n, 4 * n + 4)])
    return fwd, sig, mean, bwd


def adam_calls(net: str, count: int):
    inc = Call("%s increment" % net, "panagan_increment", dict(), 0, 16,
               [Launch("increment_kernel", 1, 1, 0, 16)])
    # param, m, v read and written, grad read: 7 floats per parameter
    adam = Call("%s adam_step" % net, "panagan_adam_step", dict(count=count), 12 * count,
                28 * count, [Launch("adam_step_kernel", pack_blocks(count),
                                    ELEMENTWISE_THREADS, 12 * count, 28 * count)])
    return inc, adam


def iteration(cfg: Dcgan):
    """The calls of one training iteration, in the order Trainer.enqueueIteration enqueues them
    (Network.forward / backward, lossAndGradient, adamStep). Returns (ordered call list, the
    host copies in bytes)."""
    g_layers, d_layers = cfg.generator(), cfg.discriminator()
    n = cfg.batch
    seq = []

    def net_forward(net, layers):
        for i, l in enumerate(layers):
            seq.append(conv_calls(l, "forward"))
            if cfg.has_bn(net, i, len(layers)):
                act = "relu" if net == "G" else "leaky_relu"
                seq.append(bn_call(l.name, n, l.c_out, l.h_out, l.w_out, act,
                                   "forward_training"))
            elif net == "G":
                seq.append(activation_call(l.name, "tanh", l.y_numel, False))
            elif i == 0:
                seq.append(activation_call(l.name, "leaky_relu", l.y_numel, False))

    def net_backward(net, layers, param_grads, d_input):
        for i in range(len(layers) - 1, -1, -1):
            l = layers[i]
            if cfg.has_bn(net, i, len(layers)):
                act = "relu" if net == "G" else "leaky_relu"
                seq.append(bn_call(l.name, n, l.c_out, l.h_out, l.w_out, act, "backward"))
            elif net == "G":
                seq.append(activation_call(l.name, "tanh", l.y_numel, True))
            elif i == 0:
                seq.append(activation_call(l.name, "leaky_relu", l.y_numel, True))
            if param_grads:
                seq.append(conv_calls(l, "backward_weight"))
            if i > 0 or d_input:
                seq.append(conv_calls(l, "backward_data"))

    def loss():
        seq.extend(bce_calls(n))

    g_params, d_params = cfg.parameter_count("G"), cfg.parameter_count("D")
    # D on the real batch
    net_forward("D", d_layers)
    loss()
    net_backward("D", d_layers, True, False)
    # G makes the fake batch
    net_forward("G", g_layers)
    # D on the fake batch, gradients added
    net_forward("D", d_layers)
    loss()
    net_backward("D", d_layers, True, False)
    seq.extend(adam_calls("D", d_params))
    # updated D on the fake batch, back into the images
    net_forward("D", d_layers)
    loss()
    net_backward("D", d_layers, False, True)
    # G's gradients and step
    net_backward("G", g_layers, True, False)
    seq.extend(adam_calls("G", g_params))
    host = {"real images H2D": 4 * n * cfg.nc * cfg.image * cfg.image,
            "z H2D": 4 * n * cfg.nz, "scalars D2H": 4 * 6}
    return seq, host


# ---------------------------------------------------------------------------------------------
# ptxas report and occupancy
# ---------------------------------------------------------------------------------------------

_ENTRY = re.compile(r"Compiling entry function '(\w+)' for '(sm_\d+)'")
_REGS = re.compile(r"Used (\d+) registers.*?(?:, (\d+) bytes smem)?(?:, \d+ bytes cmem\[0\])?$")
_SPILL = re.compile(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")


def parse_batches(text: str) -> list[int]:
    """"64,128" as [64, 128] (the --batches of check_kernels.py and bench/torch_dcgan.py);
    ValueError naming the bad item otherwise."""
    out = []
    for item in text.split(","):
        try:
            b = int(item)
        except ValueError:
            b = 0
        if b < 1:
            raise ValueError("--batches takes comma-separated integers >= 1, e.g. 64,128; got "
                             "%r in %r" % (item, text))
        out.append(b)
    return out


def demangle(mangled: str) -> tuple[str, str]:
    """(source file stem, readable kernel key) of a kernel in panagan's anonymous namespace."""
    m = re.match(r"_ZN7panagan(\d+)", mangled)
    if not m:
        return "", mangled
    pos = m.end()
    ns_len = int(m.group(1))
    ns = mangled[pos:pos + ns_len]
    pos += ns_len
    fm = re.search(r"_\d+_(\w+?)_cu_", ns)
    source = fm.group(1) if fm else ""
    m = re.match(r"(\d+)", mangled[pos:])
    name_len = int(m.group(1))
    pos += len(m.group(1))
    name = mangled[pos:pos + name_len]
    rest = mangled[pos + name_len:]
    targ = ""
    if rest.startswith("I"):
        t = re.match(r"INS0_4TileILi(\d+)ELi(\d+)ELi(\d+)ELi(\d+)EEE", rest)
        if t:
            targ = "<Tile<%s,%s,%s,%s>>" % t.groups()
        elif re.match(r"ILi(\d+)EE", rest):
            targ = "<%s>" % re.match(r"ILi(\d+)EE", rest).group(1)
        elif re.match(r"INS0_(\d+)", rest):
            t = re.match(r"INS0_(\d+)", rest)
            targ = "<%s>" % rest[t.end():t.end() + int(t.group(1))]
    return source, name + targ


def parse_ptxas(path: Path, arch: str = "sm_90") -> dict:
    """kernel key -> {regs, smem, spill_stores, spill_loads, stack, sources}."""
    out = {}
    current = None
    for line in path.read_text().splitlines():
        m = _ENTRY.search(line)
        if m:
            current = demangle(m.group(1)) if m.group(2) == arch else None
            continue
        if current is None:
            continue
        m = _SPILL.search(line)
        if m:
            spill = tuple(int(v) for v in m.groups())
            continue
        m = _REGS.search(line)
        if m:
            source, key = current
            entry = out.setdefault(key, {"regs": int(m.group(1)),
                                         "smem": int(m.group(2) or 0),
                                         "stack": spill[0], "spill_stores": spill[1],
                                         "spill_loads": spill[2], "sources": []})
            entry["sources"].append(source)
            # the two copies of the conv kernels must agree; keep the larger if not
            entry["regs"] = max(entry["regs"], int(m.group(1)))
            entry["smem"] = max(entry["smem"], int(m.group(2) or 0))
            current = None
    return out


def occupancy(regs: int, smem: int, threads: int, dev=DEVICE) -> dict:
    warps = ceil_div(threads, dev["warp"])
    regs_per_warp = ceil_div(regs * dev["warp"], dev["reg_alloc_unit"]) * dev["reg_alloc_unit"]
    by_regs = dev["regs_per_sm"] // (regs_per_warp * warps)
    smem_block = ceil_div(smem, dev["smem_alloc_unit"]) * dev["smem_alloc_unit"] + \
        dev["smem_reserved_per_block"]
    by_smem = dev["smem_per_sm"] // smem_block
    by_threads = dev["max_threads_per_sm"] // (warps * dev["warp"])
    blocks = min(by_regs, by_smem, by_threads, dev["max_blocks_per_sm"])
    limits = {"registers": by_regs, "shared memory": by_smem, "threads": by_threads,
              "blocks": dev["max_blocks_per_sm"]}
    limiter = min(limits, key=limits.get)
    return {"blocks_per_sm": blocks, "warps_per_sm": blocks * warps,
            "occupancy": blocks * warps * dev["warp"] / dev["max_threads_per_sm"],
            "limiter": limiter, "smem_per_sm_used": blocks * smem_block}


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------

def launch_time(l: Launch, dev=DEVICE) -> dict:
    sms = dev["sms"]
    busiest = ceil_div(l.blocks, sms)
    t_c = busiest * (l.flops / l.blocks) / (dev["fp32_flops"] / sms) if l.flops else 0.0
    share = min(1.0, l.blocks / sms)
    t_m = l.bytes / (dev["dram_bytes_per_s"] * share)
    t = max(t_c, t_m)
    return {"t_compute": t_c, "t_memory": t_m, "t_work": t, "t_floor": max(t, LAUNCH_US * 1e-6),
            "bound": "compute" if t_c >= t_m else "memory", "sm_waves": l.blocks / sms,
            "sm_efficiency": (l.blocks / sms) / busiest}


def evaluate(cfg: Dcgan, ptxas: dict | None):
    seq, host = iteration(cfg)
    unique = {}
    for call in seq:
        entry = unique.setdefault(call.id, {"call": call, "count": 0})
        entry["count"] += 1
    rows = []
    for cid, e in unique.items():
        call = e["call"]
        launches = []
        for l in call.launches:
            t = launch_time(l)
            info = {"kernel": l.kernel, "blocks": l.blocks, "threads": l.threads,
                    "flops": l.flops, "bytes": l.bytes, **t}
            if ptxas is not None and l.kernel in ptxas:
                p = ptxas[l.kernel]
                info.update(regs=p["regs"], smem=p["smem"],
                            spills=p["spill_stores"] + p["spill_loads"],
                            **occupancy(p["regs"], p["smem"], l.threads))
                info["waves"] = l.blocks / (DEVICE["sms"] * info["blocks_per_sm"])
            launches.append(info)
        t_work = sum(x["t_work"] for x in launches)
        t_floor = sum(x["t_floor"] for x in launches)
        exec_flops = sum(l.flops for l in call.launches)
        rows.append({"id": cid, "function": call.function, "args": call.args,
                     "count": e["count"], "dense_flops": call.dense_flops,
                     "exec_flops": exec_flops, "min_bytes": call.min_bytes,
                     "launch_bytes": sum(l.bytes for l in call.launches),
                     "intensity": call.dense_flops / call.min_bytes if call.min_bytes else 0,
                     "t_work": t_work, "t_floor": t_floor, "note": call.note,
                     "launches": launches})
    totals = {
        "calls": len(seq),
        "launches": sum(len(c.launches) for c in seq),
        "dense_flops": sum(r["dense_flops"] * r["count"] for r in rows),
        "conv_dense_flops": sum(r["dense_flops"] * r["count"] for r in rows
                                if "conv" in r["function"]),
        "exec_flops": sum(r["exec_flops"] * r["count"] for r in rows),
        "min_bytes": sum(r["min_bytes"] * r["count"] for r in rows),
        "t_work": sum(r["t_work"] * r["count"] for r in rows),
        "t_floor": sum(r["t_floor"] * r["count"] for r in rows),
        "host_bytes": host,
        "t_host": sum(host.values()) / (PCIE_GBPS * 1e9),
    }
    totals["reference_dense_flops"] = cfg.reference_dense_flops()
    totals["g_forward_flops"] = sum(l.dense_flops for l in cfg.generator())
    totals["d_forward_flops"] = sum(l.dense_flops for l in cfg.discriminator())
    totals["g_params"] = cfg.parameter_count("G")
    totals["d_params"] = cfg.parameter_count("D")
    return rows, totals


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def fmt_flops(f):
    return "%.1f M" % (f / 1e6) if f < 1e9 else "%.2f G" % (f / 1e9)


def fmt_bytes(b):
    if b < 1e6:
        return "%.1f K" % (b / 1e3)
    return "%.2f M" % (b / 1e6)


def fmt_us(t):
    return "%.1f" % (t * 1e6)


def markdown(cfg: Dcgan, rows, totals, ptxas_path) -> str:
    out = []
    w = out.append
    w("Generated by `python3 native/gpu/roofline.py` from the shapes (batch %d, nz %d, ngf %d, "
      "ndf %d, %dx%d) and `%s` (sm_90). Times are floors in microseconds on an H200; "
      "M/G are 10^6/10^9." % (cfg.batch, cfg.nz, cfg.ngf, cfg.ndf, cfg.image, cfg.image,
                               ptxas_path))
    w("")
    w("#### Kernels: tiles, ptxas (sm_90) and theoretical occupancy")
    w("")
    w("| kernel | threads | regs | smem B | blocks/SM (limit) | occupancy | FLOP per staged "
      "byte |")
    w("|---|---|---|---|---|---|---|")
    seen = {}
    for r in rows:
        for l in r["launches"]:
            if l["kernel"] not in seen and "regs" in l:
                seen[l["kernel"]] = l
    for k, l in seen.items():
        t = re.search(r"Tile<(\d+),(\d+),", k)
        staged = "%.1f" % (2 * int(t[1]) * int(t[2]) / (4 * (int(t[1]) + int(t[2])))) \
            if t else ""
        w("| `%s` | %d | %d | %d | %d (%s) | %.0f %% | %s |" % (
            k, l["threads"], l["regs"], l["smem"], l["blocks_per_sm"], l["limiter"],
            100 * l["occupancy"], staged))
    w("")
    w("#### Per call at batch %d (x = calls per iteration)" % cfg.batch)
    w("")
    w("dense = the convolution's FLOPs over all taps; exec = what the tiles execute (padded "
      "tiles, zero taps); AI = dense FLOP per minimum byte; grid = blocks of the main launch "
      "(SM waves = grid/132, occupancy waves = grid/(132 x blocks/SM)); eff = share of the "
      "busiest SM's time the others are busy too; floor = sum over the call's launches of "
      "max(compute, memory), then at least %.0f us per launch." % LAUNCH_US)
    w("")
    w("| call | x | main kernel | dense FLOP | exec FLOP | min bytes | AI | grid (SM waves) "
      "| occ. waves | eff | bound | work us | floor us | note |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        m = max(r["launches"], key=lambda l: l["t_work"])
        occ_waves = "%.2f" % m["waves"] if "waves" in m else "?"
        short = m["kernel"].replace("_kernel", "").replace("<Tile<", "<").replace(">>", ">")
        w(("| %s | %d | `%s` | %s | %s | %s | %.1f | %d (%.2f) | %s | %.0f %% | %s | %s | %s "
           "| %s |") % (
            r["id"], r["count"], short, fmt_flops(r["dense_flops"]), fmt_flops(r["exec_flops"]),
            fmt_bytes(r["min_bytes"]), r["intensity"], m["blocks"], m["sm_waves"], occ_waves,
            100 * m["sm_efficiency"], m["bound"], fmt_us(r["t_work"]), fmt_us(r["t_floor"]),
            "; ".join(x for x in [r["note"], "%d launches" % len(r["launches"])
                                   if len(r["launches"]) > 1 else ""] if x)))
    w("")
    t = totals
    ridge = DEVICE["fp32_flops"] / DEVICE["dram_bytes_per_s"]
    w("#### One iteration at batch %d" % cfg.batch)
    w("")
    w("| quantity | value |")
    w("|---|---|")
    w("| parameters G / D | %d / %d |" % (t["g_params"], t["d_params"]))
    w("| panagan calls / kernel launches | %d / %d |" % (t["calls"], t["launches"]))
    w("| reference's dense conv FLOPs (9 D-forwards + 3 G-forwards) | %s |" %
      fmt_flops(t["reference_dense_flops"]))
    w("| our conv calls, dense FLOPs (skipped: D's dgrad into real/fake images, D's weight "
      "gradient in the G step, dgrad into z) | %s |" % fmt_flops(t["conv_dense_flops"]))
    w("| FLOPs as executed (tiles padded, zero taps) | %s |" % fmt_flops(t["exec_flops"]))
    w("| minimum DRAM bytes | %s |" % fmt_bytes(t["min_bytes"]))
    w("| ridge point (67 TFLOP/s / 4.3 TB/s) | %.1f FLOP/B |" % ridge)
    w("| compute floor at peak (exec FLOPs / 67 TFLOP/s) | %s us |" %
      fmt_us(t["exec_flops"] / DEVICE["fp32_flops"]))
    w("| memory floor (min bytes / 4.3 TB/s) | %s us |" %
      fmt_us(t["min_bytes"] / DEVICE["dram_bytes_per_s"]))
    w("| sum of per-launch max(compute, memory), waves included | %s us |" % fmt_us(t["t_work"]))
    w("| the same with the %.0f us launch floor | %s us |" % (LAUNCH_US, fmt_us(t["t_floor"])))
    w("| host copies (%s) at %.0f GB/s | %s us |" % (
        ", ".join("%s %s" % (k, fmt_bytes(v)) for k, v in t["host_bytes"].items()), PCIE_GBPS,
        fmt_us(t["t_host"])))
    w("| expected floor per iteration (kernels + launches; copies overlap nothing) | %s us "
      "= %.0f iterations/s |" % (fmt_us(t["t_floor"] + t["t_host"]),
                                 1.0 / (t["t_floor"] + t["t_host"])))
    return "\n".join(out)


def build_json(cfg, rows, totals, ptxas_path):
    return {"config": dataclasses.asdict(cfg), "device": DEVICE, "launch_us": LAUNCH_US,
            "pcie_gbps": PCIE_GBPS, "ptxas_report": str(ptxas_path), "assumptions": ASSUMPTIONS,
            "calls": rows, "totals": totals}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ptxas", type=Path, default=DEFAULT_REPORT,
                    help="ptxas report (default: native/build/ptxas-report.txt)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--json", type=Path, help="also write the numbers as JSON here")
    ap.add_argument("--assumptions", action="store_true", help="print the assumptions")
    a = ap.parse_args(argv)
    if a.batch < 1:
        ap.error("--batch must be >= 1, got %d" % a.batch)
    cfg = Dcgan(batch=a.batch)
    ptxas = None
    if a.ptxas.is_file():
        ptxas = parse_ptxas(a.ptxas)
        if not ptxas:
            print("roofline.py: no sm_90 entries in %s" % a.ptxas, file=sys.stderr)
            return 1
    else:
        print("roofline.py: %s not found (build libpanagan_cuda.so with native/build.sh); "
              "registers and occupancy are left out" % a.ptxas, file=sys.stderr)
    rows, totals = evaluate(cfg, ptxas)
    try:
        shown = a.ptxas.resolve().relative_to(HERE.parent.parent)
    except ValueError:
        shown = a.ptxas
    print(markdown(cfg, rows, totals, shown))
    if a.assumptions:
        print("\nAssumptions:")
        for s in ASSUMPTIONS:
            print("- " + s)
    if a.json:
        a.json.write_text(json.dumps(build_json(cfg, rows, totals, shown), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

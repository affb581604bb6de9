#!/usr/bin/env python3
"""PyTorch's side of the GPU comparison: the DCGAN of pytorch/examples dcgan/main.py (64x64, nz
100, ngf = ndf = 64, nc 3, its weights_init, BCELoss on the Sigmoid output, Adam lr 2e-4 betas
(0.5, 0.999)), one training iteration in main.py's order, timed per batch.

    python3 bench/torch_dcgan.py --batches 64,128 --out torch-dcgan.json   # on the GPU
    python3 bench/torch_dcgan.py --device cpu --batches 2 --iters 2        # logic check
    python3 bench/torch_dcgan.py --self-test                               # no torch needed
    python3 bench/torch_dcgan.py --table OURS.json [TORCH.json]            # no torch needed

The iteration, as main.py runs it: D zero_grad; D(real) against label 1, backward; z ~ N(0, 1);
fake = G(z); D(fake.detach()) against label 0, backward; D's Adam step; G zero_grad; D(fake)
against label 1, backward; G's Adam step; with main.py's three `.item()` reads (D(x), D(G(z))
twice), which wait for the GPU as they do there. The real images are random in [-1, 1] and stay
on the device (a pool of 4 batches, cycled), so no host copy is timed: the figure is the kernels'
and the framework's, as on our side, where the iteration's calls replay from device buffers.

Timing: CUDA events around each iteration after --warmup iterations; the median of --iters.
The comparable line is float32 with TF32 off (torch.backends.cuda.matmul.allow_tf32 and
torch.backends.cudnn.allow_tf32 False, or their fp32_precision = "ieee" successors where torch
has them) and cudnn.benchmark off; --fast adds a second line with
cudnn.benchmark on and TF32 allowed, labelled as a different precision. FLOPs per image are
counted densely from the layer shapes of native/gpu/roofline.py (the device check's list, which
the torch model built here is checked against) as 9 F_D + 3 F_G (three D forwards and their
backwards, one G forward and its backward; a forward spends 2 FLOP per weight per output
position of a convolution, per input position of a transposed one), the count
bench/.../DcganFlops.java uses: 2,496,479,232 FLOP (2.49 GFLOP) per image at 64x64.

Output: one JSON object per (batch, mode) line on stdout and in --out (a JSON list), then a
markdown table. Exit status: 0 done, 1 a run failed or the self-test failed, 2 bad usage,
3 torch is not importable or has no CUDA device for --device cuda.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import statistics
import sys
import time
from pathlib import Path

# the layer shapes and the FLOP count (standard library only, shared with the device check)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "native" / "gpu"))
import roofline  # noqa: E402

NZ, NGF, NDF, NC, IMAGE = 100, 64, 64, 3, 64
SHAPES = roofline.Dcgan(batch=1, nz=NZ, ngf=NGF, ndf=NDF, nc=NC, image=IMAGE)


def flops_per_image() -> int:
    return SHAPES.reference_dense_flops()


# ---------------------------------------------------------------------------------------------
# The torch model, written out as main.py has it, imported lazily: --self-test and --table run
# without torch.
# ---------------------------------------------------------------------------------------------

def build(torch, device):
    nn = torch.nn

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
            self.main = nn.Sequential(
                nn.ConvTranspose2d(NZ, NGF * 8, 4, 1, 0, bias=False),
                nn.BatchNorm2d(NGF * 8),
                nn.ReLU(True),
                nn.ConvTranspose2d(NGF * 8, NGF * 4, 4, 2, 1, bias=False),
                nn.BatchNorm2d(NGF * 4),
                nn.ReLU(True),
                nn.ConvTranspose2d(NGF * 4, NGF * 2, 4, 2, 1, bias=False),
                nn.BatchNorm2d(NGF * 2),
                nn.ReLU(True),
                nn.ConvTranspose2d(NGF * 2, NGF, 4, 2, 1, bias=False),
                nn.BatchNorm2d(NGF),
                nn.ReLU(True),
                nn.ConvTranspose2d(NGF, NC, 4, 2, 1, bias=False),
                nn.Tanh())

        def forward(self, x):
            return self.main(x)

    class Discriminator(nn.Module):
        def __init__(self):
            super().__init__()
            self.main = nn.Sequential(
                nn.Conv2d(NC, NDF, 4, 2, 1, bias=False),
                nn.LeakyReLU(0.2, inplace=True),
                nn.Conv2d(NDF, NDF * 2, 4, 2, 1, bias=False),
                nn.BatchNorm2d(NDF * 2),
                nn.LeakyReLU(0.2, inplace=True),
                nn.Conv2d(NDF * 2, NDF * 4, 4, 2, 1, bias=False),
                nn.BatchNorm2d(NDF * 4),
                nn.LeakyReLU(0.2, inplace=True),
                nn.Conv2d(NDF * 4, NDF * 8, 4, 2, 1, bias=False),
                nn.BatchNorm2d(NDF * 8),
                nn.LeakyReLU(0.2, inplace=True),
                nn.Conv2d(NDF * 8, 1, 4, 1, 0, bias=False),
                nn.Sigmoid())

        def forward(self, x):
            return self.main(x).view(-1, 1).squeeze(1)

    def weights_init(m):
        kind = m.__class__.__name__
        if kind.find("Conv") != -1:
            nn.init.normal_(m.weight, 0.0, 0.02)
        elif kind.find("BatchNorm") != -1:
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)

    net_g, net_d = Generator().to(device), Discriminator().to(device)
    net_g.apply(weights_init)
    net_d.apply(weights_init)
    for net, layers in ((net_g, SHAPES.generator()), (net_d, SHAPES.discriminator())):
        check_shapes(torch, net, layers)
    return net_g, net_d


def check_shapes(torch, net, layers):
    """The FLOP count comes from roofline's layer list: the model built here must match it."""
    convs = [m for m in net.modules()
             if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d))]
    got = [(isinstance(m, torch.nn.ConvTranspose2d), m.in_channels, m.out_channels,
            m.kernel_size[0], m.stride[0], m.padding[0]) for m in convs]
    want = [(l.transpose, l.c_in, l.c_out, l.k, l.s, l.p) for l in layers]
    if got != want:
        raise RuntimeError("the torch model's convolutions %s differ from roofline's %s"
                           % (got, want))


def measure(torch, batch, device, warmup, iters, fast, seed):
    """Median ms of one training iteration at `batch`; returns the result row."""
    tf32_api = set_tf32(torch, fast)
    torch.backends.cudnn.benchmark = fast
    torch.manual_seed(seed)
    net_g, net_d = build(torch, device)
    criterion = torch.nn.BCELoss()
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    pool = [torch.rand(batch, NC, IMAGE, IMAGE, device=device) * 2 - 1
            for _ in range(4)]
    real_label, fake_label = 1.0, 0.0

    def iteration(real):
        # (1) D: maximise log(D(x)) + log(1 - D(G(z)))
        net_d.zero_grad()
        label = torch.full((batch,), real_label, dtype=real.dtype, device=device)
        output = net_d(real)
        err_d_real = criterion(output, label)
        err_d_real.backward()
        d_x = output.mean().item()
        noise = torch.randn(batch, NZ, 1, 1, device=device)
        fake = net_g(noise)
        label.fill_(fake_label)
        output = net_d(fake.detach())
        err_d_fake = criterion(output, label)
        err_d_fake.backward()
        d_g_z1 = output.mean().item()
        err_d = err_d_real + err_d_fake
        opt_d.step()
        # (2) G: maximise log(D(G(z)))
        net_g.zero_grad()
        label.fill_(real_label)
        output = net_d(fake)
        err_g = criterion(output, label)
        err_g.backward()
        d_g_z2 = output.mean().item()
        opt_g.step()
        return err_d, err_g, d_x, d_g_z1, d_g_z2

    cuda = device.type == "cuda"
    times = []
    for i in range(warmup + iters):
        real = pool[i % len(pool)]
        if cuda:
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            losses = iteration(real)
            end.record()
            end.synchronize()
            ms = start.elapsed_time(end)
        else:
            t0 = time.perf_counter()
            losses = iteration(real)
            ms = (time.perf_counter() - t0) * 1e3
        if i >= warmup:
            times.append(ms)
    err_d, err_g = float(losses[0]), float(losses[1])
    if not (math.isfinite(err_d) and math.isfinite(err_g)):
        raise RuntimeError("non-finite loss at batch %d: D %r, G %r" % (batch, err_d, err_g))
    ms = statistics.median(times)
    flops = flops_per_image() * batch
    return {"framework": "pytorch " + torch.__version__, "device": device_name(torch, device),
            "batch": batch, "mode": "fast" if fast else "fp32",
            "precision": "TF32 allowed, cudnn.benchmark on (not comparable precision)" if fast
            else "float32, TF32 off, cudnn.benchmark off",
            "ms_per_iter": ms, "ms_min": min(times), "ms_max": max(times), "iters": iters,
            "warmup": warmup, "tf32_flags": tf32_api, "images_per_s": batch / (ms * 1e-3),
            "gflops_per_s": flops / (ms * 1e-3) / 1e9, "gflop_per_image": flops / batch / 1e9,
            "loss_d": err_d, "loss_g": err_g}


def set_tf32(torch, allowed):
    """TF32 in matrix products and cuDNN convolutions on or off, through the precision API of
    torch >= 2.9 where it exists (conv and rnn set alike, so no legacy read ever sees a mix),
    else the legacy allow_tf32 flags; returns which was used."""
    mode = "tf32" if allowed else "ieee"
    matmul, cudnn = torch.backends.cuda.matmul, torch.backends.cudnn
    if hasattr(matmul, "fp32_precision") and hasattr(getattr(cudnn, "conv", None),
                                                     "fp32_precision"):
        matmul.fp32_precision = mode
        cudnn.conv.fp32_precision = mode
        if hasattr(getattr(cudnn, "rnn", None), "fp32_precision"):
            cudnn.rnn.fp32_precision = mode
        return "fp32_precision = %r (matmul, cudnn conv and rnn)" % mode
    matmul.allow_tf32 = allowed
    cudnn.allow_tf32 = allowed
    return "allow_tf32 = %s (cuda.matmul, cudnn)" % allowed


def device_name(torch, device):
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return "cpu (%d threads)" % torch.get_num_threads()


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

def torch_table(rows) -> str:
    out = ["| framework | device | batch | precision | ms/iter | images/s | GFLOP/s (dense) |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append("| %s | %s | %d | %s | %.3f | %.0f | %.0f |" % (
            r["framework"], r["device"], r["batch"], r["precision"], r["ms_per_iter"],
            r["images_per_s"], r["gflops_per_s"]))
    return "\n".join(out)


def combined_table(ours: dict, theirs: list, flops_per_image: float) -> str:
    """Ours (check_kernels.py's JSON) against PyTorch's rows: the iteration per batch, then each
    kernel call's achieved fraction of its bound."""
    timing = ours.get("timing") or {}
    by_batch = {r["batch"]: r for r in timing.get("iteration_by_batch", [])}
    fp32 = {r["batch"]: r for r in theirs if r["mode"] == "fp32"}
    fast = {r["batch"]: r for r in theirs if r["mode"] == "fast"}
    checks = ours.get("checks", [])
    failed = [c for c in checks if not c["ok"]]
    lines = ["## panagan against PyTorch, one DCGAN training iteration (64x64, nz 100, "
             "ngf = ndf = 64)", "",
             "Correctness of our kernels on this GPU: %d checks, %d failed (check_kernels.py "
             "against float64 references; the Java conformance suite does not run here: no "
             "JDK)." % (len(checks), len(failed)), "",
             "| batch | ours ms/iter | ours images/s | PyTorch fp32 ms/iter | PyTorch fp32 "
             "images/s | ours / PyTorch (images/s) | ours GFLOP/s | PyTorch TF32 + benchmark "
             "ms/iter (other precision) |",
             "|---|---|---|---|---|---|---|---|"]
    for b in sorted(set(by_batch) | set(fp32)):
        o, t, f = by_batch.get(b), fp32.get(b), fast.get(b)
        o_ms = o["graph_us"]["median"] / 1e3 if o else None
        lines.append("| %d | %s | %s | %s | %s | %s | %s | %s |" % (
            b, fmt(o_ms, "%.3f"), fmt(o and o["images_per_s"], "%.0f"),
            fmt(t and t["ms_per_iter"], "%.3f"), fmt(t and t["images_per_s"], "%.0f"),
            fmt(o and t and o["images_per_s"] / t["images_per_s"], "%.2fx"),
            fmt(o_ms and o["reference_dense_flops"] / (o_ms * 1e-3) / 1e9, "%.0f"),
            fmt(f and f["ms_per_iter"], "%.3f")))
    if not by_batch and not fp32:
        lines.append("| (no iteration timings on either side) | | | | | | | |")
    lines += ["", "Ours: the iteration's calls replayed as one CUDA graph from device buffers "
              "(CUDA events, median). PyTorch: main.py's iteration from Python, with its three "
              ".item() reads (CUDA events, median). Our GFLOP/s counts the iteration's "
              "convolutions densely as the reference computes them (9 F_D + 3 F_G; %.3f GFLOP "
              "per image at 64x64 with nz 100, ngf = ndf = 64)." % (flops_per_image / 1e9), ""]
    calls = timing.get("calls", [])
    if calls:
        lines += ["### Each kernel call's achieved fraction of its bound (roofline floor / "
                  "measured median; DCGAN %s)" % ours.get("meta", {}).get("dcgan", "?"), "",
                  "| call | x/iter | median us | floor us | fraction of bound | cuDNN fp32 us |",
                  "|---|---|---|---|---|---|"]
        for r in calls:
            lines.append("| %s | %d | %.1f | %.1f | %.0f %% | %s |" % (
                r["id"], r["count"], r["median_us"], r["floor_us"],
                100 * r["floor_us"] / r["median_us"], fmt(r.get("cudnn_us"), "%.1f")))
    return "\n".join(lines) + "\n"


def fmt(v, pattern):
    return "-" if v is None or v is False else pattern % v


# ---------------------------------------------------------------------------------------------
# Self-test (no torch)
# ---------------------------------------------------------------------------------------------

def self_test() -> list[str]:
    problems = []
    g, d = SHAPES.generator(), SHAPES.discriminator()
    # main.py's layers by hand: (transposed, c_in, c_out, kernel, stride, padding, output side)
    want = [(True, 100, 512, 4, 1, 0, 4), (True, 512, 256, 4, 2, 1, 8),
            (True, 256, 128, 4, 2, 1, 16), (True, 128, 64, 4, 2, 1, 32),
            (True, 64, 3, 4, 2, 1, 64),
            (False, 3, 64, 4, 2, 1, 32), (False, 64, 128, 4, 2, 1, 16),
            (False, 128, 256, 4, 2, 1, 8), (False, 256, 512, 4, 2, 1, 4),
            (False, 512, 1, 4, 1, 0, 1)]
    got = [(l.transpose, l.c_in, l.c_out, l.k, l.s, l.p, l.h_out) for l in g + d]
    if got != want:
        problems.append("layers %s, want main.py's %s" % (got, want))
    # by hand: D1 forward = 2 * 32*32 outputs * 3*64 * 16 taps; G1 = 2 * 1 input * 100*512 * 16
    for layer, want_f in ((d[0], 2 * 32 * 32 * 3 * 64 * 16), (g[0], 2 * 100 * 512 * 16),
                          (g[4], 2 * 32 * 32 * 64 * 3 * 16), (d[4], 2 * 512 * 16)):
        if layer.dense_flops != want_f:
            problems.append("%s forward %d FLOP, want %d" % (layer.name, layer.dense_flops,
                                                             want_f))
    f_d = 2 * 16 * (32 * 32 * 3 * 64 + 16 * 16 * 64 * 128 + 8 * 8 * 128 * 256
                    + 4 * 4 * 256 * 512 + 512)
    f_g = 2 * 16 * (100 * 512 + 4 * 4 * 512 * 256 + 8 * 8 * 256 * 128 + 16 * 16 * 128 * 64
                    + 32 * 32 * 64 * 3)
    per_image = flops_per_image()
    if per_image != 9 * f_d + 3 * f_g:
        problems.append("per image %.0f FLOP, want 9 F_D + 3 F_G = %d" % (
            per_image, 9 * f_d + 3 * f_g))
    # DcganFlops.java's comment gives the same count cut to two decimals: 2.49 GFLOP per image
    if not 2.49e9 <= per_image < 2.50e9:
        problems.append("per image %.4f GFLOP, DcganFlops.java says 2.49" % (per_image / 1e9))
    ap = parser()
    a = ap.parse_args(["--batches", "64,128", "--iters", "7", "--device", "cpu"])
    if roofline.parse_batches(a.batches) != [64, 128] or a.iters != 7 or a.device != "cpu":
        problems.append("argument parsing: %r" % vars(a))
    for bad in (["--batches", "64,x"], ["--batches", "0"], ["--iters", "0"],
                ["--device", "tpu"], ["--warmup", "-1"]):
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                validate(ap, ap.parse_args(bad))
            problems.append("%s was accepted" % " ".join(bad))
        except SystemExit as e:
            if e.code != 2:
                problems.append("%s exited %r, want 2" % (" ".join(bad), e.code))
    # the combined table from a made-up pair of results: the ratio and a missing side
    ours = {"meta": {"dcgan": "batch 64"}, "checks": [{"ok": True}, {"ok": False}],
            "timing": {"iteration_by_batch": [{"batch": 64, "graph_us": {"median": 4000.0},
                                               "images_per_s": 16000.0,
                                               "reference_dense_flops": 64 * per_image}],
                       "calls": [{"id": "D1 conv2d_forward", "count": 2, "median_us": 20.0,
                                  "floor_us": 5.0}]}}
    theirs = [{"batch": 64, "mode": "fp32", "ms_per_iter": 8.0, "images_per_s": 8000.0},
              {"batch": 128, "mode": "fp32", "ms_per_iter": 12.0, "images_per_s": 10667.0}]
    table = combined_table(ours, theirs, per_image)
    for want_text in ("| 64 | 4.000 | 16000 | 8.000 | 8000 | 2.00x | 39944 | - |",
                      "| 128 | - | - | 12.000",
                      "| D1 conv2d_forward | 2 | 20.0 | 5.0 | 25 % | - |", "2 checks, 1 failed"):
        if want_text not in table:
            problems.append("combined table lacks %r:\n%s" % (want_text, table))
    return problems


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def parser():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batches", default="64,128", help="comma-separated (default 64,128)")
    ap.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    ap.add_argument("--warmup", type=int, default=5, help="untimed iterations (default 5)")
    ap.add_argument("--iters", type=int, default=30, help="timed iterations (default 30)")
    ap.add_argument("--fast", action="store_true",
                    help="also time with cudnn.benchmark on and TF32 allowed (other precision)")
    ap.add_argument("--seed", type=int, default=1, help="torch.manual_seed (default 1)")
    ap.add_argument("--out", type=Path, default=None, help="write the rows as JSON here")
    ap.add_argument("--self-test", action="store_true",
                    help="check the FLOP count and argument parsing; needs no torch")
    ap.add_argument("--table", nargs="+", type=Path, metavar="JSON",
                    help="print the combined table from check_kernels.py's JSON and (optional) "
                         "this script's --out JSON; needs no torch")
    return ap


def validate(ap, a):
    if a.iters < 1:
        ap.error("--iters must be >= 1, got %d" % a.iters)
    if a.warmup < 0:
        ap.error("--warmup must be >= 0, got %d" % a.warmup)
    try:
        return roofline.parse_batches(a.batches)
    except ValueError as e:
        ap.error(str(e))


def main(argv=None) -> int:
    ap = parser()
    a = ap.parse_args(argv)
    batches = validate(ap, a)
    if a.self_test:
        problems = self_test()
        for p in problems:
            print("FAIL " + p)
        print("self-test: %s (%.0f FLOP per image)" % (
            "failed" if problems else "passed", flops_per_image()))
        return 1 if problems else 0
    if a.table:
        if len(a.table) > 2:
            ap.error("--table takes check_kernels.py's JSON and optionally this script's JSON")
        ours = json.loads(a.table[0].read_text())
        theirs = json.loads(a.table[1].read_text()) if len(a.table) > 1 and \
            a.table[1].is_file() else []
        print(combined_table(ours, theirs, flops_per_image()), end="")
        return 0
    try:
        import torch
    except Exception as e:
        print("torch_dcgan: torch is not importable (%s: %s)" % (type(e).__name__, e))
        return 3
    if a.device == "cuda" and not torch.cuda.is_available():
        print("torch_dcgan: torch %s sees no CUDA device (use --device cpu for a logic check)"
              % torch.__version__)
        return 3
    device = torch.device(a.device)
    rows, status = [], 0
    for fast in ([False, True] if a.fast else [False]):
        for b in batches:
            try:
                r = measure(torch, b, device, a.warmup, a.iters, fast, a.seed)
            except Exception as e:  # one failed batch (out of memory, say) keeps the others
                print("torch_dcgan: batch %d (%s) failed: %s: %s" % (
                    b, "fast" if fast else "fp32", type(e).__name__, e), flush=True)
                status = 1
                continue
            rows.append(r)
            print(json.dumps(r), flush=True)
            if a.out:
                a.out.parent.mkdir(parents=True, exist_ok=True)
                a.out.write_text(json.dumps(rows, indent=1))
    print(torch_table(rows))
    return status


if __name__ == "__main__":
    sys.exit(main())

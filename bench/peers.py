#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv peers: times OpenCV and scipy on kcv-bench's workload and runs kcv-bench
# in the same run; prints the ratio table (kcv AUTO / fastest peer) and a CSV.
"""
Workload (the same as kcv-bench): a W x W RGBA float32 image, "same"-size
output, clamp borders, square kernels (K) or not (KWxKH), random dense (full
rank) or Gaussian (sigma = side / 6 along each axis, separable), 2 threads.

Peers and what they run:
  cv2.filter2D     BORDER_REPLICATE (= clamp), cv2.setNumThreads(2); OpenCV
                   switches to its own DFT for large kernels by itself.
  cv2.sepFilter2D  Gaussian only: the two 1-D factors, BORDER_REPLICATE.
  scipy fftconvolve scipy.signal.fftconvolve in scipy 1.10 has no `workers`
                   argument, but it calls scipy.fft.rfftn/irfftn without one,
                   so `with scipy.fft.set_workers(2):` makes those transforms
                   use 2 threads: that is what "fftconvolve, 2 workers" means
                   here. Clamp: np.pad(mode='edge') by the kernel's half sizes,
                   then mode='valid', over axes (0, 1) of the H x W x 4 array
                   (the padding copy is timed: a user has to do it too).
Times are medians of --reps runs after one untimed warm-up run.

OpenBLAS: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on the benchmark
machine for other tools; they are removed from this script's own environment
(it re-executes itself without them) before numpy is imported.
"""
import os
import sys

_BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if any(v in os.environ for v in _BLAS_VARS):
    env = {k: v for k, v in os.environ.items() if k not in _BLAS_VARS}
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.fft  # noqa: E402
import scipy.signal  # noqa: E402

DEFAULT_KS = [3, 5, 7, 9, 11, 15, 21, 31, 51, 101, 201]
KCV_METHODS = ["direct", "im2col", "separable", "fft", "auto"]


def parse_kernel_size(text):
    """'K' (K x K) or 'KWxKH' -> (kw, kh)."""
    if "x" in text:
        kw, kh = text.split("x", 1)
        return int(kw), int(kh)
    return int(text), int(text)


def label(size):
    kw, kh = size
    return str(kw) if kw == kh else f"{kw}x{kh}"


def gaussian_1d(k):
    s = k / 6.0
    x = np.arange(k) - (k - 1) / 2.0
    g = np.exp(-x * x / (2 * s * s + 1e-9))
    return (g / g.sum()).astype(np.float32)


def make_kernel(size, kind, rng):
    """Kernel (kh rows x kw columns) in correlation form (GIMP's convolution
    matrix orientation); for Gaussians also the 1-D factors (x, y)."""
    kw, kh = size
    if kind == "gaussian":
        gx, gy = gaussian_1d(kw), gaussian_1d(kh)
        return np.outer(gy, gx).astype(np.float32), (gx, gy)
    kern = (rng.uniform(-1, 1, (kh, kw)) / (kw * kh)).astype(np.float32)
    return kern, None


def anchor(kern):
    """kcv's anchor, ((w - 1) / 2, (h - 1) / 2); OpenCV's default is w / 2."""
    return ((kern.shape[1] - 1) // 2, (kern.shape[0] - 1) // 2)


def peer_filter2d(img, kern, g):
    return cv2.filter2D(img, -1, kern, anchor=anchor(kern), borderType=cv2.BORDER_REPLICATE)


def peer_sepfilter2d(img, kern, g):
    return cv2.sepFilter2D(img, -1, g[0], g[1], anchor=anchor(kern),
                           borderType=cv2.BORDER_REPLICATE)


def peer_fftconvolve(img, kern, g):
    kh, kw = kern.shape
    ay, ax = (kh - 1) // 2, (kw - 1) // 2
    padded = np.pad(img, ((ay, kh - 1 - ay), (ax, kw - 1 - ax), (0, 0)), mode="edge")
    # fftconvolve convolves: flip the kernel to correlate like the others.
    k3 = np.ascontiguousarray(kern[::-1, ::-1, None])
    with scipy.fft.set_workers(2):
        return scipy.signal.fftconvolve(padded, k3, mode="valid", axes=(0, 1))


PEERS = {
    "opencv-filter2D": (peer_filter2d, ("random", "gaussian")),
    "opencv-sepFilter2D": (peer_sepfilter2d, ("gaussian",)),
    "scipy-fftconvolve": (peer_fftconvolve, ("random", "gaussian")),
}


def median_ms(fn, reps, *args):
    fn(*args)  # warm-up: allocations, OpenCV's DFT plans
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(*args)
        t.append(time.perf_counter() - t0)
    return float(np.median(t)) * 1e3


def self_check(rng):
    """The peers compute the same thing (so the timings compare like with like)."""
    img = rng.random((96, 80, 4), dtype=np.float32)
    for kind in ("random", "gaussian"):
        for size in ((3, 3), (8, 8), (15, 15), (15, 3), (1, 9)):
            kern, g = make_kernel(size, kind, rng)
            if g is None and size[0] % 2 == 0:
                continue
            ref = peer_filter2d(img, kern, g)
            for name, (fn, kinds) in PEERS.items():
                if kind not in kinds:
                    continue
                d = np.abs(fn(img, kern, g) - ref).max()
                if d > 1e-4 * max(1.0, np.abs(ref).max()):
                    sys.exit(f"peers disagree: {name} vs filter2D, {kind} {label(size)}: {d}")


def run_kcv(bench, kind, ks, size, reps, threads, max_seconds):
    cmd = [bench, "--size", str(size), "--kind", kind, "--reps", str(reps),
           "--threads", str(threads), "--max-seconds", str(max_seconds), "--limits"]
    cmd += [f"{kw}x{kh}" for kw, kh in ks]
    print("#", " ".join(cmd), flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    times, picked, limits, header = {}, {}, [], None
    for line in out.splitlines():
        if line.startswith("#"):
            limits.append(line)
            continue
        f = line.split()
        if not f:
            continue
        if f[0] == "kernel":
            header = f[1:]
            continue
        if header is None or "x" not in f[0] or len(f) != len(header) + 1:
            continue
        k = label(parse_kernel_size(f[0]))
        col = dict(zip(header, f[1:]))
        for name in KCV_METHODS + ["fftw-pair"]:
            if name in col:
                times[(k, name)] = float(col[name]) if col[name] != "-" else None
        picked[k] = col.get("picked", "?")
    return times, picked, limits, out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--kcv-bench", default=os.path.join(here, "..", "build", "bench", "kcv-bench"),
                    help="path of the kcv-bench executable")
    ap.add_argument("--size", type=int, default=2048)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--kinds", default="random,gaussian")
    ap.add_argument("--max-seconds", type=float, default=3.0,
                    help="kcv-bench skips a method predicted slower than this")
    ap.add_argument("--csv", default="bench-results.csv")
    ap.add_argument("ks", nargs="*", default=[str(k) for k in DEFAULT_KS],
                    help="kernel sizes: K (K x K) or KWxKH")
    a = ap.parse_args()
    sizes = [parse_kernel_size(k) for k in a.ks]

    cv2.setNumThreads(a.threads)
    rng = np.random.default_rng(1)
    self_check(rng)
    img = rng.random((a.size, a.size, 4), dtype=np.float32)

    model = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{model}, {os.cpu_count()} cores"
    print(f"# {date}; {machine}; {platform.platform()}")
    print(f"# numpy {np.__version__}, scipy {scipy.__version__}, OpenCV {cv2.__version__} "
          f"({cv2.getNumThreads()} threads); image {a.size}x{a.size}x4 float32, clamp, "
          f"median of {a.reps}, ms")

    rows = []
    for kind in a.kinds.split(","):
        # kcv and the peers are timed kernel by kernel, seconds apart, so
        # that the load of a shared machine falls on both alike.
        times, picked, limits, raw, peers = {}, {}, [], "", {}
        for size in sizes:
            k = label(size)
            t, p, lim, out = run_kcv(a.kcv_bench, kind, [size], a.size, a.reps, a.threads,
                                     a.max_seconds)
            times.update(t)
            picked.update(p)
            limits += [line for line in lim if "limit" in line]
            raw += out if not raw else "\n".join(
                line for line in out.splitlines() if not line.startswith(("#", "kernel"))) + "\n"
            kern, g = make_kernel(size, kind, rng)
            for name, (fn, kinds) in PEERS.items():
                if kind in kinds:
                    peers[(k, name)] = median_ms(fn, a.reps, img, kern, g)
        print(f"\n## {kind} kernels (kcv-bench output below)")
        print(raw.rstrip())
        for line in limits:
            print(line)
        names = [n for n, (_, kinds) in PEERS.items() if kind in kinds]
        print(f"\n{'k':>5} " + " ".join(f"{n:>19}" for n in names) +
              f" {'kcv auto':>9} {'picked':>9} {'best peer':>19} {'ratio':>6} {'best kcv':>9}"
              f" {'auto/best kcv':>13}")
        for k in (label(size) for size in sizes):
            pv = {n: peers[(k, n)] for n in names}
            best_peer = min(pv, key=pv.get)
            auto = times.get((k, "auto"))
            own = [times.get((k, m)) for m in KCV_METHODS[:-1]]
            own = [t for t in own if t is not None]
            best_own = min(own) if own else None
            ratio = auto / pv[best_peer] if auto else float("nan")
            self_ratio = auto / best_own if auto and best_own else float("nan")
            print(f"{k:>5} " + " ".join(f"{pv[n]:>19.1f}" for n in names) +
                  f" {auto if auto else float('nan'):>9.1f} {picked.get(k, '?'):>9}"
                  f" {best_peer:>19} {ratio:>6.2f} {best_own or float('nan'):>9.1f}"
                  f" {self_ratio:>13.2f}")
            for n in names:
                rows.append([kind, k, n, f"{pv[n]:.3f}", ""])
            for m in KCV_METHODS + ["fftw-pair"]:
                t = times.get((k, m))
                if t is not None:
                    rows.append([kind, k, "kcv-" + m if m != "fftw-pair" else "limit-fftw-pair",
                                 f"{t:.3f}", picked.get(k, "") if m == "auto" else ""])
        for line in limits:
            rows.append([kind, 0, "limit", "", line.lstrip("# ")])
    with open(a.csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["# date", date])
        w.writerow(["# machine", machine])
        w.writerow(["kind", "k", "series", "ms", "note"])
        w.writerows(rows)
    print(f"\n# wrote {a.csv}")


if __name__ == "__main__":
    main()

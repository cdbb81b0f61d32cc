#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv plot: time against kernel size (log-log) from peers.py's CSV, one PNG
# per kernel kind, with the date and machine of the run in the title.
import argparse
import csv
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "kcv-auto": dict(color="black", lw=2.8, marker="o", label="kcv AUTO"),
    "kcv-direct": dict(color="tab:blue", lw=1.2, marker=".", label="kcv direct"),
    "kcv-im2col": dict(color="tab:cyan", lw=1.2, marker=".", label="kcv im2col"),
    "kcv-separable": dict(color="tab:green", lw=1.2, marker=".", label="kcv separable"),
    "kcv-fft": dict(color="tab:purple", lw=1.2, marker=".", label="kcv fft"),
    "opencv-filter2D": dict(color="tab:red", lw=1.8, ls="--", marker="s",
                            label="OpenCV 4.6 filter2D"),
    "opencv-sepFilter2D": dict(color="tab:orange", lw=1.8, ls="--", marker="^",
                               label="OpenCV 4.6 sepFilter2D"),
    "scipy-fftconvolve": dict(color="tab:brown", lw=1.8, ls="--", marker="v",
                              label="scipy 1.10 fftconvolve (2 workers)"),
    "limit-fftw-pair": dict(color="gray", lw=1.0, ls=":", marker="x",
                            label="bare FFTW r2c+c2r of the fft path's tiles"),
}


def main():
    ap = argparse.ArgumentParser(description="plot peers.py results")
    ap.add_argument("csv")
    ap.add_argument("--out-dir", default=".")
    ap.add_argument("--size", default="2048x2048")
    a = ap.parse_args()

    meta, rows = {}, []
    with open(a.csv) as f:
        for r in csv.reader(f):
            if not r:
                continue
            if r[0].startswith("#"):
                meta[r[0][1:].strip()] = r[1]
            elif r[0] != "kind":
                rows.append(r)
    for kind in sorted({r[0] for r in rows}):
        fig, ax = plt.subplots(figsize=(9, 7.4), dpi=110)
        for series, style in STYLE.items():
            pts = sorted((int(r[1]), float(r[3])) for r in rows  # square kernels only
                         if r[0] == kind and r[2] == series and r[3] and r[1].isdigit())
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], **style)
        passes = sorted(float(r[4].rsplit(":", 1)[1].split()[0]) for r in rows
                        if r[0] == kind and r[2] == "limit" and "streaming" in r[4])
        if passes:
            ms = passes[len(passes) // 2]
            ax.axhline(ms, color="gray", lw=0.8, ls=":")
            ax.text(3, ms * 1.08, f"one read+write pass over the image (median): {ms:.1f} ms",
                    color="gray", fontsize=8)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ks = sorted({int(r[1]) for r in rows if r[0] == kind and r[1].isdigit() and r[1] != "0"})
        ax.set_xticks(ks)
        ax.set_xticklabels([str(k) for k in ks])
        ax.set_xlabel("kernel size k (k x k)")
        ax.set_ylabel("median time, ms (log)")
        ax.grid(True, which="both", alpha=0.3)
        ax.set_title(f"{a.size} RGBA float32, clamp, {kind} kernels, 2 threads\n"
                     f"{meta.get('date', '?')}, {meta.get('machine', '?')}", fontsize=10)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=3)
        fig.tight_layout()
        out = os.path.join(a.out_dir, f"bench-{kind}.png")
        fig.savefig(out)
        print("wrote", out)


if __name__ == "__main__":
    main()

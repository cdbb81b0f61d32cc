#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""kcv benchmark: deconvolution against scikit-image on a real photo.

Run by deconv-skimage.sh (Debian's python3-skimage, under /usr/bin/python3).

  make DIR        the sharp splash photo and three blurred copies (motion line, disk,
                  Gaussian; Gaussian noise sigma 0.01, seeded) as float32 TIFFs, the PSFs,
                  and DIR/run.scm, the Script-Fu that restores them with the plug-in
  skimage DIR     scikit-image's richardson_lucy (10, 30 iterations) and wiener (two
                  balances) on the same blurred data: PSNR against the sharp photo
  score DIR       PSNR of the blurred inputs and of the plug-in's results (DIR/kcv-*.tif)
  time [RUNS]     scikit-image on 1024x1024 RGB, 15x15 motion PSF (median seconds)
  table DIR       the PSNR and speed tables from the files the steps above left in DIR
  picture DIR OUT the README's before/after crop (blurred | kcv | sharp) as a PNG

PSNR is over the whole photo and every colour channel, peak 1, so borders count.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import tifffile
from scipy import ndimage
from skimage import io, restoration

SPLASH = "/usr/share/gimp/2.0/images/gimp-splash.png"
NOISE = 0.01
SEED = 15


def motion_psf(length=15):
    """A horizontal line: camera shake along x."""
    psf = np.zeros((length, length))
    psf[length // 2, :] = 1
    return psf / psf.sum()


def disk_psf(radius=4):
    """A defocus disk, its edge pixels weighted by the area inside (4x4 samples)."""
    n = 2 * radius + 1
    psf = np.zeros((n, n))
    sub = (np.arange(4) + 0.5) / 4 - 0.5
    for j in range(n):
        for i in range(n):
            y, x = np.meshgrid(j - radius + sub, i - radius + sub, indexing="ij")
            psf[j, i] = np.mean(x * x + y * y <= radius * radius)
    return psf / psf.sum()


def gaussian_psf(sigma=2.0):
    r = int(np.ceil(3 * sigma))
    x = np.arange(-r, r + 1)
    g = np.exp(-x * x / (2 * sigma * sigma))
    psf = np.outer(g, g)
    return psf / psf.sum()


PSFS = {"motion": motion_psf(), "disk": disk_psf(), "gaussian": gaussian_psf()}


def load_sharp():
    img = io.imread(SPLASH)[..., :3].astype(np.float64) / 255.0
    return img


def blur(img, psf):
    """True convolution with the PSF, the photo's edges extended by reflection (what a
    camera sees past the frame is unknown; reflection is a neutral guess)."""
    out = np.empty_like(img)
    for c in range(img.shape[2]):
        out[..., c] = ndimage.convolve(img[..., c], psf, mode="reflect")
    return out


def write_tiff(path, img):
    tifffile.imwrite(path, img.astype(np.float32), photometric="rgb")


def read_tiff(path):
    img = tifffile.imread(path).astype(np.float64)
    return img[..., :3]


def psnr(a, b):
    mse = np.mean((a - b) ** 2)
    return 10 * np.log10(1.0 / mse)


def scheme_vector(psf):
    return "(vector " + " ".join("%.9g" % v for v in psf.ravel()) + ")"


# The plug-in's settings for each method, the same for every PSF (not tuned per photo):
# Wiener with a noise-to-signal ratio; Richardson-Lucy, plain and with a total-variation
# weight that holds the noise down.
KCV_RUNS = [
    ("wiener", 0, 1, 0.02),
    ("rl-30", 1, 30, 0.0),
    ("rl-30-tv", 1, 30, 0.005),
]


def make(d):
    os.makedirs(d, exist_ok=True)
    sharp = load_sharp()
    write_tiff(os.path.join(d, "sharp.tif"), sharp)
    rng = np.random.default_rng(SEED)
    lines = []
    for name, psf in PSFS.items():
        blurred = blur(sharp, psf) + rng.normal(0, NOISE, sharp.shape)
        write_tiff(os.path.join(d, "blurred-%s.tif" % name), blurred)
        for run, method, iterations, reg in runs_for(name):
            lines.append(
                '(kcv-restore "%s" "%s" %d %d %s %d %d %g)'
                % (name, run, psf.shape[1], psf.shape[0], scheme_vector(psf), method,
                   iterations, reg))
    with open(os.path.join(d, "run.scm"), "w") as f:
        f.write("\n".join(lines) + "\n")

# What the regularisation does: more settings on the motion blur only.
KCV_SWEEP = [
    ("wiener-0.005", 0, 1, 0.005),
    ("wiener-0.01", 0, 1, 0.01),
    ("wiener-0.05", 0, 1, 0.05),
    ("rl-10", 1, 10, 0.0),
    ("rl-30-tv-0.002", 1, 30, 0.002),
    ("rl-50-tv-0.005", 1, 50, 0.005),
]
SWEEP_PSF = "motion"


def runs_for(name):
    return KCV_RUNS + (KCV_SWEEP if name == SWEEP_PSF else [])


# scikit-image's settings, its defaults otherwise (results clipped to [-1, 1]): both of
# its methods, two settings each. Its Wiener (with a Laplacian regulariser) does best near
# a balance of 0.03 on these photos (0.001: 24.3 dB, 0.003: 26.5, 0.01: 28.0, 0.03: 28.3,
# 0.1: 27.7 on the motion blur), so that and 0.01 are the two.
SKIMAGE_RUNS = [("rl-10", 10), ("rl-30", 30), ("wiener-0.01", 0.01), ("wiener-0.03", 0.03)]


def skimage_restore(img, psf, run, param):
    out = np.empty_like(img)
    for c in range(img.shape[2]):
        if run.startswith("rl"):
            out[..., c] = restoration.richardson_lucy(img[..., c], psf, num_iter=param)
        else:
            out[..., c] = restoration.wiener(img[..., c], psf, balance=param)
    return out


def skimage_scores(d):
    sharp = read_tiff(os.path.join(d, "sharp.tif"))
    scores = {}
    for name, psf in PSFS.items():
        blurred = read_tiff(os.path.join(d, "blurred-%s.tif" % name))
        for run, param in SKIMAGE_RUNS:
            scores["%s skimage-%s" % (name, run)] = psnr(skimage_restore(blurred, psf, run,
                                                                         param), sharp)
    print(json.dumps(scores))


def kcv_scores(d):
    sharp = read_tiff(os.path.join(d, "sharp.tif"))
    scores = {}
    for name in PSFS:
        scores["%s blurred" % name] = psnr(read_tiff(os.path.join(d, "blurred-%s.tif" % name)),
                                           sharp)
        for run, _, _, _ in runs_for(name):
            path = os.path.join(d, "kcv-%s-%s.tif" % (name, run))
            if os.path.exists(path):
                scores["%s kcv-%s" % (name, run)] = psnr(read_tiff(path), sharp)
    print(json.dumps(scores))


def timing(runs):
    rng = np.random.default_rng(1)
    img = rng.random((1024, 1024, 3))
    psf = motion_psf(15)
    result = {}
    for run, param in [("wiener", 0.005), ("rl-10", 10), ("rl-30", 30)]:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            skimage_restore(img, psf, "rl" if run.startswith("rl") else "wiener", param)
            times.append(time.perf_counter() - t0)
        result[run] = statistics.median(times)
    print(json.dumps(result))


def picture(d, out, box=(270, 300, 330, 290)):
    """blurred | kcv (Richardson-Lucy) | sharp, a crop of the motion-blurred photo."""
    x, y, w, h = box
    tiles = [read_tiff(os.path.join(d, f))[y:y + h, x:x + w]
             for f in ("blurred-motion.tif", "kcv-motion-rl-30-tv.tif", "sharp.tif")]
    gap = np.ones((h, 6, 3))
    row = np.concatenate([tiles[0], gap, tiles[1], gap, tiles[2]], axis=1)
    io.imsave(out, (np.clip(row, 0, 1) * 255 + 0.5).astype(np.uint8), check_contrast=False)


def table(d):
    with open(os.path.join(d, "skimage.json")) as f:
        scores = json.load(f)
    with open(os.path.join(d, "kcv.json")) as f:
        scores.update(json.load(f))
    runs = ["blurred"] + ["kcv-" + r[0] for r in KCV_RUNS] + \
        ["skimage-" + r[0] for r in SKIMAGE_RUNS]
    print("| PSNR (dB) | " + " | ".join(runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for name in PSFS:
        cells = ["%.2f" % scores["%s %s" % (name, r)] if "%s %s" % (name, r) in scores else "-"
                 for r in runs]
        print("| %s | %s |" % (name, " | ".join(cells)))
    print()
    print("| %s blur, kcv | %s |" % (SWEEP_PSF, " | ".join(
        "%s %s %g" % ("Wiener" if m == 0 else "RL %d" % it, "nsr" if m == 0 else "TV", reg)
        for _, m, it, reg in KCV_RUNS + KCV_SWEEP)))
    print("|---" * (len(KCV_RUNS + KCV_SWEEP) + 1) + "|")
    print("| PSNR (dB) | %s |" % " | ".join(
        "%.2f" % scores.get("%s kcv-%s" % (SWEEP_PSF, r[0]), float("nan"))
        for r in KCV_RUNS + KCV_SWEEP))
    with open(os.path.join(d, "skimage-time.json")) as f:
        sk = json.load(f)
    kcv = {}
    with open(os.path.join(d, "kcv-time.txt")) as f:
        for line in f:
            if not line.startswith("#"):
                parts = line.split()
                kcv[parts[0]] = (float(parts[1]), float(parts[3]))
    print()
    print("| 1024x1024 RGB, 15x15 motion | kcv wall (s) | kcv CPU (s) | scikit-image (s) | ratio |")
    print("|---|---|---|---|---|")
    for run in ("wiener", "rl-10", "rl-30"):
        wall, cpu = kcv.get(run, (float("nan"), float("nan")))
        print("| %s | %.3f | %.3f | %.3f | %.0fx |" % (run, wall, cpu, sk[run], sk[run] / wall))


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "make":
        make(argv[2])
    elif cmd == "skimage":
        skimage_scores(argv[2])
    elif cmd == "score":
        kcv_scores(argv[2])
    elif cmd == "time":
        timing(int(argv[2]) if len(argv) > 2 else 5)
    elif cmd == "table":
        table(argv[2])
    elif cmd == "picture":
        picture(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed inputs of fuzz-convolve (corpus/fuzz-convolve/), in the
# byte layout fuzz-convolve.c decodes; rerun after changing that layout.
import os
import random
import struct

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, 'corpus', 'fuzz-convolve')


def side(v):
    return bytes([v - 1])


def seed(name, kw, kh, weights, wmode=0, method=0, border=0, flip=False, alpha=False,
         divisor=None, offset=None, mask=None, threads=None, w=16, h=16, c=1, stride_extra=0,
         plan=True, rect=None, cancel=None, nonfinite=None, inf=False):
    b = bytearray([wmode & 3])
    b += side(kw) + side(kh)
    for x in weights:
        if wmode == 0:
            b.append((x + 9) % 19)
        elif wmode == 1:
            b += struct.pack('<H', int(x * 4096) + 32768)
        else:
            b += struct.pack('<f', x)
    of = flip | alpha << 1 | (divisor is not None) << 2 | (offset is not None) << 3 | \
        (mask is not None) << 4 | (threads is not None) << 5
    b += bytes([of, method & 0xff, border & 0xff])
    for v in (divisor, offset):
        if v is None:
            continue
        if v != v:
            b.append(5)  # NaN
        elif abs(v) > 1000:
            b += bytes([7]) + struct.pack('<d', v)  # any double
        else:
            b += bytes([1, int(v * 16) + 128])
    if mask is not None:
        b.append(mask)
    if threads is not None:
        b.append(threads & 0xff)
    iflags = (nonfinite is not None) << 2 | (rect is not None) << 3 | \
        (cancel is not None) << 5 | plan << 6
    b += bytes([iflags]) + side(w) + side(h) + bytes([c - 1, stride_extra])
    rng = random.Random(w * 131 + h * 7 + c)
    b += bytes(rng.randrange(256) for _ in range(w * h * c))
    if nonfinite is not None:
        b += struct.pack('<H', nonfinite) + (b'\x00' if inf else b'\x01')
    if rect is not None:
        b += bytes(v & 0xff for v in rect)
    b.append(1)  # dst stride extra
    if cancel is not None:
        b.append(cancel)
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes(b))


os.makedirs(out, exist_ok=True)
blur = [1, 2, 1, 2, 4, 2, 1, 2, 1]
seed('direct-blur3', 3, 3, blur, method=1)
seed('fft-rgba-alpha-rect', 3, 3, blur, method=2, c=4, alpha=True, rect=(2, 3, 9, 7))
gauss = [[2.0 ** -(abs(i - 7) + abs(j - 7)) for i in range(15)] for j in range(15)]
seed('separable-15-mirror-threads', 15, 15, [v for r in gauss for v in r], wmode=1, method=3,
     border=2, threads=2, w=40, h=33)
seed('im2col-wrap-mask', 5, 4, list(range(-9, 11)), method=4, border=1, c=3, mask=5, flip=True)
seed('auto-kernel-larger-than-image', 64, 64, [1] * 4096, border=3, w=8, h=8, c=2, alpha=True,
     divisor=0.5, offset=-1.0)
seed('nan-divisor', 3, 3, blur, divisor=float('nan'))
seed('bad-method', 3, 3, blur, method=7, plan=False)
seed('bad-border', 3, 3, blur, border=-1)
seed('cancel', 9, 9, [1] * 81, method=1, w=64, h=64, cancel=0)
seed('nan-pixel', 3, 3, blur, nonfinite=17)
# A non-finite pixel must reach the same outputs through every method as
# through direct (fft once spread it over its tile, separable past the kernel).
seed('nan-pixel-fft', 9, 7, list(range(-9, 10)) * 3 + [1] * 6, method=2, w=40, h=33,
     nonfinite=611)
seed('inf-pixel-separable-rgb', 15, 15, [v for r in gauss for v in r], wmode=1, method=3, w=40,
     h=33, c=3, nonfinite=2000, inf=True)
seed('raw-float-weights', 2, 3, [1e-39, -3.5, 1e30, 0.0, -0.0, 2.0], wmode=3, method=2)
seed('rect-outside', 3, 3, blur, rect=(10, 10, 9, 9), plan=False)
# Regression inputs: each once gave KCV_OK with infinite output from finite
# input (see docs/reliability.md).
seed('regress-denormal-weights-auto-divisor', 3, 3, [1e-40] * 9, wmode=3, method=1)
seed('regress-offset-beyond-float', 3, 3, blur, offset=1e300, method=1)
seed('regress-alpha-weighting-overflow', 3, 3, [1e20] * 9, wmode=3, method=1, c=2, alpha=True)

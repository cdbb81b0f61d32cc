; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: one plug-in call of a case on a fresh image, for bench/gimp-callgrind.sh (which defines
; kcv-callgrind-case, kcv-bench-splash and kcv-bench-dir first). The images and kernels are
; gimp-bench.scm's.

(define kcv-bench-definitions-only #t)
(load (string-append kcv-bench-dir "/gimp-bench.scm"))

(define (kcv-callgrind-run case)
  (let* ((splash (string=? case "disk101"))
         (img (if splash
                  (car (gimp-file-load RUN-NONINTERACTIVE kcv-bench-splash kcv-bench-splash))
                  (kcv-bench-image 2048 2048 PRECISION-U8-GAMMA)))
         (layer (car (gimp-image-get-active-drawable img))))
    (cond ((string=? case "identity") (kcv-bench-convolve img layer 1 #(1.0) 0))
          ((string=? case "gauss31") (kcv-bench-convolve img layer 31 kcv-bench-gauss31 0))
          ((string=? case "k5") (kcv-bench-convolve img layer 5 kcv-bench-k5 0))
          ((string=? case "k5linear") (kcv-bench-convolve img layer 5 kcv-bench-k5 1))
          (splash (kcv-bench-convolve img layer 101 kcv-bench-disk101 0)))
    (gimp-image-delete img)
    (gimp-message "KCV-CALLGRIND-DONE")))

(kcv-callgrind-run kcv-callgrind-case)

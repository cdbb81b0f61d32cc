; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: opens the dialog kcv-opens times on GIMP's splash with a 201x201 disk as the last
; values (bench/dialog-latency.sh, which defines kcv-opens and kcv-bench-dir first, presses
; Escape once a preview is shown).

(load (string-append kcv-bench-dir "/dialog-disk.scm"))

(let* ((splash "/usr/share/gimp/2.0/images/gimp-splash.png")
       (img (car (gimp-file-load RUN-NONINTERACTIVE splash splash)))
       (layer (car (gimp-image-get-active-drawable img)))
       (small (car (gimp-image-new 8 8 RGB)))
       (small-layer (car (gimp-layer-new small 8 8 RGB-IMAGE "s" 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer small small-layer 0 0)
  ; The last values: a 201x201 disk, perceptual, alpha weighting on.
  (plug-in-kcv-convolve RUN-NONINTERACTIVE small small-layer 201 201 40401 (kcv-disk 100) 0 0 0 0
                        0 1 0)
  (gimp-image-delete small)
  (gimp-display-new img)
  (do ((i 0 (+ i 1))) ((= i kcv-opens))
    (catch #f (plug-in-kcv-convolve RUN-INTERACTIVE img layer 1 1 1 #(1) 0 0 0 0 0 1 0)))
  (gimp-quit 1))

; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: opens the dialog kcv-opens times on GIMP 3's splash with a 201x201 disk
; (bench/dialog-latency3-run.sh, which defines kcv-opens and kcv-bench-dir first, presses
; Escape once a preview is shown). GIMP 3 hands an interactive call's arguments to the
; plug-in, so each open starts on the disk.

(load (string-append kcv-bench-dir "/dialog-disk.scm"))

(let* ((splash "/usr/share/gimp/3.0/images/gimp-splash.png")
       (img (car (gimp-file-load RUN-NONINTERACTIVE splash)))
       (layer (vector-ref (car (gimp-image-get-layers img)) 0))
       (disk (kcv-disk 100)))
  (gimp-display-new img)
  (do ((i 0 (+ i 1))) ((= i kcv-opens))
    (catch #f (plug-in-kcv-convolve RUN-INTERACTIVE img (vector layer) 201 201 disk 0 0 "clamp"
                                    "auto" 0 TRUE FALSE)))
  (gimp-quit TRUE))

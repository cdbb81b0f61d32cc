; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: what a GIMP 3 user waits for on a call that meets FFT sizes new to the profile's wisdom:
; a 101x101 disk by the fft method on GIMP 3's 1920x1080 splash, through the plug-in. Prints
;   KCV-FIRST: first-ms helper-ms second-ms
; the first call, the wait after it until no wisdom helper runs (the marker beside the wisdom
; file is gone; 0 when none was started), and a second call. Loaded by bench/gimp3-first-call.sh,
; one fresh profile per session.

(define (ms t0 t1) (+ (* 1000 (- (car t1) (car t0))) (/ (- (cadr t1) (cadr t0)) 1000)))

(load (string-append kcv-bench-dir "/dialog-disk.scm"))

(define marker (string-append (getenv "GIMP3_DIRECTORY") "/kcv/fftw-wisdom.measuring"))

; Milliseconds until the marker is gone (at most 10 minutes).
(define (wait-for-helper)
  (let ((t0 (gettimeofday)))
    (let loop ((n 6000))
      (if (and (> n 0) (file-exists? marker)) (begin (usleep 100000) (loop (- n 1)))))
    (ms t0 (gettimeofday))))

(let* ((splash "/usr/share/gimp/3.0/images/gimp-splash.png")
       (img (car (gimp-file-load RUN-NONINTERACTIVE splash)))
       (layer (vector-ref (car (gimp-image-get-layers img)) 0))
       (no-undo (gimp-image-undo-disable img))
       (disk (kcv-disk 50))
       (call (lambda ()
               (let ((t0 (gettimeofday)))
                 (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector layer) 101 101 disk 0 0
                                       "clamp" "fft" 0 FALSE FALSE)
                 (ms t0 (gettimeofday)))))
       (first (call))
       (helper (wait-for-helper))
       (second (call)))
  (display (string-append "KCV-FIRST: " (number->string first) " " (number->string helper) " "
                          (number->string second)))
  (newline))

; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: the plug-in at real sizes, in real GIMP. Each case loads a picture made by
; kcv-plugin-check as a layer (with offsets, partly off the canvas or larger than it, under
; a rectangle or feathered selection), convolves it, and saves the layer's bytes and the
; selection with file-raw-save2; kcv-plugin-check then compares them with the float64
; reference. Script-Fu only reports the cases that failed to run.
;
; Run by run-gimp-sizes.sh, which defines kcv-test-dir (where the pictures are and the
; results go) and kcv-sizes-part: "bands" (run with KCV_BAND_BUDGET so that 200 rows take
; 64-row bands) or "large" (the default band budget).

(load (string-append kcv-tests-dir "/plugin/kcv-gimp2.scm"))

(define (path name) (string-append kcv-test-dir "/" name))
(define manifest (open-output-file (path (string-append "manifest-" kcv-sizes-part))))
(define case-number 0)

(define (put . items)
  (for-each (lambda (x) (display (if (number? x) (number->string x) x) manifest)
                        (display " " manifest))
            items))

; select: '() for none, (rect X Y W H) or (feather X Y W H RADIUS) in canvas coordinates.
(define (apply-selection img select)
  (if (pair? select)
      (let ((feather (eq? (car select) 'feather)) (r (cdr select)))
        (gimp-context-set-feather (if feather TRUE FALSE))
        (if feather (gimp-context-set-feather-radius (list-ref r 4) (list-ref r 4)))
        (gimp-image-select-rectangle img CHANNEL-OP-REPLACE (car r) (cadr r) (caddr r)
                                     (cadddr r))
        (gimp-context-set-feather FALSE))))

(define (size-case name min-bands row-step picture w h c ox oy cw ch k kw kh divisor offset
                   border method alpha select)
  (set! case-number (+ case-number 1))
  (let* ((img (car (gimp-image-new cw ch RGB)))
         (layer (car (gimp-file-load-layer RUN-NONINTERACTIVE img (path picture))))
         (out (path (string-append "out-" (number->string case-number) ".raw")))
         (sel (if (pair? select)
                  (path (string-append "sel-" (number->string case-number) ".raw"))
                  "-")))
    (gimp-image-insert-layer img layer 0 0)
    (gimp-layer-set-offsets layer ox oy)
    (apply-selection img select)
    (let ((err (kcv-try (lambda ()
                          (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer kw kh (* kw kh) k
                                                divisor offset border method 0 alpha 0)
                          ; The selection as the canvas has it, then the whole layer (the
                          ; raw exporter writes the canvas: fit it to the layer first).
                          (if (pair? select)
                              (file-raw-save2 RUN-NONINTERACTIVE img
                                              (car (gimp-image-get-selection img)) sel sel 0 0))
                          (gimp-image-resize-to-layers img)
                          (file-raw-save2 RUN-NONINTERACTIVE img layer out out 0 0)))))
      (if err
          (kcv-tap #f name err)
          (begin
            (put "case" min-bands row-step w h c ox oy cw ch kw kh divisor offset border alpha
                 (path picture) out sel name)
            (newline manifest)
            (for-each (lambda (v) (put v)) (vector->list k))
            (newline manifest))))
    (gimp-image-delete img)))

(define kernel5 #(1 2 0 -1 3  2 4 1 0 1  0 1 6 2 -2  1 0 2 5 1  3 -1 1 2 4))
(define separable5x3 #(1 2 3 2 1  2 4 6 4 2  1 2 3 2 1))
(define box3 #(1 1 1 1 1 1 1 1 1))

; 300x200 pictures in 64-row bands: every case below spans three bands or more.
(define (band-cases)
  (for-each
   (lambda (border)
     (size-case (string-append "RGBA 300x200 in 64-row bands, 5x5 kernel, border-mode "
                               (number->string border))
                3 1 "rgba.png" 300 200 4 0 0 300 200 kernel5 5 5 0 0 border 0 0 '()))
   '(0 1 2 3))
  (size-case "RGB layer at offset (50,40) inside a 400x300 canvas, mirror, direct"
             3 1 "rgb.png" 300 200 3 50 40 400 300 kernel5 5 5 37 0.1 2 1 0 '())
  (size-case "layer partly off the canvas at (-120,150), no selection: all of it, wrap, fft"
             3 1 "rgba.png" 300 200 4 -120 150 400 300 kernel5 5 5 0 0 1 2 0 '())
  (size-case "layer partly off the canvas under a rectangle selection, clamp"
             3 1 "rgba.png" 300 200 4 -120 20 400 300 kernel5 5 5 0 0 0 0 0
             '(rect 0 30 150 260))
  (size-case "layer larger than the canvas, no selection: all of it, clamp"
             3 1 "rgb.png" 300 200 3 -50 -40 200 120 kernel5 5 5 0 0 0 0 0 '())
  (size-case "layer larger than the canvas under a feathered selection, transparent"
             3 1 "rgba.png" 300 200 4 -20 -5 250 190 kernel5 5 5 0 0 3 0 0
             '(feather 10 5 220 180 12))
  (size-case "rectangle selection, separable 5x3 kernel, mirror"
             3 1 "rgb.png" 300 200 3 0 0 300 200 separable5x3 5 3 0 0 2 3 0
             '(rect 30 10 200 180))
  (size-case "alpha weighting under a feathered selection, wrap"
             3 1 "rgba.png" 300 200 4 0 0 300 200 box3 3 3 0 0 1 0 1
             '(feather 40 8 200 185 10)))

; At the default band budget (256 MiB of floats) this RGBA layer takes 18 bands of 64 rows,
; pipelined (two buffers of each kind); rows near the edges and the band boundaries are all
; compared, one in 16 elsewhere.
(define (large-cases)
  (size-case "RGBA 16384x1100 at the default band budget, box 3x3, clamp"
             2 16 "large.png" 16384 1100 4 0 0 16384 1100 box3 3 3 0 0 0 0 0 '()))

(let ((err (kcv-try (lambda () (if (equal? kcv-sizes-part "large") (large-cases) (band-cases))))))
  (if err (kcv-tap #f (string-append "size checks (" kcv-sizes-part ") finished") err)))
(close-output-port manifest)
(gimp-message "KCV-TAP-DONE")

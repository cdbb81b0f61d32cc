; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: end-to-end checks of the GIMP 3 plug-in in real GIMP 3 (Script-Fu 3, one line per check).
;
; Run by run-gimp3-tests.sh, which defines kcv-test-dir (a scratch folder) and kcv-tests-dir
; (the tests/ folder) before loading this file. Each check prints
;   KCV-TAP: ok - NAME        or        KCV-TAP: not ok - NAME # DETAIL
; and the runner numbers them. Expected values come from a float64 reference written here
; (8-bit values, perceptual, rounded to nearest), or from GIMP 3's gegl:convolution-matrix.

; printed lines reach the runner's log on standard output.
(define (kcv-say text) (display text) (newline))

(load (string-append kcv-tests-dir "/common/kcv-checks.scm"))

; ---------------------------------------------------------------- images

(define (new-layer img w h type name)
  (car (gimp-layer-new img name w h type 100 LAYER-MODE-NORMAL)))

; A new image with one layer of the given type filled by (f x y c); returns (image layer).
(define (make-image w h base type ch f)
  (let* ((img (car (gimp-image-new w h base)))
         (layer (new-layer img w h type "kcv")))
    (gimp-image-insert-layer img layer 0 0)
    (fill-layer layer w h ch f)
    (list img layer)))

; Script-Fu 3 takes a colour as a list: (grey), (grey alpha), (r g b) or (r g b a).
(define (fill-layer layer w h ch f)
  (for-each
   (lambda (y)
     (for-each
      (lambda (x)
        (gimp-drawable-set-pixel layer x y (map (lambda (c) (f x y c)) (range ch))))
      (range w)))
   (range h)))

(define (pixel layer x y) (car (gimp-drawable-get-pixel layer x y)))

; All pixels as a vector (index y*w+x) of byte lists.
(define (snapshot layer w h)
  (let ((v (make-vector (* w h) '())))
    (for-each
     (lambda (y)
       (for-each (lambda (x) (vector-set! v (+ (* y w) x) (pixel layer x y))) (range w)))
     (range h))
    v))

; ---------------------------------------------------------------- light and kernels

;; sRGB transfer functions, for drawables GIMP stores in linear light.
(define (srgb->linear v)
  (if (<= v 0.04045) (/ v 12.92) (expt (/ (+ v 0.055) 1.055) 2.4)))
(define (linear->srgb v)
  (if (<= v 0.0031308) (* v 12.92) (- (* 1.055 (expt v (/ 1 2.4))) 0.055)))
(define (to-linear-byte b) (floor (+ 0.5 (* 255 (srgb->linear (/ b 255.0))))))
(define (to-perceptual-byte b) (floor (+ 0.5 (* 255 (linear->srgb (/ b 255.0))))))

(define box3 #(1 1 1 1 1 1 1 1 1))
(define shift-right #(0 0 0 0 0 1 0 0 0)) ; out(x, y) = in(x + 1, y)
(define shift-down #(0 0 0 0 0 0 0 1 0))  ; out(x, y) = in(x, y + 1)
(define kernel5 #(1 2 0 -1 3  2 4 1 0 1  0 1 6 2 -2  1 0 2 5 1  3 -1 1 2 4))

; Pseudo-random integer weights in lo..hi (a linear congruential generator from seed).
(define (random-weights n seed lo hi)
  (let ((v (make-vector n 0)) (x seed))
    (for-each (lambda (i)
                (set! x (modulo (+ (* x 1103515245) 12345) 2147483648))
                (vector-set! v i (+ lo (modulo (quotient x 65536) (+ 1 (- hi lo))))))
              (range n))
    v))

; The outer product of a column and a row: a rank-1 (separable) kernel.
(define (outer col row)
  (let* ((h (vector-length col)) (w (vector-length row)) (v (make-vector (* w h) 0)))
    (for-each (lambda (j)
                (for-each (lambda (i)
                            (vector-set! v (+ (* j w) i) (* (vector-ref col j) (vector-ref row i))))
                          (range w)))
              (range h))
    v))

(define (convolve img layer kw kh k divisor offset border method channels alpha linear)
  (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector layer) kw kh k divisor offset border
                        method channels alpha linear))

; ---------------------------------------------------------------- known kernels

(define (check-kernel name w h base type ch k kw kh divisor offset border method channels
                      chans)
  (let* ((il (make-image w h base type ch pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern w h k kw kh divisor offset border chans))
         (err (kcv-try (lambda () (convolve img layer kw kh k divisor offset border method
                                            channels FALSE FALSE)))))
    (check name (or err (compare-layer layer w h ch want 0)))
    (gimp-image-delete img)))

(define (known-kernel-checks)
  (check-kernel "identity 3x3 on RGBA leaves every pixel" 6 5 RGB RGBA-IMAGE 4
                #(0 0 0 0 1 0 0 0 0) 3 3 0 0 "clamp" "direct" 0 '(0 1 2 3))
  (check-kernel "box 3x3 on RGB equals the hand-computed mean" 6 5 RGB RGB-IMAGE 3
                box3 3 3 0 0 "clamp" "direct" 0 '(0 1 2))
  (check-kernel "box 3x3 on grey" 6 5 GRAY GRAY-IMAGE 1 box3 3 3 0 0 "clamp" "direct" 0 '(0))
  (check-kernel "box 3x3 on grey+alpha" 6 5 GRAY GRAYA-IMAGE 2 box3 3 3 0 0 "clamp" "direct" 0
                '(0 1))
  (check-kernel "shift kernel moves the image one pixel left" 6 5 RGB RGB-IMAGE 3
                shift-right 3 3 0 0 "clamp" "direct" 0 '(0 1 2))
  (check-kernel "divisor 7 and offset 0.2" 6 5 RGB RGB-IMAGE 3 box3 3 3 7 0.2 "clamp" "direct"
                0 '(0 1 2))
  (check-kernel "channels 1 convolves red only" 6 5 RGB RGB-IMAGE 3 box3 3 3 0 0 "clamp"
                "direct" 1 '(0))
  (check-kernel "channels 10 convolves green and alpha" 6 5 RGB RGBA-IMAGE 4 box3 3 3 0 0
                "clamp" "direct" 10 '(1 3))
  (check-kernel "even-sized 2x2 kernel anchored at its top left" 6 5 RGB RGB-IMAGE 3
                #(1 1 1 1) 2 2 3 0 "clamp" "direct" 0 '(0 1 2))
  (check-kernel "kernel larger than the image (9x9 on 4x3, wrap)" 4 3 RGB RGB-IMAGE 3
                (make-vector 81 1) 9 9 0 0 "wrap" "auto" 0 '(0 1 2)))

; (f x y c) computed once for every pixel: TinyScheme is slow, and the expected image of a
; kernel and border serves every method.
(define (tabulate f w h ch)
  (let ((v (make-vector (* w h ch) 0)))
    (for-each (lambda (y)
                (for-each (lambda (x)
                            (for-each (lambda (c) (vector-set! v (+ (* (+ (* y w) x) ch) c)
                                                               (f x y c)))
                                      (range ch)))
                          (range w)))
              (range h))
    (lambda (x y c) (vector-ref v (+ (* (+ (* y w) x) ch) c)))))

; Random non-square kernels (full rank, and rank 1 for the separable method) against the
; float64 reference, for every border mode and every method.
(define (random-kernel-checks)
  (let* ((dense (random-weights 21 4242 -3 8))                      ; 7 wide, 3 tall
         (rank1 (outer #(1 3 2 -1) #(2 -1 3 1 2)))                    ; 5 wide, 4 tall (even)
         ; odd divisors: integer sums never land on a half
         (div-dense (+ (* 2 (abs (kernel-sum dense))) 1))
         (div-rank1 (+ (* 2 (abs (kernel-sum rank1))) 1))
         (w 9) (h 7))
    (for-each
     (lambda (border)
       (let ((want-dense (tabulate (reference pattern w h dense 7 3 div-dense 0 border '(0 1 2))
                                   w h 3))
             (want-rank1 (tabulate (reference pattern w h rank1 5 4 div-rank1 0 border '(0 1 2))
                                   w h 3)))
         (for-each
          (lambda (method)
            (let* ((sep (equal? method "separable"))
                   (il (make-image w h RGB RGB-IMAGE 3 pattern))
                   (err (kcv-try (lambda ()
                                   (if sep
                                       (convolve (car il) (cadr il) 5 4 rank1 div-rank1 0 border
                                                 method 0 FALSE FALSE)
                                       (convolve (car il) (cadr il) 7 3 dense div-dense 0 border
                                                 method 0 FALSE FALSE))))))
              (check (string-append "random " (if sep "5x4 rank-1" "7x3") " kernel, border "
                                    border ", method " method)
                     (or err (compare-layer (cadr il) w h 3 (if sep want-rank1 want-dense) 0)))
              (gimp-image-delete (car il))))
          '("auto" "direct" "fft" "separable" "im2col"))))
     '("clamp" "wrap" "mirror" "transparent"))))

; ---------------------------------------------------------------- alpha weighting

(define (alpha-weighting-checks)
  (for-each
   (lambda (aw)
     (let* ((f (lambda (x y c) (if (= x 0) (list-ref '(255 0 0 0) c)
                                   (list-ref '(0 0 255 255) c))))
            (il (make-image 3 1 RGB RGBA-IMAGE 4 f))
            (img (car il)) (layer (cadr il))
            (err (kcv-try (lambda () (convolve img layer 3 1 #(1 1 1) 0 0 "clamp" "direct" 0
                                               aw FALSE))))
            (px (pixel layer 1 0))
            (want (if (= aw TRUE) '(0 255) '(85 170))))
       (check (if (= aw TRUE)
                  "alpha-weighting TRUE: a transparent red pixel does not bleed into blue"
                  "alpha-weighting FALSE: straight colours are averaged (red 85)")
              (or err (if (and (= (car px) (car want)) (= (caddr px) (cadr want))) #f
                          (string-append "middle pixel red " (num->str (car px)) " blue "
                                         (num->str (caddr px))))))
       (gimp-image-delete img)))
   (list TRUE FALSE)))

; ---------------------------------------------------------------- alpha under zero-sum kernels

; With the default channels (0, all), a kernel whose weights sum to 0 (edges, Laplacian) leaves
; alpha as it is, as in GIMP 2.10 and the dialog (kcv.h, kcv_kernel_default_channel_mask);
; asked for explicitly (channels 15), alpha is convolved.
(define (zero-sum-alpha-checks)
  (for-each
   (lambda (case)
     (let* ((channels (car case)) (chans (cadr case)) (offset (/ 128 255))
            (il (make-image 7 6 RGB RGBA-IMAGE 4 opaque-pattern))
            (want (reference opaque-pattern 7 6 laplacian 3 3 0 offset "clamp" chans))
            (err (kcv-try (lambda () (convolve (car il) (cadr il) 3 3 laplacian 0 offset "clamp"
                                               "direct" channels FALSE FALSE)))))
       (check (string-append "zero-sum kernel, channels " (num->str channels)
                             (if (= channels 0) ": colours convolved, alpha unchanged (opaque)"
                                 ": alpha convolved as asked"))
              (or err (compare-layer (cadr il) 7 6 4 want 0)))
       (gimp-image-delete (car il))))
   (list (list 0 '(0 1 2)) (list 15 '(0 1 2 3)))))

; ---------------------------------------------------------------- precisions

(define kcv-precisions
  (list (list "8-bit perceptual" PRECISION-U8-NON-LINEAR 1)
        (list "8-bit linear" PRECISION-U8-LINEAR 3)
        (list "16-bit perceptual" PRECISION-U16-NON-LINEAR 1)
        (list "16-bit linear" PRECISION-U16-LINEAR 1)
        (list "32-bit perceptual" PRECISION-U32-NON-LINEAR 1)
        (list "32-bit linear" PRECISION-U32-LINEAR 1)
        (list "half perceptual" PRECISION-HALF-NON-LINEAR 1)
        (list "half linear" PRECISION-HALF-LINEAR 1)
        (list "float perceptual" PRECISION-FLOAT-NON-LINEAR 1)
        (list "float linear" PRECISION-FLOAT-LINEAR 1)))

(define (first-layer img) (vector-ref (car (gimp-image-get-layers img)) 0))

; Convolves at the given precision, then reads back as 8-bit perceptual.
(define (at-precision w h base type ch f precision thunk)
  (let* ((il (make-image w h base type ch f))
         (img (car il)))
    (if (not (= precision PRECISION-U8-NON-LINEAR))
        (gimp-image-convert-precision img precision))
    (let ((err (kcv-try (lambda () (thunk img (first-layer img))))))
      (if (not (= precision PRECISION-U8-NON-LINEAR))
          (gimp-image-convert-precision img PRECISION-U8-NON-LINEAR))
      (list img (first-layer img) err))))

(define (precision-checks)
  (for-each
   (lambda (p)
     (let ((label (car p)) (precision (cadr p)) (tol (caddr p)))
       ; A 0.5 tap on grey 200: 100 on perceptual values, 146 in linear light.
       (for-each
        (lambda (linear)
          (let* ((r (at-precision 4 3 RGB RGB-IMAGE 3 (lambda (x y c) 200) precision
                                  (lambda (img layer)
                                    (convolve img layer 1 1 #(0.5) 1 0 "clamp" "direct" 0 FALSE
                                              linear))))
                 (want (if (= linear FALSE) 100 146)))
            (check (string-append label ": a 0.5 tap on 200 with linear " (num->str linear)
                                  " gives " (num->str want))
                   (or (caddr r) (compare-layer (cadr r) 4 3 3 (lambda (x y c) want) 2)))
            (gimp-image-delete (car r))))
        (list FALSE TRUE))
       (let* ((want (reference bright-pattern 6 5 box3 3 3 0 0 "clamp" '(0 1 2 3)))
              (r (at-precision 6 5 RGB RGBA-IMAGE 4 bright-pattern precision
                               (lambda (img layer)
                                 (convolve img layer 3 3 box3 0 0 "clamp" "fft" 0 FALSE
                                           FALSE)))))
         (check (string-append label ": box 3x3 on RGBA")
                (or (caddr r) (compare-layer (cadr r) 6 5 4 want tol)))
         (gimp-image-delete (car r)))))
   kcv-precisions))

; ---------------------------------------------------------------- selection, masks, channels

(define (selection-checks)
  ; A selection that misses the layer: the call succeeds and changes nothing.
  (let* ((il (make-image 8 6 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il)))
    (gimp-image-resize img 20 20 0 0)
    (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 12 12 4 4)
    (let* ((before (snapshot layer 8 6))
           (err (kcv-try (lambda () (convolve img layer 3 3 box3 0 0 "clamp" "auto" 0 FALSE
                                              FALSE)))))
      (check "selection missing the layer: no error, nothing changed"
             (cond (err err)
                   ((not (equal? before (snapshot layer 8 6))) "the layer changed")
                   (else #f))))
    (gimp-image-delete img))
  (let* ((il (make-image 8 6 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern 8 6 box3 3 3 0 0 "clamp" '(0 1 2))))
    (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 2 1 4 3)
    (let ((err (kcv-try (lambda () (convolve img layer 3 3 box3 0 0 "clamp" "auto" 0 FALSE
                                             FALSE)))))
      (check "selection: outside pixels identical, inside ones fed by the outside"
             (or err
                 (compare-layer layer 8 6 3
                                (lambda (x y c)
                                  (if (and (>= x 2) (< x 6) (>= y 1) (< y 4))
                                      (want x y c)
                                      (pattern x y c)))
                                0))))
    (gimp-image-delete img))
  ; A layer mask keeps its own model: GIMP stores masks as linear grey ("Y u8"), so it is
  ; convolved on those stored values, while Script-Fu shows it perceptual.
  (let* ((il (make-image 6 5 RGB RGBA-IMAGE 4 pattern))
         (img (car il)) (layer (cadr il))
         (mask (car (gimp-layer-create-mask layer ADD-MASK-WHITE))))
    (gimp-layer-add-mask layer mask)
    (fill-layer mask 6 5 1 pattern)
    (let* ((stored (lambda (x y c) (to-linear-byte (pattern x y c))))
           (conv (reference stored 6 5 box3 3 3 0 0 "clamp" '(0)))
           (err (kcv-try (lambda () (convolve img mask 3 3 box3 0 0 "clamp" "auto" 0 FALSE
                                              FALSE)))))
      (check "layer mask: box 3x3 on its own (linear) values"
             (or err (compare-layer mask 6 5 1 (lambda (x y c) (to-perceptual-byte (conv x y c)))
                                    1))))
    (gimp-image-delete img))
  (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (img (car il))
         (chan (car (gimp-channel-new img "kcv-channel" 6 5 100 '(0 0 0)))))
    (gimp-image-insert-channel img chan 0 0)
    (fill-layer chan 6 5 1 pattern)
    (let ((err (kcv-try (lambda () (convolve img chan 3 3 box3 0 0 "clamp" "auto" 0 FALSE
                                             FALSE))))
          (want (reference pattern 6 5 box3 3 3 0 0 "clamp" '(0))))
      (check "channel: box 3x3 on its own values" (or err (compare-layer chan 6 5 1 want 0))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- bad arguments

(define (write-text path text)
  (let ((port (open-output-file path)))
    (display text port)
    (close-output-port port)))

(define (bad-argument-checks)
  (let* ((il (make-image 5 4 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (other (make-image 3 3 RGB RGB-IMAGE 3 pattern))
         (grey (make-image 5 4 GRAY GRAY-IMAGE 1 pattern))
         (bad-mat (string-append kcv-test-dir "/bad.mat")))
    (write-text bad-mat "3 3\n1 2 3\n4 5\n")
    (expect-error "8 weights for 3x3" "weights"
                  (lambda (i l) (convolve i l 3 3 (make-vector 8 1) 0 0 "clamp" "auto" 0 FALSE
                                          FALSE))
                  img layer 5 4)
    (expect-error "10 weights for 3x3" "weights"
                  (lambda (i l) (convolve i l 3 3 (make-vector 10 1) 0 0 "clamp" "auto" 0 FALSE
                                          FALSE))
                  img layer 5 4)
    (expect-error "kernel-width 0 (GIMP's range check)" "out of range"
                  (lambda (i l) (convolve i l 0 3 #() 0 0 "clamp" "auto" 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "kernel-height 1026 (GIMP's range check)" "out of range"
                  (lambda (i l) (convolve i l 1 1026 (make-vector 1026 1) 0 0 "clamp" "auto" 0
                                          FALSE FALSE))
                  img layer 5 4)
    (expect-error "a NaN weight" "weights"
                  (lambda (i l) (convolve i l 3 3 (vector 1 1 1 1 nan 1 1 1 1) 0 0 "clamp" "auto"
                                          0 FALSE FALSE))
                  img layer 5 4)
    ; GIMP's own check refuses NaN before the plug-in sees it.
    (expect-error "NaN divisor (GIMP's check)" "argument 6"
                  (lambda (i l) (convolve i l 3 3 box3 nan 0 "clamp" "auto" 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "NaN offset (GIMP's check)" "argument 7"
                  (lambda (i l) (convolve i l 3 3 box3 0 nan "clamp" "auto" 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "border-mode \"tile\" (GIMP's choice check)" "argument"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 "tile" "auto" 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "method 2 given as a number" "argument"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 "clamp" 2 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "method separable on a full-rank 11x11 kernel" "method"
                  (lambda (i l) (convolve i l 11 11 (random-weights 121 12345 -3 8) 0 0 "clamp"
                                          "separable" 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "channels 16 (GIMP's range check)" "out of range"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 "clamp" "auto" 16 FALSE FALSE))
                  img layer 5 4)
    (expect-error "channels 8 on a layer without alpha" "channels"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 "clamp" "auto" 8 FALSE FALSE))
                  img layer 5 4)
    (expect-error "channels 2 on a grey layer" "channels"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 "clamp" "auto" 2 FALSE FALSE))
                  (car grey) (cadr grey) 5 4)
    (expect-error "file: missing file" "file"
                  (lambda (i l) (plug-in-kcv-convolve-file RUN-NONINTERACTIVE i (vector l)
                                                           "/nonexistent/k.mat" "clamp" "auto" 0
                                                           FALSE FALSE))
                  img layer 5 4)
    (expect-error "file: malformed file names the line" "line"
                  (lambda (i l) (plug-in-kcv-convolve-file RUN-NONINTERACTIVE i (vector l)
                                                           bad-mat "clamp" "auto" 0 FALSE FALSE))
                  img layer 5 4)
    (expect-error "layer: kernel-drawable of another image" "kernel-drawable"
                  (lambda (i l) (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE i (vector l)
                                                            (cadr other) TRUE "clamp" "auto" 0
                                                            FALSE FALSE))
                  img layer 5 4)
    (let ((black (new-layer img 3 3 RGB-IMAGE "black")))
      (gimp-image-insert-layer img black 0 1)
      (fill-layer black 3 3 3 (lambda (x y c) 0))
      (expect-error "layer: an all-black kernel-drawable" "kernel-drawable"
                    (lambda (i l) (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE i (vector l)
                                                              black TRUE "clamp" "auto" 0 FALSE
                                                              FALSE))
                    img layer 5 4)
      (gimp-image-remove-layer img black))
    (let ((group (car (gimp-group-layer-new img "group"))))
      (gimp-image-insert-layer img group 0 0)
      (expect-error "a layer group is refused" "layer group"
                    (lambda (i l) (convolve i group 3 3 box3 0 0 "clamp" "auto" 0 FALSE FALSE))
                    img layer 5 4)
      (gimp-image-remove-layer img group))
    (gimp-image-delete (car other))
    (gimp-image-delete (car grey))
    (gimp-image-delete img))
  ; Indexed images arrive from scripts despite the registered image types.
  (let* ((il (make-image 5 4 RGB RGB-IMAGE 3 pattern))
         (img (car il)))
    (gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE
                                "")
    (expect-error "an indexed drawable is refused, telling to convert to RGB" "RGB"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 "clamp" "auto" 0 FALSE FALSE))
                  img (first-layer img) 5 4)
    (gimp-image-delete img)))

; ---------------------------------------------------------------- several drawables

(define (several-drawables-checks)
  ; Both layers are convolved by one call.
  (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (a (cadr il))
         (b (new-layer img 6 5 RGBA-IMAGE "second"))
         (want3 (reference pattern 6 5 kernel5 5 5 37 0 "mirror" '(0 1 2)))
         (want4 (reference bright-pattern 6 5 kernel5 5 5 37 0 "mirror" '(0 1 2 3))))
    (gimp-image-insert-layer img b 0 0)
    (fill-layer b 6 5 4 bright-pattern)
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector a b) 5 5
                                                         kernel5 37 0 "mirror" "auto" 0 FALSE
                                                         FALSE)))))
      (check "two drawables: the first convolved" (or err (compare-layer a 6 5 3 want3 0)))
      (check "two drawables: the second convolved" (or err (compare-layer b 6 5 4 want4 0))))
    (gimp-image-delete img))
  ; All or nothing: the second drawable cannot take the channels, so neither changes.
  (let* ((il (make-image 6 5 RGB RGBA-IMAGE 4 pattern))
         (img (car il)) (a (cadr il))
         (b (new-layer img 6 5 RGB-IMAGE "no alpha")))
    (gimp-image-insert-layer img b 0 0)
    (fill-layer b 6 5 3 pattern)
    (let* ((before-a (snapshot a 6 5)) (before-b (snapshot b 6 5))
           (err (kcv-try (lambda () (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector a b) 3 3
                                                          box3 0 0 "clamp" "auto" 8 FALSE
                                                          FALSE)))))
      (check "two drawables, the second refused: an error and neither drawable changed"
             (cond ((not err) "no error was raised")
                   ((not (string-has? err "channels")) err)
                   ((not (equal? before-a (snapshot a 6 5))) "the first drawable changed")
                   ((not (equal? before-b (snapshot b 6 5))) "the second drawable changed")
                   (else #f))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- -file and -layer variants

(define (file-and-layer-checks)
  (let* ((path (string-append kcv-test-dir "/kernel5.mat"))
         (il (make-image 9 8 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern 9 8 kernel5 5 5 21 0 "wrap" '(0 1 2))))
    (write-mat path 5 5 kernel5 21 0)
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-file RUN-NONINTERACTIVE img (vector layer)
                                                              path "wrap" "auto" 0 FALSE
                                                              FALSE)))))
      (check "file: a .mat kernel with its scale gives the reference"
             (or err (compare-layer layer 9 8 3 want 0))))
    (gimp-image-delete img))
  ; A plus-shaped kernel painted white on black; normalised it is the mean of 5 pixels.
  (let* ((il (make-image 7 6 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (kl (new-layer img 3 3 RGB-IMAGE "kernel"))
         (plus #(0 1 0 1 1 1 0 1 0))
         (want (reference pattern 7 6 plus 3 3 0 0 "clamp" '(0 1 2))))
    (gimp-image-insert-layer img kl 0 1)
    (fill-layer kl 3 3 3 (lambda (x y c) (* 255 (vector-ref plus (+ (* y 3) x)))))
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE img
                                                               (vector layer) kl TRUE "clamp"
                                                               "auto" 0 FALSE FALSE)))))
      (check "layer: a painted plus shape, normalised, gives the 5-pixel mean"
             (or err (compare-layer layer 7 6 3 want 1))))
    (gimp-image-delete img))
  ; An L painted in a layer is what a point of light becomes: it is applied as true
  ; convolution, so the correlating reference takes it turned 180 degrees.
  (let* ((il (make-image 7 6 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (kl (new-layer img 3 3 RGB-IMAGE "L"))
         (ell #(1 0 0 1 0 0 1 1 1))
         (turned #(1 1 1 0 0 1 0 0 1))
         (want (reference pattern 7 6 turned 3 3 0 0 "clamp" '(0 1 2))))
    (gimp-image-insert-layer img kl 0 1)
    (fill-layer kl 3 3 3 (lambda (x y c) (* 255 (vector-ref ell (+ (* y 3) x)))))
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE img
                                                               (vector layer) kl TRUE "clamp"
                                                               "auto" 0 FALSE FALSE)))))
      (check "layer: a painted L is applied as convolution (turned, not mirrored)"
             (or err (compare-layer layer 7 6 3 want 1))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- last values

; GIMP 3 keeps the values of interactive runs as last values. Without a display the
; interactive run cannot show the dialog and runs with its values, which GIMP then keeps.
(define (last-values-checks)
  (let* ((a (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (b (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (want (reference pattern 6 5 shift-down 3 3 0 0 "wrap" '(0 1 2)))
         (err1 (kcv-try (lambda () (plug-in-kcv-convolve RUN-INTERACTIVE (car a) (vector (cadr a))
                                                         3 3 shift-down 0 0 "wrap" "auto" 0
                                                         FALSE FALSE))))
         ; The arguments of a with-last-values call are ignored: a box blur here.
         (err2 (kcv-try (lambda () (plug-in-kcv-convolve RUN-WITH-LAST-VALS (car b)
                                                         (vector (cadr b)) 3 3 box3 0 0 "clamp"
                                                         "auto" 0 FALSE FALSE)))))
    (check "RUN-INTERACTIVE without a display runs with the given values"
           (or err1 (compare-layer (cadr a) 6 5 3 want 0)))
    (check "RUN-WITH-LAST-VALS repeats the interactive run's kernel and border"
           (or err2 (compare-layer (cadr b) 6 5 3 want 0)))
    (gimp-image-delete (car a))
    (gimp-image-delete (car b))))

; ---------------------------------------------------------------- GIMP 3's own convolution

; The gegl:convolution-matrix properties of a 5x5 kernel (row-major, top row first): letters
; a..e are columns (x - 2 .. x + 2), digits 1..5 rows (y - 2 .. y + 2); it correlates as
; displayed, as kcv does.
(define (matrix-properties k)
  (apply append
         (map (lambda (i)
                (list (string-append (substring "abcde" (modulo i 5) (+ (modulo i 5) 1))
                                     (num->str (+ (quotient i 5) 1)))
                      (exact->inexact (vector-ref k i))))
              (range 25))))

; How many pixels of layer have channel c at or above lo (0..255), by GIMP's histogram.
(define (count-at-least layer channel lo)
  (list-ref (gimp-drawable-histogram layer channel (/ lo 255.0) 1.0) 4))

; kcv (linear light, as gegl:convolution-matrix works) on the splash photo against
; gegl:convolution-matrix on a copy: their difference (perceptual, 8-bit) must stay within 1.
(define (convolution-matrix-check name k divisor kcv-border gegl-border)
  (let* ((path "/usr/share/gimp/3.0/images/gimp-splash.png")
         (img (car (gimp-file-load RUN-NONINTERACTIVE path)))
         (ours (first-layer img))
         (theirs (car (gimp-layer-copy ours))))
    (gimp-image-insert-layer img theirs 0 0)
    (let ((err (or (kcv-try (lambda () (convolve img ours 5 5 k divisor 0 kcv-border "auto" 0
                                                 FALSE TRUE)))
                   (kcv-try (lambda ()
                              (apply gimp-drawable-merge-new-filter
                                     (append (list theirs "gegl:convolution-matrix" 0
                                                   LAYER-MODE-REPLACE 1.0)
                                             (matrix-properties k)
                                             (list "divisor" (exact->inexact divisor) "offset" 0.0
                                                   "normalize" FALSE "border" gegl-border))))))))
      (if (not err)
          (begin
            (gimp-layer-set-mode theirs LAYER-MODE-DIFFERENCE-LEGACY)
            (let* ((diff (car (gimp-image-merge-down img theirs CLIP-TO-IMAGE)))
                   (over (map (lambda (ch) (count-at-least diff ch 1.5))
                              (list HISTOGRAM-RED HISTOGRAM-GREEN HISTOGRAM-BLUE)))
                   (off (map (lambda (ch) (count-at-least diff ch 0.5))
                             (list HISTOGRAM-RED HISTOGRAM-GREEN HISTOGRAM-BLUE))))
              (check name
                     (if (= (apply max over) 0) #f
                         (string-append "pixels more than 1 apart in R, G, B: "
                                        (num->str (car over)) " " (num->str (cadr over)) " "
                                        (num->str (caddr over)) "; any apart: "
                                        (num->str (car off)))))))
          (check name err))
      (gimp-image-delete img))))

(define (convolution-matrix-checks)
  (let ((positive (random-weights 25 777 0 9))
        (sharpen #(0 0 -1 0 0  0 -1 -2 -1 0  -1 -2 17 -2 -1  0 -1 -2 -1 0  0 0 -1 0 0)))
    (for-each
     (lambda (borders)
       (convolution-matrix-check
        (string-append "5x5 random positive kernel on the splash photo within 1 of "
                       "gegl:convolution-matrix, border " (car borders))
        positive (kernel-sum positive) (car borders) (cadr borders))
       (convolution-matrix-check
        (string-append "5x5 sharpen on the splash photo within 1 of gegl:convolution-matrix, "
                       "border " (car borders))
        sharpen 1 (car borders) (cadr borders)))
     '(("clamp" "clamp") ("wrap" "loop")))))

;; ---------------------------------------------------------------- locks

; "Lock pixels" on the layer, on its group, or on the layer of a mask: refused up front with a
; message saying what to unlock, the pixels unchanged, as in GIMP 2.10. "Lock position" does
; not matter to a filter.
(define (lock-checks)
  (let* ((il (make-image 5 4 RGB RGBA-IMAGE 4 pattern))
         (img (car il)) (layer (cadr il))
         (mask (car (gimp-layer-create-mask layer ADD-MASK-WHITE)))
         (group (car (gimp-group-layer-new img "group")))
         (want (reference pattern 5 4 shift-right 3 3 0 0 "clamp" '(0 1 2 3)))
         (shift (lambda (i d) (convolve i d 3 3 shift-right 0 0 "clamp" "auto" 0 FALSE FALSE))))
    (gimp-layer-add-mask layer mask)
    (gimp-item-set-lock-content layer TRUE)
    (expect-error "a content-locked layer is refused" "locked"
                  (lambda (i l) (shift i l)) img layer 5 4)
    (expect-error "the mask of a content-locked layer is refused" "locked"
                  (lambda (i l) (shift i mask)) img layer 5 4)
    (gimp-item-set-lock-content layer FALSE)
    (gimp-image-insert-layer img group 0 0)
    (gimp-image-reorder-item img layer group 0)
    (gimp-item-set-lock-content group TRUE)
    (expect-error "a layer inside a content-locked group is refused" "locked"
                  (lambda (i l) (shift i l)) img layer 5 4)
    (gimp-item-set-lock-content group FALSE)
    (gimp-item-set-lock-position layer TRUE)
    (let ((err (kcv-try (lambda () (shift img layer)))))
      (check "a position-locked layer is convolved" (or err (compare-layer layer 5 4 4 want 0))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- the non-destructive filter

; kcv:convolve merged straight from Script-Fu with a kernel it cannot read passes the layer
; through: GIMP keeps its pixels rather than merging an empty result.
(define (unreadable-kernel-check)
  (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (layer (cadr il))
         (before (snapshot layer 6 5))
         (err (kcv-try (lambda ()
                         (gimp-drawable-merge-new-filter layer "kcv:convolve" 0
                                                         LAYER-MODE-REPLACE 1.0
                                                         "kernel" "1 2 x")))))
    (check "kcv:convolve with a kernel it cannot read: the layer keeps its pixels"
           (cond (err err)
                 ((equal? before (snapshot layer 6 5)) #f)
                 (else "the layer changed")))
    (gimp-image-delete (car il))))

(define (editable img layer channels)
  (plug-in-kcv-convolve-editable RUN-NONINTERACTIVE img (vector layer) 5 5 kernel5 37 0 "mirror"
                                 "auto" channels FALSE FALSE))

; plug-in-kcv-convolve-editable appends kcv:convolve as a filter the user can hide, edit or
; merge later; without the operation it refuses, naming it, and changes nothing.
(define (editable-checks)
  (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (before (snapshot layer 6 5))
         (want (reference pattern 6 5 kernel5 5 5 37 0 "mirror" '(0 1 2))))
    (expect-error "editable: channels 1 (the filter convolves every channel)" "channels"
                  (lambda (i l) (editable i l 1)) img layer 6 5)
    (if (equal? kcv-pixel-path "gimp")
        (let* ((err (kcv-try (lambda () (editable img layer 0))))
               (filters (if err #() (car (gimp-drawable-get-filters layer)))))
          (check "editable: one kcv:convolve filter appended to the layer"
                 (cond (err err)
                       ((not (= (vector-length filters) 1))
                        (string-append (num->str (vector-length filters)) " filters"))
                       ((not (equal? (car (gimp-drawable-filter-get-operation-name
                                           (vector-ref filters 0)))
                                     "kcv:convolve"))
                        "another operation")
                       (else #f)))
          (check "editable: the layer's own pixels wait for the merge"
                 (if (equal? before (snapshot layer 6 5)) #f "the layer changed"))
          (gimp-drawable-merge-filters layer)
          (check "editable: merged, the filter gives the float64 reference"
                 (compare-layer layer 6 5 3 want 0))
          (unreadable-kernel-check))
        (expect-error "editable without kcv:convolve: refused, naming the operation"
                      "kcv:convolve" (lambda (i l) (editable i l 0)) img layer 6 5))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- deconvolution

(define kcv-pi (* 4 (atan 1)))

; Sum over the image's periodic domain of f(x y) e^{sign 2 pi i (kx x / w + ky y / h)}, as (re im).
(define (dft2 f w h kx ky sign)
  (let loop ((i 0) (re 0) (im 0))
    (if (= i (* w h))
        (list re im)
        (let* ((x (modulo i w)) (y (quotient i w))
               (a (* sign 2 kcv-pi (+ (/ (* kx x) w) (/ (* ky y) h))))
               (v (f x y)))
          (loop (+ i 1) (+ re (* v (cos a))) (+ im (* v (sin a))))))))

; Float64 Wiener deconvolution on the periodic image (border "wrap"), written from the
; formula: U = conj(H) G / (|H|^2 + lambda), H the transform of the PSF as displayed (not
; mirrored), normalised to sum 1 and anchored at ((pw-1)/2, (ph-1)/2). src gives 0..255;
; the result is a byte function (x y) -> 0..255, rounded and clamped as 8-bit storage.
(define (wiener-reference src w h psf pw ph lambda)
  (let* ((s (kernel-sum psf)) (ax (quotient (- pw 1) 2)) (ay (quotient (- ph 1) 2))
         (spec (make-vector (* w h) '())))
    ; The PSF on the image's domain: offset (x, y) from the anchor, taken modulo the size.
    (define (psf-at x y)
      (let ((i (modulo (+ x ax) w)) (j (modulo (+ y ay) h)))
        (if (and (< i pw) (< j ph)) (/ (vector-ref psf (+ (* j pw) i)) s) 0)))
    (for-each
     (lambda (k)
       (let* ((kx (modulo k w)) (ky (quotient k w))
              (hh (dft2 psf-at w h kx ky -1))
              (g (dft2 (lambda (x y) (/ (src x y 0) 255.0)) w h kx ky -1))
              (hr (car hh)) (hi (cadr hh)) (gr (car g)) (gi (cadr g))
              (den (+ (* hr hr) (* hi hi) lambda)))
         (vector-set! spec k (list (/ (+ (* hr gr) (* hi gi)) den)
                                   (/ (- (* hr gi) (* hi gr)) den)))))
     (range (* w h)))
    (lambda (x y c)
      (let loop ((k 0) (acc 0))
        (if (= k (* w h))
            (clamp-byte (floor (+ 0.5 (* 255 (/ acc (* w h))))))
            (let* ((kx (modulo k w)) (ky (quotient k w)) (u (vector-ref spec k))
                   (a (* 2 kcv-pi (+ (/ (* kx x) w) (/ (* ky y) h)))))
              (loop (+ k 1) (+ acc (- (* (car u) (cos a)) (* (cadr u) (sin a)))))))))))

(define (deconvolve img layer pw ph psf method iterations reg border)
  (plug-in-kcv-deconvolve RUN-NONINTERACTIVE img (vector layer) pw ph psf method iterations reg
                          border 0 FALSE))

;; The dialog's Deconvolve mode as plug-in-kcv-convolve's last values: GIMP 3 keeps them, with
;; the mode and its settings as auxiliary arguments, in the profile's plug-in-settings; written
;; here as an OK in Deconvolve mode would leave them, then repeated with RUN-WITH-LAST-VALS.
(define (deconvolve-last-values-check w h psf)
  (let* ((a (make-image w h GRAY GRAY-IMAGE 1 bright-pattern))
         (b (make-image w h GRAY GRAY-IMAGE 1 bright-pattern))
         (before (snapshot (cadr a) w h))
         (dir (string-append gimp-directory "/plug-in-settings"))
         (port (open-output-file
                (string-append dir "/GimpProcedureConfigRun-plug-in-kcv-convolve.last"))))
    (display (string-append
              "(kernel-width 3)\n(kernel-height 2)\n(weights 6"
              (apply string-append (map (lambda (v) (string-append " " (num->str v)))
                                        (vector->list psf)))
              ")\n(divisor 0)\n(offset 0)\n(border-mode \"wrap\")\n(method \"auto\")\n"
              "(channels 0)\n(alpha-weighting yes)\n(linear no)\n(deconvolve yes)\n"
              "(deconv-method \"wiener\")\n(iterations 10)\n(regularisation 0.01)\n")
             port)
    (close-output-port port)
    (plug-in-kcv-convolve RUN-WITH-LAST-VALS (car a) (vector (cadr a)) 1 1 #(1) 0 0 "clamp"
                          "auto" 0 FALSE FALSE)
    (deconvolve (car b) (cadr b) 3 2 psf "wiener" 10 0.01 "wrap")
    (check "Deconvolve mode kept in plug-in-kcv-convolve's last values restores as the procedure does"
           (cond ((equal? (snapshot (cadr a) w h) before) "the layer did not change")
                 ((not (equal? (snapshot (cadr a) w h) (snapshot (cadr b) w h)))
                  "the result differs from plug-in-kcv-deconvolve's")
                 (else #f)))
    (gimp-image-delete (car a))
    (gimp-image-delete (car b))))

;; GIMP 3 keeps the config of each successful interactive run of plug-in-kcv-deconvolve as its
;; last values (without a display, an interactive run takes its arguments; the procedure has
;; no dialog of its own); non-interactive runs leave them as they are, as GIMP 3's own filters
;; do. RUN-WITH-LAST-VALS then repeats the PSF, method, iterations, regularisation and border,
;; whatever its own arguments say (an identity PSF here).
(define (deconvolve-with-last-values-checks w h psf)
  (let* ((a (make-image w h GRAY GRAY-IMAGE 1 bright-pattern))
         (b (make-image w h GRAY GRAY-IMAGE 1 bright-pattern))
         (c (make-image w h GRAY GRAY-IMAGE 1 bright-pattern))
         (before (snapshot (cadr a) w h))
         (err (kcv-try (lambda ()
                         (plug-in-kcv-deconvolve RUN-INTERACTIVE (car a) (vector (cadr a)) 3 2
                                                 psf "richardson-lucy" 5 0.002 "mirror" 0
                                                 FALSE)))))
    (check "deconvolve: RUN-INTERACTIVE without a display runs with its arguments"
           (cond (err err)
                 ((equal? (snapshot (cadr a) w h) before) "the layer did not change")
                 (else #f)))
    (deconvolve (car c) (cadr c) 2 1 (vector 1 1) "wiener" 10 0.05 "clamp")
    (let ((err (kcv-try (lambda ()
                          (plug-in-kcv-deconvolve RUN-WITH-LAST-VALS (car b) (vector (cadr b)) 1 1
                                                  (vector 1) "wiener" 10 0 "clamp" 0 FALSE)))))
      (check "deconvolve: RUN-WITH-LAST-VALS repeats the last interactive run's PSF and settings"
             (cond (err err)
                   ((not (equal? (snapshot (cadr a) w h) (snapshot (cadr b) w h)))
                    "the result differs from the last interactive run's")
                   (else #f))))
    (gimp-image-delete (car a))
    (gimp-image-delete (car b))
    (gimp-image-delete (car c))))

(define (deconvolution-checks)
  (let* ((w 8) (h 6)
         (il (make-image w h GRAY GRAY-IMAGE 1 bright-pattern))
         (img (car il)) (layer (cadr il))
         ; Asymmetric, so a mirrored PSF would give another result.
         (psf (vector 0.5 0.3 0.2 0.0 0.1 0.0))
         (want (wiener-reference (snap-fn (snapshot layer w h) w) w h psf 3 2 0.01)))
    (deconvolve-with-last-values-checks w h psf)
    (let ((before (snapshot layer w h)))
      ; A point PSF blurs nothing: u (g / u) is g, whatever the iterations.
      (deconvolve img layer 1 1 (vector 2.5) "richardson-lucy" 7 0 "mirror")
      (check "deconvolve: Richardson-Lucy with a point PSF leaves the layer as it was"
             (if (equal? before (snapshot layer w h)) #f "the layer changed")))
    (deconvolve-last-values-check w h psf)
    (deconvolve img layer 3 2 psf "wiener" 10 0.01 "wrap")
    (check "deconvolve: Wiener, wrap, asymmetric 3x2 PSF within 1 of the float64 reference"
           (compare-layer layer w h 1 want 1))
    (for-each
     (lambda (bad)
       (expect-error (car bad) (cadr bad) (caddr bad) img layer w h))
     (list (list "deconvolve: 5 weights for 3x2" "weights"
                 (lambda (i l) (deconvolve i l 3 2 (vector 1 1 1 1 1) "wiener" 10 0 "clamp")))
           (list "deconvolve: weights summing to 0, the 2.10 host's message" kcv-psf-sum-0-message
                 (lambda (i l) (deconvolve i l 3 1 (vector 1 -2 1) "wiener" 10 0 "clamp")))
           (list "deconvolve: method \"blind\" (GIMP's choice check)" "argument"
                 (lambda (i l) (deconvolve i l 1 1 (vector 1) "blind" 10 0 "clamp")))
           (list "deconvolve: iterations 0 (GIMP's range check)" "out of range"
                 (lambda (i l) (deconvolve i l 1 1 (vector 1) "richardson-lucy" 0 0 "clamp")))
           (list "deconvolve: regularisation -1 (GIMP's range check)" "out of range"
                 (lambda (i l) (deconvolve i l 1 1 (vector 1) "wiener" 10 -1 "clamp")))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- FFTW wisdom

;; A call plans an FFT size new to the profile's wisdom by estimate (no measuring in the call)
;; and starts the plug-in again as a helper that measures it into the wisdom file; the next
;; call, a new plug-in process, finds the size measured. The plug-in says which sizes it
;; estimated (KCV_VERBOSE); the runner reads those lines between the KCV-WISDOM messages, which
;; GIMP prints as the calls happen. One channel of an RGB layer goes through the plug-in in
;; both sessions (kcv:convolve takes every channel). The pixels do not matter here.
(define (wisdom-marker)
  (string-append (getenv "GIMP3_DIRECTORY") "/kcv/fftw-wisdom.measuring"))

; #f once no helper holds the marker, within seconds; else what is wrong.
(define (wait-for-helpers seconds)
  (let loop ((n (* 10 seconds)))
    (cond ((not (file-exists? (wisdom-marker))) #f)
          ((= n 0) (string-append (wisdom-marker) " is still there"))
          (else (usleep 100000) (loop (- n 1))))))

(define (wisdom-checks)
  (let* ((w 150) (h 110)
         (img (car (gimp-image-new w h RGB)))
         (layer (new-layer img w h RGB-IMAGE "kcv"))
         (box11 (make-vector 121 1))
         (call (lambda () (convolve img layer 11 11 box11 0 0 "clamp" "fft" 1 FALSE FALSE))))
    (gimp-image-insert-layer img layer 0 0)
    ; Helpers started by the earlier groups' calls end first: one runs at a time.
    (check "wisdom: no helper left running by the earlier groups" (wait-for-helpers 120))
    (gimp-message "KCV-WISDOM: first call")
    (call)
    (check "wisdom: the helper ends and removes its marker" (wait-for-helpers 120))
    (gimp-message "KCV-WISDOM: second call")
    (call)
    (gimp-message "KCV-WISDOM: end")
    (gimp-image-delete img)))

; ---------------------------------------------------------------- run everything

; kcv-groups "pixels" (the runner's second session, without kcv:convolve) runs only the groups
; whose pixels may take the other way; a group's name runs that group alone.
(define (kcv-run-suite)
  (for-each
   (lambda (group)
     (let* ((t0 (gettimeofday))
            (err (and (or (equal? kcv-groups "all") (equal? kcv-groups (car group))
                          (and (equal? kcv-groups "pixels") (caddr group)))
                      (kcv-try (cadr group))))
            (t1 (gettimeofday)))
       (if err (kcv-tap #f (string-append (car group) " group finished") err))
       ; CPU use is the runner's business; this says where a slow suite spends its time.
       (display (string-append "KCV-TIME: " (car group) " "
                               (num->str (+ (* 1000 (- (car t1) (car t0)))
                                            (quotient (- (cadr t1) (cadr t0)) 1000)))
                               " ms"))
       (newline)))
   (list (list "known kernels" known-kernel-checks #t)
         (list "random kernels" random-kernel-checks #t)
         (list "alpha weighting" alpha-weighting-checks #t)
         (list "alpha under zero-sum kernels" zero-sum-alpha-checks #t)
         (list "precisions" precision-checks #t)
         (list "selection" selection-checks #t)
         (list "bad arguments" bad-argument-checks #f)
         (list "locks" lock-checks #f)
         (list "several drawables" several-drawables-checks #t)
         (list "file and layer" file-and-layer-checks #f)
         (list "last values" last-values-checks #f)
         (list "non-destructive filter" editable-checks #t)
         (list "gegl:convolution-matrix" convolution-matrix-checks #f)
         (list "deconvolution" deconvolution-checks #f)
         (list "FFTW wisdom" wisdom-checks #f)))
  (display "KCV-TAP-DONE")
  (newline))

(kcv-run-suite)

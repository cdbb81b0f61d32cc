; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: end-to-end checks of the plug-in in real GIMP (Script-Fu, one line per check for TAP).
;
; Run by run-gimp-tests.sh, which defines kcv-test-dir (a scratch folder with in/ and out/)
; and kcv-tests-dir (the tests/ folder) before loading this file. Each check is reported with gimp-message as
;   KCV-TAP: ok - NAME        or        KCV-TAP: not ok - NAME # DETAIL
; and the runner numbers them. Expected values come from a naive reference written here
; (8-bit values, perceptual, rounded to nearest), or from GIMP's own plug-in-convmatrix.

(load (string-append kcv-tests-dir "/plugin/kcv-gimp2.scm"))

; ---------------------------------------------------------------- kernels

(define box3 #(1 1 1 1 1 1 1 1 1))
(define shift-right #(0 0 0 0 0 1 0 0 0)) ; out(x, y) = in(x + 1, y)
; An 11x11 kernel of pseudo-random weights in -3..8 (full rank, so not separable).
(define random11
  (let ((v (make-vector 121 0)) (x 12345))
    (for-each (lambda (i)
                (set! x (modulo (+ (* x 1103515245) 12345) 2147483648))
                (vector-set! v i (- (modulo (quotient x 65536) 12) 3)))
              (range 121))
    v))
(define kernel5 #(1 2 0 -1 3  2 4 1 0 1  0 1 6 2 -2  1 0 2 5 1  3 -1 1 2 4))

(define (convolve img layer kw kh k divisor offset border method channels alpha linear)
  (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer kw kh (* kw kh) k divisor offset border
                        method channels alpha linear))

; ---------------------------------------------------------------- known kernels

(define (check-kernel name w h base type ch k kw kh divisor offset border method channels
                      chans)
  (let* ((il (make-image w h base type ch pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern w h k kw kh divisor offset border chans))
         (err (kcv-try (lambda () (convolve img layer kw kh k divisor offset border method
                                            channels 0 0)))))
    (check name (or err (compare-layer layer w h ch want 0)))
    (gimp-image-delete img)))

(define (known-kernel-checks)
  (check-kernel "identity 3x3 on RGBA leaves every pixel" 6 5 RGB RGBA-IMAGE 4
                #(0 0 0 0 1 0 0 0 0) 3 3 0 0 0 1 0 '(0 1 2 3))
  (check-kernel "box 3x3 on RGB equals the hand-computed mean" 6 5 RGB RGB-IMAGE 3
                box3 3 3 0 0 0 1 0 '(0 1 2))
  (check-kernel "box 3x3 on grey" 6 5 GRAY GRAY-IMAGE 1 box3 3 3 0 0 0 1 0 '(0))
  (check-kernel "box 3x3 on grey+alpha" 6 5 GRAY GRAYA-IMAGE 2 box3 3 3 0 0 0 1 0 '(0 1))
  (check-kernel "shift kernel moves the image one pixel left" 6 5 RGB RGB-IMAGE 3
                shift-right 3 3 0 0 0 1 0 '(0 1 2))
  (check-kernel "divisor 7 and offset 0.2" 6 5 RGB RGB-IMAGE 3 box3 3 3 7 0.2 0 1 0 '(0 1 2))
  (check-kernel "channels 1 convolves red only" 6 5 RGB RGB-IMAGE 3 box3 3 3 0 0 0 1 1 '(0))
  (check-kernel "channels 10 convolves green and alpha" 6 5 RGB RGBA-IMAGE 4 box3 3 3 0 0 0
                1 10 '(1 3))
  (for-each
   (lambda (border)
     (check-kernel (string-append "5x1 shift by 2 with border-mode " (num->str border))
                   7 3 RGB RGB-IMAGE 3 #(0 0 0 0 1) 5 1 1 0 border 1 0 '(0 1 2)))
   '(0 1 2 3))
  ; kernel5 sums to 38: divisor 37 keeps results off exact halves.
  (check-kernel "5x5 kernel with clamp, method auto" 9 8 RGB RGB-IMAGE 3 kernel5 5 5 37 0 0 0 0
                '(0 1 2))
  (check-kernel "5x5 kernel with wrap, method fft" 9 8 RGB RGB-IMAGE 3 kernel5 5 5 37 0 1 2 0
                '(0 1 2))
  (check-kernel "5x5 kernel with mirror, method im2col" 9 8 RGB RGB-IMAGE 3 kernel5 5 5 37 0 2 4
                0 '(0 1 2))
  (check-kernel "5x5 kernel with transparent, method direct" 9 8 RGB RGB-IMAGE 3 kernel5 5 5 37
                0 3 1 0 '(0 1 2))
  (check-kernel "separable 5x3 kernel, method separable" 9 8 RGB RGB-IMAGE 3
                #(1 2 3 2 1  2 4 6 4 2  1 2 3 2 1) 5 3 0 0 0 3 0 '(0 1 2))
  (check-kernel "even-sized 2x2 kernel anchored at its top left" 6 5 RGB RGB-IMAGE 3
                #(1 1 1 1) 2 2 3 0 0 1 0 '(0 1 2))
  (check-kernel "11x11 random kernel, method fft, mirror" 13 12 RGB RGB-IMAGE 3 random11 11 11
                (+ (* 2 (kernel-sum random11)) 1) 0 2 2 0 '(0 1 2))
  (check-kernel "kernel larger than the image (9x9 on 4x3, wrap)" 4 3 RGB RGB-IMAGE 3
                (make-vector 81 1) 9 9 0 0 1 0 0 '(0 1 2)))

; ---------------------------------------------------------------- alpha weighting

(define (alpha-weighting-checks)
  (let* ((f (lambda (x y c) (if (= x 0) (list-ref '(255 0 0 0) c) (list-ref '(0 0 255 255) c))))
         (il (make-image 3 1 RGB RGBA-IMAGE 4 f))
         (img (car il)) (layer (cadr il))
         (err (kcv-try (lambda () (convolve img layer 3 1 #(1 1 1) 0 0 0 1 0 1 0))))
         (px (vector->list (cadr (gimp-drawable-get-pixel layer 1 0)))))
    (check "alpha-weighting 1: a transparent red pixel does not bleed into blue"
           (or err (if (and (= (car px) 0) (= (caddr px) 255)) #f
                       (string-append "middle pixel red " (num->str (car px)) " blue "
                                      (num->str (caddr px)) ", want 0 and 255"))))
    (gimp-image-delete img))
  (let* ((f (lambda (x y c) (if (= x 0) (list-ref '(255 0 0 0) c) (list-ref '(0 0 255 255) c))))
         (il (make-image 3 1 RGB RGBA-IMAGE 4 f))
         (img (car il)) (layer (cadr il))
         (err (kcv-try (lambda () (convolve img layer 3 1 #(1 1 1) 0 0 0 1 0 0 0))))
         (px (vector->list (cadr (gimp-drawable-get-pixel layer 1 0)))))
    (check "alpha-weighting 0: straight colours are averaged (red 85)"
           (or err (if (= (car px) 85) #f
                       (string-append "middle pixel red " (num->str (car px)) ", want 85"))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- precisions

(define (precision-checks)
  (for-each
   (lambda (p)
     (let ((label (car p)) (precision (cadr p)) (tol (caddr p)))
       ; A 0.5 tap on grey 200: 100 on perceptual values, 146 in linear light.
       (for-each
        (lambda (linear)
          (let* ((r (at-precision 4 3 RGB RGB-IMAGE 3 (lambda (x y c) 200) precision
                                  (lambda (img layer)
                                    (convolve img layer 1 1 #(0.5) 1 0 0 1 0 0 linear))))
                 (want (if (= linear 0) 100 146)))
            (check (string-append label ": a 0.5 tap on 200 with linear " (num->str linear)
                                  " gives " (num->str want))
                   (or (caddr r) (compare-layer (cadr r) 4 3 3 (lambda (x y c) want) 2)))
            (gimp-image-delete (car r))))
        '(0 1))
       (let* ((want (reference bright-pattern 6 5 box3 3 3 0 0 0 '(0 1 2 3)))
              (r (at-precision 6 5 RGB RGBA-IMAGE 4 bright-pattern precision
                               (lambda (img layer)
                                 (convolve img layer 3 3 box3 0 0 0 1 0 0 0)))))
         (check (string-append label ": box 3x3 on RGBA")
                (or (caddr r) (compare-layer (cadr r) 6 5 4 want tol)))
         (gimp-image-delete (car r)))
       (let* ((want (reference bright-pattern 6 5 box3 3 3 0 0 0 '(0)))
              (r (at-precision 6 5 GRAY GRAY-IMAGE 1 bright-pattern precision
                               (lambda (img layer)
                                 (convolve img layer 3 3 box3 0 0 0 1 0 0 0)))))
         (check (string-append label ": box 3x3 on grey")
                (or (caddr r) (compare-layer (cadr r) 6 5 1 want tol)))
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
           (err (kcv-try (lambda () (convolve img layer 3 3 box3 0 0 0 1 0 0 0)))))
      (check "selection missing the layer: no error, nothing changed"
             (cond (err err)
                   ((not (equal? before (snapshot layer 8 6))) "the layer changed")
                   (else #f))))
    (gimp-image-delete img))
  (let* ((il (make-image 8 6 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern 8 6 box3 3 3 0 0 0 '(0 1 2))))
    (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 2 1 4 3)
    (let ((err (kcv-try (lambda () (convolve img layer 3 3 box3 0 0 0 1 0 0 0)))))
      (check "selection: outside pixels identical, inside ones fed by the outside"
             (or err
                 (compare-layer layer 8 6 3
                                (lambda (x y c)
                                  (if (and (>= x 2) (< x 6) (>= y 1) (< y 4))
                                      (want x y c)
                                      (pattern x y c)))
                                0))))
    (gimp-image-delete img))
  ; A feathered selection blends: fully selected pixels get the result, unselected ones
  ; stay, pixels on the feather lie between the two.
  (let* ((il (make-image 16 12 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern 16 12 box3 3 3 0 0 0 '(0 1 2))))
    (gimp-context-set-feather TRUE)
    (gimp-context-set-feather-radius 4 4)
    (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 4 3 8 6)
    (gimp-context-set-feather FALSE)
    (let* ((err (kcv-try (lambda () (convolve img layer 3 3 box3 0 0 0 1 0 0 0))))
           (bad #f))
      (if (not err)
          (for-each
           (lambda (y)
             (for-each
              (lambda (x)
                (let ((g (car (vector->list (cadr (gimp-drawable-get-pixel layer x y)))))
                      (o (pattern x y 0))
                      (r (want x y 0))
                      (sel (car (gimp-selection-value img x y))))
                  (if (not (and (>= g (- (min o r) 1)) (<= g (+ (max o r) 1))
                                (or (< sel 255) (<= (abs (- g r)) 1))
                                (or (> sel 0) (= g o))))
                      (set! bad (string-append "pixel (" (num->str x) "," (num->str y)
                                               ") selection " (num->str sel) ": got "
                                               (num->str g) ", original " (num->str o)
                                               ", convolved " (num->str r))))))
              (range 16)))
           (range 12)))
      (check "feathered selection blends the result with the original" (or err bad)))
    (gimp-image-delete img))
  ; A layer mask keeps its own (linear Y) model: values stay as painted.
  (let* ((il (make-image 6 5 RGB RGBA-IMAGE 4 pattern))
         (img (car il)) (layer (cadr il))
         (mask (car (gimp-layer-create-mask layer ADD-MASK-WHITE))))
    (gimp-layer-add-mask layer mask)
    (fill-layer mask 6 5 1 pattern)
    (let ((err (kcv-try (lambda () (convolve img mask 3 3 box3 0 0 0 1 0 0 0))))
          (want (reference pattern 6 5 box3 3 3 0 0 0 '(0))))
      (check "layer mask: box 3x3 on its own values" (or err (compare-layer mask 6 5 1 want 0))))
    (gimp-image-delete img))
  (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (img (car il))
         (chan (car (gimp-channel-new img 6 5 "kcv-channel" 100 '(0 0 0)))))
    (gimp-image-insert-channel img chan 0 0)
    (fill-layer chan 6 5 1 pattern)
    (let ((err (kcv-try (lambda () (convolve img chan 3 3 box3 0 0 0 1 0 0 0))))
          (want (reference pattern 6 5 box3 3 3 0 0 0 '(0))))
      (check "channel: box 3x3 on its own values" (or err (compare-layer chan 6 5 1 want 0))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- bad arguments

(define (bad-argument-checks)
  (let* ((il (make-image 5 4 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (other (make-image 3 3 RGB RGB-IMAGE 3 pattern))
         (grey (make-image 5 4 GRAY GRAY-IMAGE 1 pattern))
         (bad-mat (string-append kcv-test-dir "/bad.mat")))
    (let ((port (open-output-file bad-mat)))
      (display "3 3\n1 2 3\n4 5\n" port)
      (close-output-port port))
    (expect-error "num-weights 8 for 3x3" "num-weights"
                  (lambda (i l) (plug-in-kcv-convolve RUN-NONINTERACTIVE i l 3 3 8
                                                      (make-vector 8 1) 0 0 0 0 0 0 0))
                  img layer 5 4)
    (expect-error "num-weights 10 for 3x3" "num-weights"
                  (lambda (i l) (plug-in-kcv-convolve RUN-NONINTERACTIVE i l 3 3 10
                                                      (make-vector 10 1) 0 0 0 0 0 0 0))
                  img layer 5 4)
    (expect-error "kernel-width 0" "kernel-width"
                  (lambda (i l) (plug-in-kcv-convolve RUN-NONINTERACTIVE i l 0 3 0 #() 0 0 0 0 0
                                                      0 0))
                  img layer 5 4)
    (expect-error "kernel-width 1026" "kernel-width"
                  (lambda (i l) (plug-in-kcv-convolve RUN-NONINTERACTIVE i l 1026 1 1026
                                                      (make-vector 1026 1) 0 0 0 0 0 0 0))
                  img layer 5 4)
    (expect-error "kernel-height -3" "kernel-height"
                  (lambda (i l) (plug-in-kcv-convolve RUN-NONINTERACTIVE i l 1 -3 1 #(1) 0 0 0 0
                                                      0 0 0))
                  img layer 5 4)
    (expect-error "a NaN weight" "weights"
                  (lambda (i l) (convolve i l 3 3 (vector 1 1 1 1 nan 1 1 1 1) 0 0 0 0 0 0 0))
                  img layer 5 4)
    (expect-error "a weight of 1e300 is out of range, and says the range" "weights range from"
                  (lambda (i l) (convolve i l 3 3 (vector 1 1 1 1 1e300 1 1 1 1) 0 0 0 0 0 0 0))
                  img layer 5 4)
    ; Script-Fu passes weights as single floats: 1e-46 arrives as 0.
    (expect-error "weights of 1e-46 would become 0 and are refused, not a black image"
                  "smaller than 1.4013e-45"
                  (lambda (i l) (convolve i l 3 3 (make-vector 9 1e-46) 0 0 0 0 0 0 0))
                  img layer 5 4)
    (expect-error "an offset of 1e31 is out of range, and says the range" "out of range"
                  (lambda (i l) (convolve i l 3 3 box3 0 1e31 0 0 0 0 0)) img layer 5 4)
    (expect-error "NaN divisor" "divisor"
                  (lambda (i l) (convolve i l 3 3 box3 nan 0 0 0 0 0 0)) img layer 5 4)
    (expect-error "NaN offset" "offset"
                  (lambda (i l) (convolve i l 3 3 box3 0 nan 0 0 0 0 0)) img layer 5 4)
    (expect-error "border-mode 4" "border-mode"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 4 0 0 0 0)) img layer 5 4)
    (expect-error "border-mode -1" "border-mode"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 -1 0 0 0 0)) img layer 5 4)
    (expect-error "method 5" "method"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 0 5 0 0 0)) img layer 5 4)
    (expect-error "method separable on a full-rank 11x11 kernel" "method"
                  (lambda (i l) (convolve i l 11 11 random11 0 0 0 3 0 0 0)) img layer 5 4)
    (expect-error "channels 16" "channels"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 0 0 16 0 0)) img layer 5 4)
    (expect-error "channels 8 on a layer without alpha" "channels"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 0 0 8 0 0)) img layer 5 4)
    (expect-error "channels 2 on a grey layer" "channels"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 0 0 2 0 0)) (car grey) (cadr grey) 5 4)
    (expect-error "alpha-weighting 2" "alpha-weighting"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 0 0 0 2 0)) img layer 5 4)
    (expect-error "linear -1" "linear"
                  (lambda (i l) (convolve i l 3 3 box3 0 0 0 0 0 0 -1)) img layer 5 4)
    (expect-error "file: missing file" "filename"
                  (lambda (i l) (plug-in-kcv-convolve-file RUN-NONINTERACTIVE i l
                                                           "/nonexistent/k.mat" 0 0 0 0 0))
                  img layer 5 4)
    (expect-error "file: malformed file" "filename"
                  (lambda (i l) (plug-in-kcv-convolve-file RUN-NONINTERACTIVE i l bad-mat 0 0 0
                                                           0 0))
                  img layer 5 4)
    (expect-error "file: border-mode 9" "border-mode"
                  (lambda (i l) (plug-in-kcv-convolve-file RUN-NONINTERACTIVE i l bad-mat 9 0 0
                                                           0 0))
                  img layer 5 4)
    (expect-error "layer: kernel-drawable of another image" "kernel-drawable"
                  (lambda (i l) (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE i l (cadr other) 1
                                                            0 0 0 0 0))
                  img layer 5 4)
    (expect-error "layer: normalise 3" "normalise"
                  (lambda (i l) (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE i l l 3 0 0 0 0 0))
                  img layer 5 4)
    (let ((black (car (gimp-layer-new img 3 3 RGB-IMAGE "black" 100 LAYER-MODE-NORMAL))))
      (gimp-image-insert-layer img black 0 1)
      (fill-layer black 3 3 3 (lambda (x y c) 0))
      (expect-error "layer: an all-black kernel-drawable" "kernel-drawable"
                    (lambda (i l) (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE i l black 1 0 0 0
                                                              0 0))
                    img layer 5 4)
      (gimp-image-remove-layer img black))
    (let ((group (car (gimp-layer-group-new img))))
      (gimp-image-insert-layer img group 0 0)
      (expect-error "a layer group is refused" "layer group"
                    (lambda (i l) (convolve i group 3 3 box3 0 0 0 0 0 0 0)) img layer 5 4)
      (gimp-image-remove-layer img group))
    (gimp-image-delete (car other))
    (gimp-image-delete (car grey))
    (gimp-image-delete img))
  ; Indexed images arrive from scripts despite the registered image types.
  (let* ((il (make-image 5 4 RGB RGB-IMAGE 3 pattern))
         (img (car il)))
    (gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE
                                "")
    (let ((layer (car (gimp-image-get-active-drawable img))))
      (expect-error "an indexed drawable is refused, telling to convert to RGB" "RGB"
                    (lambda (i l) (convolve i l 3 3 box3 0 0 0 0 0 0 0)) img layer 5 4))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- locks

; "Lock pixels" on the layer, on its group, or on the layer of a mask: refused up front with a
; message saying what to unlock, the pixels unchanged (GIMP would refuse to merge the result and
; the call used to report success). "Lock position" does not matter to a filter.
(define (lock-checks)
  (let* ((il (make-image 5 4 RGB RGBA-IMAGE 4 pattern))
         (img (car il)) (layer (cadr il))
         (mask (car (gimp-layer-create-mask layer ADD-MASK-WHITE)))
         (group (car (gimp-layer-group-new img)))
         (want (reference pattern 5 4 shift-right 3 3 0 0 0 '(0 1 2 3))))
    (gimp-layer-add-mask layer mask)
    (gimp-item-set-lock-content layer TRUE)
    (expect-error "a content-locked layer is refused" "locked"
                  (lambda (i l) (convolve i l 3 3 shift-right 0 0 0 0 0 0 0)) img layer 5 4)
    (expect-error "the mask of a content-locked layer is refused" "locked"
                  (lambda (i l) (convolve i mask 3 3 shift-right 0 0 0 0 0 0 0)) img layer 5 4)
    (gimp-item-set-lock-content layer FALSE)
    (gimp-image-insert-layer img group 0 0)
    (gimp-image-reorder-item img layer group 0)
    (gimp-item-set-lock-content group TRUE)
    (expect-error "a layer inside a content-locked group is refused" "locked"
                  (lambda (i l) (convolve i l 3 3 shift-right 0 0 0 0 0 0 0)) img layer 5 4)
    (gimp-item-set-lock-content group FALSE)
    (gimp-item-set-lock-position layer TRUE)
    (let ((err (kcv-try (lambda () (convolve img layer 3 3 shift-right 0 0 0 0 0 0 0)))))
      (check "a position-locked layer is convolved"
             (or err (compare-layer layer 5 4 4 want 0))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- alpha under zero-sum kernels

; With the default channels (0, all), a kernel whose weights sum to 0 (edges, Laplacian, Sobel,
; emboss) leaves alpha as it is: convolving it would turn an opaque layer's alpha into 0 (an
; invisible result) or into the offset. Asked for explicitly (channels 15), alpha is convolved.
(define (zero-sum-alpha-checks)
  (for-each
   (lambda (case)
     (let* ((offset (car case)) (aw (cadr case))
            (il (make-image 7 6 RGB RGBA-IMAGE 4 opaque-pattern))
            (want (reference opaque-pattern 7 6 laplacian 3 3 0 offset 0 '(0 1 2)))
            (err (kcv-try (lambda () (convolve (car il) (cadr il) 3 3 laplacian 0 offset 0 0 0 aw
                                               0)))))
       (check (string-append "zero-sum kernel, all channels, offset " (num->str (* offset 255))
                             "/255, alpha weighting " (num->str aw)
                             ": colours as the reference, alpha unchanged (opaque)")
              (or err (compare-layer (cadr il) 7 6 4 want 0)))
       (gimp-image-delete (car il))))
   (list (list 0 0) (list (/ 128 255) 0) (list 0 1) (list (/ 128 255) 1)))
  (let* ((il (make-image 7 6 RGB RGBA-IMAGE 4 opaque-pattern))
         (want (reference opaque-pattern 7 6 laplacian 3 3 0 0 0 '(0 1 2 3)))
         (err (kcv-try (lambda () (convolve (car il) (cadr il) 3 3 laplacian 0 0 0 0 15 0 0)))))
    (check "zero-sum kernel, channels 15 (alpha asked for): alpha convolved, as GIMP does"
           (or err (compare-layer (cadr il) 7 6 4 want 0)))
    (gimp-image-delete (car il)))
  ; GIMP's Convolution Matrix convolves alpha when its Alpha box is ticked (alpha 0 here); with
  ; it unticked it gives what kcv's default gives.
  (let* ((a (make-image 7 6 RGB RGBA-IMAGE 4 opaque-pattern))
         (b (make-image 7 6 RGB RGBA-IMAGE 4 opaque-pattern))
         (k5 #(0 0 0 0 0  0 0 1 0 0  0 1 -4 1 0  0 0 1 0 0  0 0 0 0 0))
         (err1 (kcv-try (lambda () (convolve (car a) (cadr a) 3 3 laplacian 0 0 0 0 0 0 0))))
         (err2 (kcv-try (lambda () (plug-in-convmatrix RUN-NONINTERACTIVE (car b) (cadr b) 25
                                                       (transpose5 k5) 0 1 0 5 #(1 1 1 1 0) 0)))))
    (check "zero-sum kernel, default channels: agrees with plug-in-convmatrix with Alpha unticked"
           (or err1 err2 (compare-layer (cadr a) 7 6 4 (snap-fn (snapshot (cadr b) 7 6) 7) 1)))
    (gimp-image-delete (car a))
    (gimp-image-delete (car b))))

; ---------------------------------------------------------------- GIMP's own convolution

(define (transpose5 k)
  (let ((t (make-vector 25 0)))
    (for-each (lambda (i) (vector-set! t (+ (* (modulo i 5) 5) (quotient i 5)) (vector-ref k i)))
              (range 25))
    t))

(define (convmatrix-checks)
  (for-each
   (lambda (border)
     (let* ((k #(1 2 0 1 3  2 4 1 0 1  0 1 6 2 2  1 0 2 5 1  3 1 1 2 4))
            (a (make-image 9 8 RGB RGB-IMAGE 3 pattern))
            (b (make-image 9 8 RGB RGB-IMAGE 3 pattern))
            (err1 (kcv-try (lambda () (convolve (car a) (cadr a) 5 5 k 0 0 border 0 0 0 0))))
            (err2 (kcv-try (lambda ()
                             (plug-in-convmatrix RUN-NONINTERACTIVE (car b) (cadr b) 25
                                                 (transpose5 k) 0 (kernel-sum k) 0 5
                                                 #(1 1 1 1 1) border)))))
       (check (string-append "5x5 kernel agrees with plug-in-convmatrix within 1, border "
                             (num->str border))
              (or err1 err2
                  (compare-layer (cadr a) 9 8 3 (snap-fn (snapshot (cadr b) 9 8) 9) 1)))
       (gimp-image-delete (car a))
       (gimp-image-delete (car b))))
   '(0 1)))

; ---------------------------------------------------------------- -file and -layer variants

(define (file-and-layer-checks)
  (let* ((path (string-append kcv-test-dir "/kernel5.mat"))
         (il (make-image 9 8 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (want (reference pattern 9 8 kernel5 5 5 21 0 0 '(0 1 2))))
    (write-mat path 5 5 kernel5 21 0)
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-file RUN-NONINTERACTIVE img layer path
                                                              0 0 0 0 0)))))
      (check "file: a .mat kernel with its scale gives the reference"
             (or err (compare-layer layer 9 8 3 want 0))))
    (gimp-image-delete img))
  ; .mat offsets are in 8-bit units (libvips): an emboss with offset 128 turns flat grey 100
  ; into 128, and a pattern into the reference with offset 128/255 of full scale.
  (let* ((path (string-append kcv-test-dir "/emboss.mat"))
         (emboss #(-1 -1 0 -1 0 1 0 1 1))
         (flat (make-image 6 5 RGB RGB-IMAGE 3 (lambda (x y c) 100)))
         (pat (make-image 7 6 RGB RGB-IMAGE 3 pattern))
         (want (reference pattern 7 6 emboss 3 3 1 (/ 128 255) 0 '(0 1 2))))
    (write-mat path 3 3 emboss 1 128)
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-file RUN-NONINTERACTIVE (car flat)
                                                              (cadr flat) path 0 1 0 0 0)))))
      (check "file: an emboss .mat with offset 128 turns flat grey 100 into 128"
             (or err (compare-layer (cadr flat) 6 5 3 (lambda (x y c) 128) 0))))
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-file RUN-NONINTERACTIVE (car pat)
                                                              (cadr pat) path 0 1 0 0 0)))))
      (check "file: .mat offset 128 is 128/255 of full scale on a pattern"
             (or err (compare-layer (cadr pat) 7 6 3 want 0))))
    (gimp-image-delete (car flat))
    (gimp-image-delete (car pat)))
  ; The same emboss as a Photoshop Custom filter (tests/kernels/data/emboss.acf, offset 128).
  (let* ((acf (string-append kcv-test-dir "/emboss.acf"))
         (flat (make-image 6 5 RGB RGB-IMAGE 3 (lambda (x y c) 100)))
         (err (kcv-try (lambda () (plug-in-kcv-convolve-file RUN-NONINTERACTIVE (car flat)
                                                             (cadr flat) acf 0 1 0 0 0)))))
    (check "file: an emboss .acf with offset 128 turns flat grey 100 into 128"
           (or err (compare-layer (cadr flat) 6 5 3 (lambda (x y c) 128) 0)))
    (gimp-image-delete (car flat)))
  ; A plus-shaped kernel painted white on black; normalised it is the mean of 5 pixels.
  (let* ((il (make-image 7 6 RGB RGB-IMAGE 3 pattern))
         (img (car il)) (layer (cadr il))
         (kl (car (gimp-layer-new img 3 3 RGB-IMAGE "kernel" 100 LAYER-MODE-NORMAL)))
         (plus #(0 1 0 1 1 1 0 1 0))
         (want (reference pattern 7 6 plus 3 3 0 0 0 '(0 1 2))))
    (gimp-image-insert-layer img kl 0 1)
    (fill-layer kl 3 3 3 (lambda (x y c) (* 255 (vector-ref plus (+ (* y 3) x)))))
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE img layer kl 1
                                                               0 0 0 0 0)))))
      (check "layer: a painted plus shape, normalised, gives the 5-pixel mean"
             (or err (compare-layer layer 7 6 3 want 1))))
    (gimp-image-delete img))
  (layer-orientation-checks))

; A kernel layer shows what a point of light becomes: an L drawn in the top-left of a 5x5
; layer, applied to a single white pixel, comes out as the same L (true convolution), where
; the same weights typed in come out turned by 180 degrees (correlation, as displayed).
(define (ell x y) (if (or (and (= x 0) (<= y 3)) (and (= y 3) (<= x 2))) 255 0))

(define (layer-orientation-checks)
  (let* ((dot (lambda (x y c) (if (and (= x 4) (= y 4)) 255 0)))
         (il (make-image 9 9 GRAY GRAY-IMAGE 1 dot))
         (img (car il)) (layer (cadr il))
         (kl (car (gimp-layer-new img 5 5 GRAY-IMAGE "L" 100 LAYER-MODE-NORMAL)))
         ; Output (4 + i - 2, 4 + j - 2) is the L's pixel (i, j), the right way up.
         (upright (lambda (x y c) (if (and (<= 2 x 6) (<= 2 y 6)) (ell (- x 2) (- y 2)) 0)))
         (turned (lambda (x y c) (if (and (<= 2 x 6) (<= 2 y 6)) (ell (- 6 x) (- 6 y)) 0)))
         (typed (list->vector (map (lambda (i) (/ (ell (modulo i 5) (quotient i 5)) 255))
                                   (range 25)))))
    (gimp-image-insert-layer img kl 0 1)
    (fill-layer kl 5 5 1 (lambda (x y c) (ell x y)))
    (let ((err (kcv-try (lambda () (plug-in-kcv-convolve-layer RUN-NONINTERACTIVE img layer kl 0
                                                               0 0 0 0 0)))))
      (check "layer: an L in a 5x5 layer on a single white pixel comes out as the L, not turned"
             (or err (compare-layer layer 9 9 1 upright 0))))
    (fill-layer layer 9 9 1 dot)
    (let ((err (kcv-try (lambda () (convolve img layer 5 5 typed 1 0 0 0 0 0 0)))))
      (check "typed kernel: the same L typed in is applied as displayed (turned on a point)"
             (or err (compare-layer layer 9 9 1 turned 0))))
    (gimp-image-delete img)))

; ---------------------------------------------------------------- last values

(define (last-values-checks)
  (let* ((a (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (b (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (want (reference pattern 6 5 shift-right 3 3 0 0 1 '(0 1 2)))
         (err1 (kcv-try (lambda () (convolve (car a) (cadr a) 3 3 shift-right 0 0 1 0 0 0 0))))
         ; Arguments of a with-last-values call are ignored: these would be an error.
         (err2 (kcv-try (lambda () (plug-in-kcv-convolve RUN-WITH-LAST-VALS (car b) (cadr b) 0 0
                                                         0 #() 0 0 0 0 0 0 0)))))
    (check "RUN-WITH-LAST-VALS repeats the last kernel and options"
           (or err1 err2 (compare-layer (cadr b) 6 5 3 want 0)))
    (gimp-image-delete (car a))
    (gimp-image-delete (car b)))
  ; Without a display (gimp-console) the interactive mode cannot show the dialog and
  ; repeats the last values instead.
  (let* ((c (make-image 6 5 RGB RGB-IMAGE 3 pattern))
         (want (reference pattern 6 5 shift-right 3 3 0 0 1 '(0 1 2)))
         (err (kcv-try (lambda () (plug-in-kcv-convolve RUN-INTERACTIVE (car c) (cadr c) 3 3 9
                                                        box3 0 0 0 0 0 0 0)))))
    (check "RUN-INTERACTIVE without a display uses the last values"
           (or err (compare-layer (cadr c) 6 5 3 want 0)))
    (gimp-image-delete (car c))))

; ---------------------------------------------------------------- the batch script

(define (batch-checks)
  (let ((in (string-append kcv-test-dir "/in"))
        (out (string-append kcv-test-dir "/out"))
        (mat (string-append kcv-test-dir "/box.mat"))
        (want (reference pattern 6 5 box3 3 3 0 0 0 '(0 1 2))))
    (for-each (lambda (name)
                (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern))
                       (path (string-append in "/" name)))
                  (gimp-file-save RUN-NONINTERACTIVE (car il) (cadr il) path path)
                  (gimp-image-delete (car il))))
              '("one.png" "two.png"))
    (write-mat mat 3 3 box3 9 0)
    (let* ((count #f)
           (err (kcv-try (lambda ()
                           (set! count (kcv-batch-convolve (string-append in "/*.png") mat out 0
                                                           0))))))
      (check "batch script: reports 2 images"
             (or err (if (equal? count 2) #f "it did not return 2")))
      (for-each
       (lambda (name)
         (let ((path (string-append out "/" name)))
           (check (string-append "batch script: " name " saved and convolved")
                  (or (kcv-try (lambda () (gimp-file-load RUN-NONINTERACTIVE path path)))
                      (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE path path)))
                             (d (compare-layer (car (gimp-image-get-active-drawable img)) 6 5 3
                                               want 0)))
                        (gimp-image-delete img)
                        d)))))
       '("one.png" "two.png")))))

; ---------------------------------------------------------------- run everything

(define (kcv-run-suite)
  (kcv-run-groups
   (list (list "known kernels" known-kernel-checks)
         (list "alpha weighting" alpha-weighting-checks)
         (list "precisions" precision-checks)
         (list "selection" selection-checks)
         (list "bad arguments" bad-argument-checks)
         (list "locks" lock-checks)
         (list "convmatrix" convmatrix-checks)
         (list "alpha under zero-sum kernels" zero-sum-alpha-checks)
         (list "file and layer" file-and-layer-checks)
         (list "last values" last-values-checks)
         (list "batch" batch-checks))))

(kcv-run-suite)

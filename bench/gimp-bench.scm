; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: times whole PDB calls of kcv and of GIMP's own filters in one gimp-console-2.10 session.
;
; Loaded by bench/gimp-bench.sh, which defines kcv-bench-reps (timed calls per row),
; kcv-bench-splash (GIMP's splash photo) and kcv-bench-floor (#t when bench/kcv-floor-probe is
; installed: the floor rows) first. Every row makes a fresh image and one first
; call (a new size: FFTW planning, tile cache), reported apart, then kcv-bench-reps more
; (see kcv-bench-measure), each the whole call timed with (gettimeofday). Results go out with
; gimp-message as
;   KCV-BENCH: ROW|PRECISION|FIRST-MS|MEDIAN-MS|ALL-MS...
; and gimp-bench.sh makes the table.

(define (kcv-bench-now)
  (let ((t (gettimeofday)))
    (+ (* 1000.0 (car t)) (/ (cadr t) 1000.0))))

(define (kcv-bench-sort l)
  (define (insert x s)
    (cond ((null? s) (list x))
          ((<= x (car s)) (cons x s))
          (else (cons (car s) (insert x (cdr s))))))
  (let loop ((l l) (s '()))
    (if (null? l) s (loop (cdr l) (insert (car l) s)))))

(define (kcv-bench-median l)
  (let* ((s (kcv-bench-sort l)) (n (length s)))
    (if (odd? n)
        (list-ref s (quotient n 2))
        (/ (+ (list-ref s (- (quotient n 2) 1)) (list-ref s (quotient n 2))) 2.0))))

(define (kcv-bench-ms v) (number->string (/ (round (* v 10.0)) 10.0)))

; A kernel as a vector, row-major: (f x y) for x, y in -r..r.
(define (kcv-bench-kernel r f)
  (let* ((n (+ (* 2 r) 1)) (v (make-vector (* n n) 0.0)))
    (do ((y 0 (+ y 1))) ((= y n) v)
      (do ((x 0 (+ x 1))) ((= x n))
        (vector-set! v (+ (* y n) x) (f (- x r) (- y r)))))))

(define kcv-bench-k5
  (kcv-bench-kernel 2 (lambda (x y) (+ 1.0 (modulo (+ (* 3 x) (* 7 y) 20) 5)))))
; GIMP's convmatrix takes its 5x5 matrix column-major.
(define kcv-bench-k5-columns
  (kcv-bench-kernel 2 (lambda (x y) (+ 1.0 (modulo (+ (* 3 y) (* 7 x) 20) 5)))))
(define (kcv-bench-sum v)
  (let loop ((i 0) (s 0.0)) (if (= i (vector-length v)) s (loop (+ i 1) (+ s (vector-ref v i))))))
(define kcv-bench-gauss31
  (kcv-bench-kernel 15 (lambda (x y) (exp (/ (- (+ (* x x) (* y y))) 50.0)))))
(define kcv-bench-disk101
  (kcv-bench-kernel 50 (lambda (x y) (if (<= (+ (* x x) (* y y)) 2550) 1.0 0.0))))

(define (kcv-bench-convolve img layer n k linear)
  (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer n n (* n n) k 0 0 0 0 0 1 linear))

; A w x h RGBA image with plasma in it, at the given precision.
(define (kcv-bench-image w h precision)
  (let* ((img (car (gimp-image-new w h RGB)))
         (layer (car (gimp-layer-new img w h RGBA-IMAGE "bench" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img layer 0 0)
    (plug-in-plasma RUN-NONINTERACTIVE img layer 7 2.0)
    (if (not (= precision PRECISION-U8-GAMMA))
        (gimp-image-convert-precision img precision))
    img))

;; A row: (name label make call); make gives a fresh image, call runs the PDB call on it.
(define kcv-bench-rows '())
(define (kcv-bench-row name label make call)
  (set! kcv-bench-rows (append kcv-bench-rows (list (list name label make call)))))

; Each timed call pushes its undo step, as for a user; the history is dropped after it (not
; timed): a score of images each keeping undo steps of up to 64 MB overflowed GIMP's tile
; cache into its swap file after a few rounds, and every row, GIMP's own filters as much as
; kcv, slowed as the session went on.
(define (kcv-bench-time call img)
  (let* ((t (kcv-bench-now))
         (ignored (call img (car (gimp-image-get-active-drawable img))))
         (dt (- (kcv-bench-now) t)))
    (gimp-image-undo-disable img)
    (gimp-image-undo-enable img)
    dt))

; Every row gets its own image and a first call, then kcv-bench-reps rounds
; call each row once in turn: a machine busy with other work slows every row
; of a round alike, so the ratios of the medians stay comparable.
(define (kcv-bench-measure)
  (let* ((images (map (lambda (row) ((caddr row))) kcv-bench-rows))
         (firsts (map (lambda (row img) (kcv-bench-time (cadddr row) img)) kcv-bench-rows images))
         (times (map (lambda (row) '()) kcv-bench-rows)))
    (do ((i 0 (+ i 1))) ((= i kcv-bench-reps))
      (set! times (map (lambda (row img ts) (cons (kcv-bench-time (cadddr row) img) ts))
                       kcv-bench-rows images times)))
    (for-each
     (lambda (row first ts img)
       (gimp-image-delete img)
       (gimp-message
        (string-append "KCV-BENCH: " (car row) "|" (cadr row) "|" (kcv-bench-ms first) "|"
                       (kcv-bench-ms (kcv-bench-median ts)) "|"
                       (apply string-append
                              (map (lambda (t) (string-append (kcv-bench-ms t) " ")) (reverse ts))))))
     kcv-bench-rows firsts times images)))

; The floor: a plug-in doing nothing but kcv's transfers (mode 0), and two variants of them.
(define (kcv-bench-floor-rows label make modes)
  (if kcv-bench-floor
      (for-each
       (lambda (mode)
         (kcv-bench-row (vector-ref #("floor: read + write every pixel (probe)"
                                      "floor: same through the tile iterator (probe)"
                                      "floor: read only (probe)"
                                      "floor: tile by tile, shadow tiles not fetched (probe)")
                                    mode)
                        label make (lambda (i l) (plug-in-kcv-bench-floor RUN-NONINTERACTIVE i l mode))))
       modes)))

(define (kcv-bench-precision label precision linear)
  (let ((make (lambda () (kcv-bench-image 2048 2048 precision))))
    (kcv-bench-floor-rows label make (if (= precision PRECISION-U8-GAMMA) '(0 1 2 3) '(0 3)))
    (kcv-bench-row "kcv 1x1 identity (overhead)" label make
                   (lambda (i l) (kcv-bench-convolve i l 1 #(1.0) linear)))
    (kcv-bench-row "kcv 5x5" label make
                   (lambda (i l) (kcv-bench-convolve i l 5 kcv-bench-k5 linear)))
    (kcv-bench-row "kcv 31x31 Gaussian (sigma 5)" label make
                   (lambda (i l) (kcv-bench-convolve i l 31 kcv-bench-gauss31 linear)))
    (kcv-bench-row "GIMP plug-in-convmatrix 5x5" label make
                   (lambda (i l)
                     (plug-in-convmatrix RUN-NONINTERACTIVE i l 25 kcv-bench-k5-columns 0
                                         (kcv-bench-sum kcv-bench-k5) 0 5 #(1 1 1 1 1) 0)))
    (kcv-bench-row "GIMP plug-in-gauss radius 17" label make
                   (lambda (i l) (plug-in-gauss RUN-NONINTERACTIVE i l 17 17 0)))))

(define (kcv-bench-run)
  ; The plug-in's first call in a new profile also registers it: not timed anywhere.
  (let ((img (kcv-bench-image 16 16 PRECISION-U8-GAMMA)))
    (kcv-bench-convolve img (car (gimp-image-get-active-drawable img)) 1 #(1.0) 0)
    (gimp-image-delete img))
  (kcv-bench-precision "8-bit" PRECISION-U8-GAMMA 0)
  (kcv-bench-precision "float linear" PRECISION-FLOAT-LINEAR 1)
  (let ((make (lambda () (kcv-bench-image 2048 2048 PRECISION-U8-GAMMA))))
    (kcv-bench-row "kcv 5x5, linear=1" "8-bit" make
                   (lambda (i l) (kcv-bench-convolve i l 5 kcv-bench-k5 1))))
  (kcv-bench-row "kcv 1x1 on 16x16 (fixed cost)" "8-bit"
                 (lambda () (kcv-bench-image 16 16 PRECISION-U8-GAMMA))
                 (lambda (i l) (kcv-bench-convolve i l 1 #(1.0) 0)))
  (kcv-bench-row "kcv 101x101 disk, splash 1920x1080" "8-bit"
                 (lambda () (car (gimp-file-load RUN-NONINTERACTIVE kcv-bench-splash
                                                 kcv-bench-splash)))
                 (lambda (i l) (kcv-bench-convolve i l 101 kcv-bench-disk101 0)))
  (kcv-bench-measure)
  (gimp-message "KCV-BENCH-DONE"))

;; bench/gimp-callgrind.scm loads the definitions above without the run.
(if (not (defined? 'kcv-bench-definitions-only)) (kcv-bench-run))

; SPDX-License-Identifier: GPL-3.0-or-later
; kcv in GIMP 3 against GIMP 3's own filters, in one GIMP session: 5x5 and a 31x31 Gaussian
; on 2048x2048 8-bit and float, each call timed REPS times, medians. Prints one line per case:
;   KCV-BENCH: case kcv-ms gegl-ms
; Loaded by bench/gimp3-bench.sh, which defines kcv-bench-reps.

(define (ms t0 t1) (+ (* 1000 (- (car t1) (car t0))) (/ (- (cadr t1) (cadr t0)) 1000)))

; Script-Fu has no sort: insertion sort of a few timings.
(define (insert x xs) (if (or (null? xs) (<= x (car xs))) (cons x xs) (cons (car xs) (insert x (cdr xs)))))
(define (sorted xs) (if (null? xs) '() (insert (car xs) (sorted (cdr xs)))))

(define (median xs)
  (let* ((v (list->vector (sorted xs))) (n (vector-length v)))
    (if (odd? n) (vector-ref v (quotient n 2))
        (/ (+ (vector-ref v (- (quotient n 2) 1)) (vector-ref v (quotient n 2))) 2))))

(define (time-calls thunk reps)
  (let loop ((i 0) (acc '()))
    (if (= i reps) (median acc)
        (let ((t0 (gettimeofday)))
          (thunk)
          (loop (+ i 1) (cons (ms t0 (gettimeofday)) acc))))))

(define (iota n) (let loop ((i (- n 1)) (acc '())) (if (< i 0) acc (loop (- i 1) (cons i acc)))))

(define k5 #(1 2 3 2 1  2 4 6 4 2  3 6 9 6 3  2 4 6 4 2  1 2 3 2 1))
(define (matrix-properties k)
  (apply append
         (map (lambda (i)
                (list (string-append (substring "abcde" (modulo i 5) (+ (modulo i 5) 1))
                                     (number->string (+ (quotient i 5) 1)))
                      (exact->inexact (vector-ref k i))))
              (iota 25))))

; A 31x31 Gaussian of sigma 5 (+-3 sigma), as gegl:gaussian-blur std-dev 5 covers.
(define sigma 5.0)
(define g31
  (let ((v (make-vector 961 0)))
    (for-each (lambda (i)
                (let ((x (- (modulo i 31) 15)) (y (- (quotient i 31) 15)))
                  (vector-set! v i (exp (- (/ (+ (* x x) (* y y)) (* 2 sigma sigma)))))))
              (iota 961))
    v))

(define (bench-image precision)
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE "/usr/share/gimp/3.0/images/gimp-splash.png"))))
    (gimp-image-undo-disable img)
    (gimp-image-scale img 2048 2048)
    (if (not (= precision PRECISION-U8-NON-LINEAR)) (gimp-image-convert-precision img precision))
    img))

(define (report name kcv gegl)
  (display (string-append "KCV-BENCH: " name " " (number->string kcv) " " (number->string gegl)))
  (newline))

(define (bench-precision label precision reps)
  (let* ((img (bench-image precision))
         (layer (vector-ref (car (gimp-image-get-layers img)) 0)))
    ; gegl:convolution-matrix and gegl:gaussian-blur work in linear light: so does kcv here.
    (report (string-append "5x5-" label)
            (time-calls (lambda () (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector layer) 5 5
                                                         k5 0 0 "clamp" "auto" 0 FALSE TRUE))
                        reps)
            (time-calls (lambda () (apply gimp-drawable-merge-new-filter
                                          (append (list layer "gegl:convolution-matrix" 0
                                                        LAYER-MODE-REPLACE 1.0)
                                                  (matrix-properties k5)
                                                  (list "normalize" TRUE "border" "clamp"))))
                        reps))
    (report (string-append "gauss31-" label)
            (time-calls (lambda () (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector layer) 31
                                                         31 g31 0 0 "clamp" "auto" 0 FALSE TRUE))
                        reps)
            (time-calls (lambda () (gimp-drawable-merge-new-filter
                                    layer "gegl:gaussian-blur" 0 LAYER-MODE-REPLACE 1.0
                                    "std-dev-x" sigma "std-dev-y" sigma "filter" "auto"
                                    "abyss-policy" "clamp"))
                        reps))
    (gimp-image-delete img)))

(bench-precision "8bit" PRECISION-U8-NON-LINEAR kcv-bench-reps)
(bench-precision "float" PRECISION-FLOAT-NON-LINEAR kcv-bench-reps)
(display "KCV-BENCH-DONE")
(newline)

; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: what every Script-Fu suite shares, in GIMP 2.10 and GIMP 3 alike: reporting, small
; helpers, the test pattern, layer comparison and the float64 reference.
;
; Loaded by each suite after the runner defines kcv-tests-dir, and after the suite defines
; the few things its GIMP spells its own way:
;   (kcv-say TEXT)          print one line the runner reads (gimp-message, or display)
;   (snapshot LAYER W H)    every pixel as a vector (index y*w+x) of byte lists

; ---------------------------------------------------------------- reporting

; Each check is one line, KCV-TAP: ok - NAME or KCV-TAP: not ok - NAME # DETAIL; the
; runner numbers them.
(define (kcv-tap ok name detail)
  (kcv-say (string-append "KCV-TAP: " (if ok "ok" "not ok") " - " name
                          (if (or ok (equal? detail "")) "" (string-append " # " detail)))))

; (check NAME DETAIL): DETAIL is #f for a pass, else a string saying what differs.
(define (check name detail)
  (kcv-tap (not detail) name (if detail detail "")))

; ---------------------------------------------------------------- small helpers

(define (range n)
  (let loop ((i (- n 1)) (acc '()))
    (if (< i 0) acc (loop (- i 1) (cons i acc)))))

(define (string-has? hay needle)
  (let ((n (string-length needle)) (h (string-length hay)))
    (let loop ((i 0))
      (cond ((> (+ i n) h) #f)
            ((string=? (substring hay i (+ i n)) needle) #t)
            (else (loop (+ i 1)))))))

(define (clamp-byte v) (max 0 (min 255 v)))
(define (num->str v) (number->string v))

; Runs thunk; #f when it succeeded, else the error text GIMP gives (e.g. "Procedure
; execution of plug-in-kcv-convolve failed on invalid input arguments: ...").
(define (kcv-try thunk)
  (let ((old *error-hook*) (text #f))
    (set! *error-hook*
          (lambda args
            (set! text (if (and (pair? args) (string? (car args))) (car args) "unknown error"))
            (throw)))
    (catch #f (thunk))
    (set! *error-hook* old)
    text))

; ---------------------------------------------------------------- images

(define (pattern x y c) (modulo (+ (* x 37) (* y 91) (* c 53) 11) 256))
; Values kept away from black, for precisions that store linear 8-bit values.
(define (bright-pattern x y c) (+ 100 (modulo (pattern x y c) 156)))

(define (snap-fn snap w)
  (lambda (x y c) (list-ref (vector-ref snap (+ (* y w) x)) c)))

; The largest |layer - (want x y c)| over every pixel and channel, as (d x y c got want) for
; the first pixel in row order where it is reached; d is 0 when the layer is want.
(define (worst-pixel layer w h ch want)
  (let ((got (snapshot layer w h)) (worst (list 0 0 0 0 0 0)))
    (for-each
     (lambda (y)
       (for-each
        (lambda (x)
          (for-each
           (lambda (c)
             (let* ((g (list-ref (vector-ref got (+ (* y w) x)) c))
                    (e (want x y c))
                    (d (abs (- g e))))
               (if (> d (car worst))
                   (set! worst (list d x y c g e)))))
           (range ch)))
        (range w)))
     (range h))
    worst))

; The largest |layer - (want x y c)| over every pixel and channel.
(define (worst-error layer w h ch want) (car (worst-pixel layer w h ch want)))

; #f when every pixel of layer is within tol of (want x y c), else the worst difference.
(define (compare-layer layer w h ch want tol)
  (let ((p (worst-pixel layer w h ch want)))
    (if (<= (car p) tol)
        #f
        (string-append "pixel (" (num->str (list-ref p 1)) "," (num->str (list-ref p 2))
                       ") channel " (num->str (list-ref p 3)) ": got "
                       (num->str (list-ref p 4)) ", want " (num->str (list-ref p 5))))))

; ---------------------------------------------------------------- bad arguments and files

; thunk must fail with a message containing needle and leave layer bit-identical.
(define (expect-error name needle thunk img layer w h)
  (let* ((before (snapshot layer w h))
         (err (kcv-try (lambda () (thunk img layer))))
         (after (snapshot layer w h)))
    (check (string-append "bad argument: " name)
           (cond ((not err) "no error was raised")
                 ((not (string-has? err needle))
                  (string-append "message lacks \"" needle "\": " err))
                 ((not (equal? before after)) "the drawable changed")
                 (else #f)))))

(define nan (sqrt -1.0))

; What both GIMPs answer, word for word, for a point spread function whose weights sum to 0.
(define kcv-psf-sum-0-message
  (string-append "weights: they sum to 0, but a point spread function's weights must sum to "
                 "more than 0 (it spreads light, it does not remove it); give the blur's shape "
                 "with weights of 0 or more, for example 1 where the light went and 0 "
                 "elsewhere."))

; A kernel k (row-major, w x h) as a .mat file: "w h scale offset", then one line a row.
(define (write-mat path w h k scale offset)
  (let ((port (open-output-file path)))
    (display (string-append (num->str w) " " (num->str h) " " (num->str scale) " "
                            (num->str offset) "\n") port)
    (for-each (lambda (j)
                (for-each (lambda (i)
                            (display (num->str (vector-ref k (+ (* j w) i))) port)
                            (display " " port))
                          (range w))
                (newline port))
              (range h))
    (close-output-port port)))

; ---------------------------------------------------------------- the reference

; mode: the border as GIMP 2.10's PDB numbers it (0 clamp, 1 wrap, 2 mirror, 3 transparent)
; or as GIMP 3 names it ("clamp", "wrap", "mirror", "transparent").
(define (border-index i n mode)
  (cond ((and (>= i 0) (< i n)) i)
        ((member mode '(0 "clamp")) (if (< i 0) 0 (- n 1)))
        ((member mode '(1 "wrap")) (modulo i n))
        ((member mode '(2 "mirror")) (let* ((p (* 2 n)) (m (modulo i p))) (if (< m n) m (- p 1 m))))
        (else -1)))

(define (kernel-sum k) (apply + (vector->list k)))

; Correlation of src (x y c -> 0..255) with kernel k (row-major, kw x kh, anchor at
; (kw-1)/2, (kh-1)/2 as the core's) as plug-in-kcv-convolve computes it on 8-bit values with
; linear light and alpha weighting off, in float64. chans lists the convolved channels;
; divisor 0 is automatic.
(define (reference src w h k kw kh divisor offset mode chans)
  (let* ((s (kernel-sum k))
         (div (if (= divisor 0) (if (= s 0) 1 s) divisor))
         (ax (quotient (- kw 1) 2)) (ay (quotient (- kh 1) 2)))
    (lambda (x y c)
      (if (not (memv c chans))
          (src x y c)
          (let ((sum 0))
            (for-each
             (lambda (j)
               (let ((sy (border-index (+ y j (- ay)) h mode)))
                 (for-each
                  (lambda (i)
                    (let ((sx (border-index (+ x i (- ax)) w mode)))
                      (if (and (>= sx 0) (>= sy 0))
                          (set! sum (+ sum (* (vector-ref k (+ (* j kw) i)) (src sx sy c)))))))
                  (range kw))))
             (range kh))
            ; Nearest, halves up, as babl converts float to 8 bits. Callers pick divisors
            ; that make exact halves impossible, so float rounding cannot flip one.
            (clamp-byte (floor (+ (/ sum div) (* offset 255) 0.5))))))))

; ---------------------------------------------------------------- alpha under zero-sum kernels

; A zero-sum kernel, and an opaque layer under it: with the default channels alpha stays 255.
(define laplacian #(0 1 0 1 -4 1 0 1 0))
(define (opaque-pattern x y c) (if (= c 3) 255 (pattern x y c)))

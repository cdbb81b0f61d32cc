; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: end-to-end checks of plug-in-kcv-deconvolve in real GIMP (Script-Fu, TAP lines).
;
; Run by run-gimp-tests.sh like kcv-suite.scm, with the same reporting and helpers.

(load (string-append kcv-tests-dir "/plugin/kcv-gimp2.scm"))

; ---------------------------------------------------------------- deconvolution

(define (deconvolve img layer kw kh k method iterations reg border channels linear)
  (plug-in-kcv-deconvolve RUN-NONINTERACTIVE img layer kw kh (* kw kh) k method iterations reg
                          border channels linear))

; An asymmetric PSF (as displayed) with a strong centre, so the inverse is well posed, and
; the same picture rotated by 180 degrees: plug-in-kcv-convolve applies a kernel as
; displayed like Convolution Matrix (a correlation), so the PSF's blur is the rotated one.
(define psf #(0.05 0.1 0 0 0.6 0.15 0 0 0.1))
(define psf-rotated #(0.1 0 0 0.15 0.6 0 0 0.1 0.05))

; A 12 x 10 RGB pattern blurred by psf with wrap borders; returns (image layer).
(define (blurred-pattern)
  (let* ((il (make-image 12 10 RGB RGB-IMAGE 3 pattern)))
    (plug-in-kcv-convolve RUN-NONINTERACTIVE (car il) (cadr il) 3 3 9 psf-rotated 1 0 1 1 0 0 0)
    il))

(define (restore-checks)
  ; Wiener with wrap borders undoes the circular blur up to the 8-bit rounding of the
  ; blurred image (at most 0.5 / min |H|, min |H| = 0.2 here).
  (let* ((il (blurred-pattern)) (img (car il)) (layer (cadr il))
         (err (kcv-try (lambda () (deconvolve img layer 3 3 psf 0 1 1e-6 1 0 0))))
         (worst (if err 999 (worst-error layer 12 10 3 pattern))))
    (check (string-append "wiener restores a blurred pattern (worst " (num->str worst) ")")
           (or err (if (<= worst 4) #f "worst error above 4")))
    (gimp-image-delete img))
  ; The PSF is not mirrored: its rotated picture does not restore the image.
  (let* ((il (blurred-pattern)) (img (car il)) (layer (cadr il))
         (err (kcv-try (lambda () (deconvolve img layer 3 3 psf-rotated 0 1 1e-6 1 0 0))))
         (worst (if err 0 (worst-error layer 12 10 3 pattern))))
    (check "the PSF is taken as displayed (its mirror restores nothing)"
           (or err (if (> worst 40) #f (string-append "worst " (num->str worst)))))
    (gimp-image-delete img))
  ; Richardson-Lucy brings the blurred image closer to the original.
  (let* ((il (blurred-pattern)) (img (car il)) (layer (cadr il))
         (before (worst-error layer 12 10 3 pattern))
         (err (kcv-try (lambda () (deconvolve img layer 3 3 psf 1 100 0 1 0 0))))
         (after (if err 999 (worst-error layer 12 10 3 pattern))))
    (check (string-append "richardson-lucy: worst error " (num->str before) " -> "
                          (num->str after))
           (or err (if (< (* 2 after) before) #f "not halved")))
    (gimp-image-delete img)))

; RUN-WITH-LAST-VALS repeats the last deconvolution whatever its arguments say, as GIMP 2.10's
; plug-ins do; with none yet (the suite's profile is new, and this group runs first) it is
; refused with a message, the layer unchanged.
(define (last-values-checks)
  (let* ((il (blurred-pattern)) (img (car il)) (layer (cadr il))
         (before (snapshot layer 12 10))
         (err (kcv-try (lambda ()
                         (plug-in-kcv-deconvolve RUN-WITH-LAST-VALS img layer 3 3 9 psf 0 1 1e-6
                                                 1 0 0)))))
    (check "with no last values, RUN-WITH-LAST-VALS is refused, layer unchanged"
           (cond ((not err) "accepted")
                 ((not (string-has? err "last values")) err)
                 ((not (equal? before (snapshot layer 12 10))) "the layer changed")
                 (else #f)))
    (gimp-image-delete img))
  (let* ((a (blurred-pattern)) (b (blurred-pattern)))
    (deconvolve (car a) (cadr a) 3 3 psf 1 7 0.002 2 0 0)
    (let ((err (kcv-try (lambda ()
                          (plug-in-kcv-deconvolve RUN-WITH-LAST-VALS (car b) (cadr b) 3 3 9
                                                  psf-rotated 0 1 0.5 0 1 1)))))
      (check "RUN-WITH-LAST-VALS repeats the last deconvolution, not its arguments"
             (or err (if (equal? (snapshot (cadr a) 12 10) (snapshot (cadr b) 12 10)) #f
                         "the result differs from the last deconvolution's"))))
    (gimp-image-delete (car a))
    (gimp-image-delete (car b))))

; At every precision, Wiener undoes a blur (made by plug-in-kcv-convolve at that precision)
; up to the precision's rounding, amplified by at most 1 / min |H| = 5.
(define (precision-checks)
  (for-each
   (lambda (p)
     (let* ((r (at-precision 8 6 RGB RGBA-IMAGE 4 bright-pattern (cadr p)
                             (lambda (img layer)
                               (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer 3 3 9
                                                     psf-rotated 1 0 1 1 0 0 0)
                               (deconvolve img layer 3 3 psf 0 1 1e-6 1 0 0))))
            (worst (if (caddr r) 999 (worst-error (cadr r) 8 6 4 bright-pattern))))
       (check (string-append (car p) ": blur undone (worst " (num->str worst) ")")
              (or (caddr r) (if (<= worst (* 4 (caddr p))) #f "worst error too large")))
       (gimp-image-delete (car r))))
   kcv-precisions))

(define (selection-and-channel-checks)
  (let* ((il (make-image 12 10 RGB RGB-IMAGE 3 pattern)) (img (car il)) (layer (cadr il))
         (before (snap-fn (snapshot layer 12 10) 12)))
    (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 3 2 5 4)
    (let ((err (kcv-try (lambda () (deconvolve img layer 3 3 psf 0 1 0.01 0 0 0)))))
      (check "selection: pixels outside it are identical"
             (or err
                 (compare-layer layer 12 10 3
                                (lambda (x y c)
                                  (if (and (>= x 3) (< x 8) (>= y 2) (< y 6))
                                      (list-ref (vector->list (cadr (gimp-drawable-get-pixel
                                                                     layer x y)))
                                                c)
                                      (before x y c)))
                                0)))
      (check "selection: pixels inside it changed"
             (or err (if (> (worst-error layer 12 10 3 before) 0) #f "nothing changed"))))
    (gimp-image-delete img))
  (let* ((il (make-image 12 10 RGB RGB-IMAGE 3 pattern)) (img (car il)) (layer (cadr il))
         (err (kcv-try (lambda () (deconvolve img layer 3 3 psf 0 1 0.01 0 1 0)))))
    (check "channels 1: green and blue are untouched"
           (or err
               (compare-layer layer 12 10 3
                              (lambda (x y c)
                                (if (= c 0)
                                    (list-ref (vector->list (cadr (gimp-drawable-get-pixel
                                                                   layer x y)))
                                              0)
                                    (pattern x y c)))
                              0)))
    (gimp-image-delete img)))

; Each bad argument is refused with a message naming it, and the layer is unchanged.
(define (bad-argument-checks)
  (for-each
   (lambda (case)
     (let* ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern)) (img (car il)) (layer (cadr il))
            (before (snapshot layer 6 5))
            (args (cadr case))
            (err (kcv-try (lambda ()
                            (apply plug-in-kcv-deconvolve
                                   (append (list RUN-NONINTERACTIVE img layer) args))))))
       (check (string-append "bad " (car case) " is refused, named, layer unchanged")
              (cond ((not err) "accepted")
                    ((not (string-has? err (car case))) err)
                    ((not (equal? before (snapshot layer 6 5))) "the layer changed")
                    (else #f)))
       (gimp-image-delete img)))
   (list (list "psf-width" (list 0 1 0 #() 0 1 0.01 0 0 0))
         (list "psf-height" (list 1 1026 1026 (make-vector 1026 1.0) 0 1 0.01 0 0 0))
         (list "num-weights" (list 3 3 4 #(1 1 1 1) 0 1 0.01 0 0 0))
         (list "weights" (list 1 2 2 #(1.0 -1.0) 0 1 0.01 0 0 0))
         (list "method" (list 1 1 1 #(1.0) 2 1 0.01 0 0 0))
         (list "iterations" (list 1 1 1 #(1.0) 1 0 0.0 0 0 0))
         (list "iterations" (list 1 1 1 #(1.0) 1 1001 0.0 0 0 0))
         (list "regularisation" (list 1 1 1 #(1.0) 0 1 -0.5 0 0 0))
         (list "border-mode" (list 1 1 1 #(1.0) 0 1 0.01 7 0 0))
         (list "channels" (list 1 1 1 #(1.0) 0 1 0.01 0 99 0))
         (list "linear" (list 1 1 1 #(1.0) 0 1 0.01 0 0 2))))
  ; Word for word what the GIMP 3 host says (tests/gimp3/kcv3-suite.scm checks the same),
  ; all-zero weights included.
  (let ((il (make-image 6 5 RGB RGB-IMAGE 3 pattern)))
    (expect-error "weights summing to 0, the GIMP 3 host's message" kcv-psf-sum-0-message
                  (lambda (i l) (deconvolve i l 3 1 #(1 -2 1) 0 1 0.01 0 0 0))
                  (car il) (cadr il) 6 5)
    (expect-error "weights all 0, the GIMP 3 host's message" kcv-psf-sum-0-message
                  (lambda (i l) (deconvolve i l 2 1 #(0 0) 0 1 0.01 0 0 0))
                  (car il) (cadr il) 6 5)
    (gimp-image-delete (car il))))

; ---------------------------------------------------------------- a real photo

; The README's claim on a crop of GIMP's splash photo (mushrooms): blurred by a 9-pixel
; horizontal shake, with noise of sigma 0.01 of full scale from a fixed sequence, then
; restored by Richardson-Lucy with its recommended settings (30 iterations, TV 0.005):
; the PSNR against the sharp crop must rise by at least 3 dB.
(define splash "/usr/share/gimp/2.0/images/gimp-splash.png")

; Gaussian numbers, approximately: 12 uniforms from a linear congruential generator, less 6.
(define noise-state 12345)
(define (noise-uniform)
  (set! noise-state (modulo (+ (* noise-state 1103515245) 12345) 2147483648))
  (/ noise-state 2147483648.0))
(define (noise-gauss)
  (let loop ((i 0) (sum -6.0))
    (if (= i 12) sum (loop (+ i 1) (+ sum (noise-uniform))))))

(define (add-noise layer w h sigma)
  (for-each
   (lambda (y)
     (for-each
      (lambda (x)
        (let ((px (vector->list (cadr (gimp-drawable-get-pixel layer x y)))))
          (gimp-drawable-set-pixel
           layer x y 3
           (list->vector (map (lambda (v) (clamp-byte (round (+ v (* sigma (noise-gauss))))))
                              px)))))
      (range w)))
   (range h)))

; PSNR in dB of a layer against a snapshot, peak 255.
(define (psnr layer w h want)
  (let ((got (snapshot layer w h)) (sum 0))
    (for-each
     (lambda (i)
       (for-each (lambda (g e) (set! sum (+ sum (* (- g e) (- g e)))))
                 (vector-ref got i) (vector-ref want i)))
     (range (* w h)))
    (/ (* 10 (log (/ (* 255.0 255.0 w h 3) (max sum 1)))) (log 10))))

(define (photo-checks)
  (if (not (file-exists? splash))
      (kcv-tap #t (string-append "photo: skipped, no " splash) "")
      (let* ((w 48) (h 36)
             (img (car (gimp-file-load RUN-NONINTERACTIVE splash splash)))
             (shake (make-vector 9 (/ 1.0 9))))
        (gimp-image-crop img w h 440 410)
        (let* ((layer (car (gimp-image-flatten img)))
               (sharp (snapshot layer w h)))
          (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer 9 1 9 shake 1 0 2 0 0 0 0)
          (add-noise layer w h 2.55)
          (let* ((blurred (psnr layer w h sharp))
                 (err (kcv-try (lambda () (deconvolve img layer 9 1 shake 1 30 0.005 2 0 0))))
                 (restored (if err 0 (psnr layer w h sharp))))
            (check (string-append "photo: PSNR " (num->str blurred) " dB blurred, "
                                  (num->str restored) " dB restored")
                   (or err (if (>= restored (+ blurred 3)) #f "less than 3 dB gained")))))
        (gimp-image-delete img))))

; ---------------------------------------------------------------- run everything

(define (kcv-run-suite)
  (kcv-run-groups
   (list (list "last values" last-values-checks)
         (list "restore" restore-checks)
         (list "precisions" precision-checks)
         (list "selection and channels" selection-and-channel-checks)
         (list "bad arguments" bad-argument-checks)
         (list "photo" photo-checks))))

(kcv-run-suite)

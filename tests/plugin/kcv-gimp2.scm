; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: what the GIMP 2.10 Script-Fu suites share: the common checks (tests/common/kcv-checks.scm)
; and the pixel calls as GIMP 2.10 spells them.
;
; Loaded first by each suite; the runner defines kcv-tests-dir (the tests/ folder).

; gimp-message lines reach the runner's log on standard error.
(define (kcv-say text) (gimp-message text))

(load (string-append kcv-tests-dir "/common/kcv-checks.scm"))

; A new image with one layer of the given type filled by (f x y c); returns (image layer).
(define (make-image w h base type ch f)
  (let* ((img (car (gimp-image-new w h base)))
         (layer (car (gimp-layer-new img w h type "kcv" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img layer 0 0)
    (fill-layer layer w h ch f)
    (list img layer)))

(define (fill-layer layer w h ch f)
  (for-each
   (lambda (y)
     (for-each
      (lambda (x)
        (gimp-drawable-set-pixel layer x y ch
                                 (list->vector (map (lambda (c) (f x y c)) (range ch)))))
      (range w)))
   (range h)))

; All pixels as a vector (index y*w+x) of byte lists.
(define (snapshot layer w h)
  (let ((v (make-vector (* w h) '())))
    (for-each
     (lambda (y)
       (for-each
        (lambda (x)
          (vector-set! v (+ (* y w) x)
                       (vector->list (cadr (gimp-drawable-get-pixel layer x y)))))
        (range w)))
     (range h))
    v))

; The precisions the suites go through, as (label precision tolerance): the tolerance is the
; precision's rounding in 8-bit steps, once read back as 8-bit perceptual.
(define kcv-precisions
  (list (list "8-bit perceptual" PRECISION-U8-GAMMA 1)
        (list "8-bit linear" PRECISION-U8-LINEAR 3)
        (list "16-bit perceptual" PRECISION-U16-GAMMA 1)
        (list "16-bit linear" PRECISION-U16-LINEAR 1)
        (list "32-bit perceptual" PRECISION-U32-GAMMA 1)
        (list "32-bit linear" PRECISION-U32-LINEAR 1)
        (list "half perceptual" PRECISION-HALF-GAMMA 1)
        (list "half linear" PRECISION-HALF-LINEAR 1)
        (list "float perceptual" PRECISION-FLOAT-GAMMA 1)
        (list "float linear" PRECISION-FLOAT-LINEAR 1)))

; Convolves at the given precision, then reads back as 8-bit perceptual.
(define (at-precision w h base type ch f precision thunk)
  (let* ((il (make-image w h base type ch f))
         (img (car il)) (layer (cadr il)))
    (if (not (= precision PRECISION-U8-GAMMA))
        (gimp-image-convert-precision img precision))
    (let* ((layer2 (car (gimp-image-get-active-drawable img)))
           (err (kcv-try (lambda () (thunk img layer2)))))
      (if (not (= precision PRECISION-U8-GAMMA))
          (gimp-image-convert-precision img PRECISION-U8-GAMMA))
      (list img (car (gimp-image-get-active-drawable img)) err))))

; Runs each group, (name thunk), in turn: a group that stops on an error is reported as one
; failed check and the next group still runs. Ends with the line the runner waits for.
(define (kcv-run-groups groups)
  (for-each
   (lambda (group)
     (let ((err (kcv-try (cadr group))))
       (if err (kcv-tap #f (string-append (car group) " group finished") err))))
   groups)
  (gimp-message "KCV-TAP-DONE"))

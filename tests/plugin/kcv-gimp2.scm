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

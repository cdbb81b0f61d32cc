; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: the disk kernel of the dialog benches (bench/dialog-latency.scm for GIMP 2.10,
; bench/dialog-latency3.scm for GIMP 3), so that both open the dialog on the same kernel; also
; bench/gimp3-first-call.scm's.

; A (2r+1)x(2r+1) disk as a row-major vector: 1 where the pixel's centre lies within r + 0.5
; of the middle (so the disk reaches the edges of its square), 0 elsewhere.
(define (kcv-disk r)
  (let* ((n (+ (* 2 r) 1)) (v (make-vector (* n n) 0.0)))
    (do ((y 0 (+ y 1))) ((= y n) v)
      (do ((x 0 (+ x 1))) ((= x n))
        (if (<= (+ (* (- x r) (- x r)) (* (- y r) (- y r))) (* (+ r 0.5) (+ r 0.5)))
            (vector-set! v (+ (* y n) x) 1.0))))))

; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: checks that need GIMP 3's UI: one undo step for several drawables, the dialog's OK
; (its values become the last values) and Cancel, and its Deconvolve switch with a preset PSF.
; Run by run-gimp3-gui-tests.sh in gimp-3.0 under Xvfb; it waits for the marker files this
; script writes, then clicks and presses keys.

(define (tap ok name)
  (display (string-append "KCV-TAP: " (if ok "ok" "not ok") " - " name))
  (newline))

(define (range n)
  (let loop ((i (- n 1)) (acc '())) (if (< i 0) acc (loop (- i 1) (cons i acc)))))

(define (pattern x y c) (modulo (+ (* x 37) (* y 91) (* c 53) 11) 256))

(define (fill layer w h)
  (for-each (lambda (y)
              (for-each (lambda (x)
                          (gimp-drawable-set-pixel layer x y
                                                   (map (lambda (c) (pattern x y c)) '(0 1 2))))
                        (range w)))
            (range h)))

(define (snapshot layer w h)
  (map (lambda (i) (car (gimp-drawable-get-pixel layer (modulo i w) (quotient i w))))
       (range (* w h))))

; An image with n layers of the pattern; returns (image layer ...).
(define (make-image n)
  (let ((img (car (gimp-image-new 8 6 RGB))))
    (cons img
          (map (lambda (i)
                 (let ((l (car (gimp-layer-new img "kcv" 8 6 RGB-IMAGE 100 LAYER-MODE-NORMAL))))
                   (gimp-image-insert-layer img l 0 0)
                   (fill l 8 6)
                   l))
               (range n)))))

(define (marker-with name text)
  (let ((port (open-output-file (string-append kcv-test-dir "/" name))))
    (display text port)
    (close-output-port port)))
(define (marker name) (marker-with name name))

(define (wait-until pred n)
  (let loop ((i 0)) (cond ((pred) #t) ((>= i n) #f) (else (loop (+ i 1))))))

(define box3 #(1 1 1 1 1 1 1 1 1))
; Uneven, so a turned or shifted kernel shows; in linear light, so the preview's conversions
; between lights and into the layer's 8 bits show too.
(define kernel5 #(1 2 0 1 3  2 4 1 0 1  0 1 6 2 2  1 0 2 5 1  3 1 1 2 4))

; The preview the plug-in dumped for layer (KCV_PREVIEW_DUMP_DIR, ui/kcv-host.c) against the
; layer after OK: #t when every pixel of the preview's rectangle shows the red, green and blue
; the layer got.
(define (preview-matches? layer)
  (let ((port (catch #f (open-input-file (string-append kcv-test-dir "/dump/preview-"
                                                        (number->string layer) ".txt")))))
    (and port
         (let* ((x0 (read port)) (y0 (read port)) (w (read port)) (h (read port)))
           (let loop ((i 0) (same (> (* w h) 0)))
             (if (or (>= i (* w h)) (not same))
                 (begin (close-input-port port) same)
                 (let* ((rgba (list (read port) (read port) (read port) (read port)))
                        (px (car (gimp-drawable-get-pixel layer (+ x0 (modulo i w))
                                                          (+ y0 (quotient i w))))))
                   (loop (+ i 1) (equal? (list (car rgba) (cadr rgba) (caddr rgba))
                                         (list (car px) (cadr px) (caddr px)))))))))))

; The first pixel index where two snapshots differ (#f when none).
(define (first-difference a b)
  (let loop ((i 0) (a a) (b b))
    (cond ((null? a) #f) ((equal? (car a) (car b)) (loop (+ i 1) (cdr a) (cdr b))) (else i))))

; The mode the dialog on layer opened in, from its dump (ui/kcv-host.c): 1 Deconvolve.
(define (dialog-mode layer)
  (let ((port (catch #f (open-input-file (string-append kcv-test-dir "/dump/widgets-"
                                                        (number->string layer) ".txt")))))
    (and port
         (let loop ((token (read port)))
           (cond ((eof-object? token) (close-input-port port) #f)
                 ((eq? token 'mode) (let ((m (read port))) (close-input-port port) m))
                 (else (loop (read port))))))))

; The Deconvolve switch as a user drives it: the dialog opens in Convolve mode on a box blur;
; the runner clicks Deconvolve, picks the Airy disk preset from the keyboard, waits for its
; preview and presses Return (OK), then ctrl+z on the image window; then Cancel, in the mode
; the dialog now opens in.
(define (deconv-dialog-checks)
  (let* ((e (make-image 1)) (twin (make-image 1)) (f (make-image 1))
         (original (snapshot (cadr e) 8 6)))
    (gimp-image-clean-all (car e))
    (let ((disp (car (gimp-display-new (car e)))))
      (marker-with "deconv-dialog-ready" (number->string (cadr e)))
      (catch #t (plug-in-kcv-convolve RUN-INTERACTIVE (car e) (vector (cadr e)) 3 3 box3 0 0
                                      "clamp" "auto" 0 FALSE FALSE))
      (let* ((restored (snapshot (cadr e) 8 6)) (i (first-difference restored original)))
        (tap i "Deconvolve: OK changed the layer")
        (tap (preview-matches? (cadr e)) "Deconvolve: the preview showed what OK wrote")
        (plug-in-kcv-convolve RUN-WITH-LAST-VALS (car twin) (vector (cadr twin)) 3 3 box3 0 0
                              "clamp" "auto" 0 FALSE FALSE)
        (tap (equal? (snapshot (cadr twin) 8 6) restored)
             "Deconvolve: Repeat (RUN-WITH-LAST-VALS) restores as the dialog did")
        (marker "deconv-undo-ready")
        (if i
            (wait-until (lambda () (not (equal? (car (gimp-drawable-get-pixel
                                                      (cadr e) (modulo i 8) (quotient i 8)))
                                                (list-ref restored i))))
                        60000))
        (tap (equal? (snapshot (cadr e) 8 6) original)
             "Deconvolve: one undo step restores the layer exactly"))
      (gimp-display-delete disp))
    ; The mode is a last value: the next dialog opens in Deconvolve mode.
    (let ((before (snapshot (cadr f) 8 6)))
      (marker-with "deconv-cancel-ready" (number->string (cadr f)))
      (catch #t (plug-in-kcv-convolve RUN-INTERACTIVE (car f) (vector (cadr f)) 3 3 box3 0 0
                                      "clamp" "auto" 0 FALSE FALSE))
      (tap (equal? (dialog-mode (cadr f)) 1) "Deconvolve: the next dialog opens in that mode")
      (tap (equal? (snapshot (cadr f) 8 6) before)
           "Deconvolve: Cancel leaves the layer bit-identical"))))

(define (kcv-gui-suite)
  (let* ((a (make-image 2))
         (original (snapshot (cadr a) 8 6)))
    (gimp-image-clean-all (car a))
    (let ((first-display (car (gimp-display-new (car a)))))
      ; Two drawables in one call; the runner presses ctrl+z once on the image window.
      (plug-in-kcv-convolve RUN-NONINTERACTIVE (car a) (list->vector (cdr a)) 3 3 box3 0 0 "clamp"
                            "auto" 0 FALSE FALSE)
      (let ((convolved (snapshot (cadr a) 8 6)))
        (tap (and (not (equal? convolved original))
                  (not (equal? (snapshot (caddr a) 8 6) original)))
             "two drawables convolved by one call")
        (marker "undo-ready")
        (wait-until (lambda () (not (equal? (car (gimp-drawable-get-pixel (cadr a) 0 0))
                                            (car convolved))))
                    60000)
        (tap (and (equal? (snapshot (cadr a) 8 6) original)
                  (equal? (snapshot (caddr a) 8 6) original))
             "one undo step restores both drawables exactly"))
      (gimp-display-delete first-display)))
  ; The dialog starts from the arguments (no last values yet); the runner presses Return (OK).
  (let* ((b (make-image 1)) (c (make-image 1)) (want (make-image 1)))
    (plug-in-kcv-convolve RUN-NONINTERACTIVE (car want) (vector (cadr want)) 5 5 kernel5 0 0
                          "wrap" "auto" 0 FALSE TRUE)
    (marker-with "dialog-ready" (number->string (cadr b)))
    (let ((err (catch #t (plug-in-kcv-convolve RUN-INTERACTIVE (car b) (vector (cadr b)) 5 5
                                               kernel5 0 0 "wrap" "auto" 0 FALSE TRUE)
                      #f)))
      (tap (and (not err) (equal? (snapshot (cadr b) 8 6) (snapshot (cadr want) 8 6)))
           "the dialog's OK applies the kernel it showed")
      (tap (preview-matches? (cadr b)) "the dialog's preview showed what its OK wrote"))
    ; Its values are now the last values: a with-last-values call ignores its box arguments.
    (plug-in-kcv-convolve RUN-WITH-LAST-VALS (car c) (vector (cadr c)) 3 3 box3 0 0 "clamp" "auto"
                          0 FALSE FALSE)
    (tap (equal? (snapshot (cadr c) 8 6) (snapshot (cadr want) 8 6))
         "Filters > Repeat (RUN-WITH-LAST-VALS) repeats the dialog's values"))
  ; Cancel: the runner presses Escape; nothing changes (Script-Fu 3 does not raise an error
  ; for a cancelled call).
  (let* ((d (make-image 1)) (before (snapshot (cadr d) 8 6)))
    (marker "cancel-ready")
    (catch #t (plug-in-kcv-convolve RUN-INTERACTIVE (car d) (vector (cadr d)) 3 3 box3 0 0
                                    "clamp" "auto" 0 FALSE FALSE))
    (tap (equal? (snapshot (cadr d) 8 6) before)
         "the dialog's Cancel leaves the drawable bit-identical"))
  (deconv-dialog-checks)
  (display "KCV-TAP-DONE")
  (newline)
  (gimp-quit TRUE))

(kcv-gui-suite)

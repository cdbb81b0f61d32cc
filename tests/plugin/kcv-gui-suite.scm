; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: checks that need GIMP's user interface (undo, the dialog), driven with xdotool.
;
; Run by run-gimp-gui-tests.sh in gimp-2.10 under Xvfb, with kcv-test-dir defined. The
; script writes a marker file when it waits for a key from the runner (undo-ready,
; dialog-ready), and its results, one "ok - NAME" / "not ok - NAME # DETAIL" line each, to
; results.txt.

(define (kcv-range n)
  (let loop ((i (- n 1)) (acc '()))
    (if (< i 0) acc (loop (- i 1) (cons i acc)))))

(define (kcv-pattern x y c) (modulo (+ (* x 37) (* y 91) (* c 53) 11) 256))

(define (kcv-image w h)
  (let* ((img (car (gimp-image-new w h RGB)))
         (layer (car (gimp-layer-new img w h RGB-IMAGE "kcv" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img layer 0 0)
    (for-each (lambda (y)
                (for-each (lambda (x)
                            (gimp-drawable-set-pixel layer x y 3
                                                     (list->vector
                                                      (map (lambda (c) (kcv-pattern x y c))
                                                           '(0 1 2)))))
                          (kcv-range w)))
              (kcv-range h))
    (gimp-image-clean-all img)
    (list img layer)))

(define (kcv-snapshot layer w h)
  (map (lambda (i)
         (vector->list (cadr (gimp-drawable-get-pixel layer (modulo i w) (quotient i w)))))
       (kcv-range (* w h))))

(define (kcv-marker name)
  (let ((port (open-output-file (string-append kcv-test-dir "/" name))))
    (display name port)
    (close-output-port port)))

; Polls until (pred) holds, up to n PDB round trips (GIMP handles events meanwhile).
(define (kcv-wait pred n)
  (let loop ((i 0))
    (cond ((pred) #t)
          ((>= i n) #f)
          (else (loop (+ i 1))))))

;; Writes a marker whose content is text (the runner reads it).
(define (kcv-marker-with name text)
  (let ((port (open-output-file (string-append kcv-test-dir "/" name))))
    (display text port)
    (close-output-port port)))

; The preview result the plug-in dumped for drawable (KCV_PREVIEW_DUMP, see
; kcv-interactive.c) against the drawable after OK: #f when every pixel of the
; preview's rectangle shows the red, green and blue the layer got, else what differs.
(define (kcv-preview-vs-layer layer)
  (let* ((path (string-append kcv-test-dir "/dump/preview-" (number->string layer) ".txt"))
         (port (catch #f (open-input-file path))))
    (if (not port)
        "no preview result was dumped"
        (let* ((x0 (read port)) (y0 (read port)) (w (read port)) (h (read port)))
          (let loop ((i 0) (bad 0) (first #f))
            (if (>= i (* w h))
                (begin
                  (close-input-port port)
                  (if (= bad 0) #f
                      (string-append (number->string bad) " of " (number->string (* w h))
                                     " pixels differ, first " first)))
                (let* ((r (read port)) (g (read port)) (b (read port)) (a (read port))
                       (x (+ x0 (modulo i w))) (y (+ y0 (quotient i w)))
                       (px (vector->list (cadr (gimp-drawable-get-pixel layer x y))))
                       (same (equal? (list r g b) (list (car px) (cadr px) (caddr px)))))
                  (loop (+ i 1) (if same bad (+ bad 1))
                        (or first
                            (if same #f
                                (string-append "at " (number->string x) "," (number->string y)
                                               ": preview " (number->string r) " "
                                               (number->string g) " " (number->string b)
                                               ", layer " (number->string (car px)) " "
                                               (number->string (cadr px)) " "
                                               (number->string (caddr px)))))))))))))

; A w x h RGB layer with a smooth pattern (a 5x5 kernel then changes most pixels).
(define (kcv-smooth-image w h)
  (let* ((img (car (gimp-image-new w h RGB)))
         (layer (car (gimp-layer-new img w h RGB-IMAGE "kcv" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img layer 0 0)
    (plug-in-plasma RUN-NONINTERACTIVE img layer 11 2.5)
    (gimp-image-clean-all img)
    (list img layer)))

; Opens the dialog on the layer (the runner presses Return once a preview is dumped) and
; checks the preview against what OK wrote. The last values come from a non-interactive call
; on a scratch image with the same options.
(define (kcv-preview-check report name il linear)
  (let* ((scratch (kcv-smooth-image 8 8))
         (k #(1 2 0 1 3  2 4 1 0 1  0 1 6 2 2  1 0 2 5 1  3 1 1 2 4)))
    (plug-in-kcv-convolve RUN-NONINTERACTIVE (car scratch) (cadr scratch) 5 5 25 k 0 0 0 0 0 0
                          linear)
    (gimp-image-delete (car scratch))
    (kcv-marker-with "preview-ready" (number->string (cadr il)))
    (let ((status (catch #f (plug-in-kcv-convolve RUN-INTERACTIVE (car il) (cadr il) 1 1 1 #(1)
                                                  0 0 0 0 0 0 0)
                         #t)))
      (report (and status (not (kcv-preview-vs-layer (cadr il)))) name
              (if status (kcv-preview-vs-layer (cadr il)) "the call failed")))
    (gimp-image-delete (car il))))

; plug-in-kcv-deconvolve RUN-INTERACTIVE opens the dialog in Deconvolve mode on its arguments
; (an asymmetric PSF, Richardson-Lucy); the runner presses Return once a preview is dumped.
(define (kcv-deconv-preview-check report il)
  (kcv-marker-with "preview-ready" (number->string (cadr il)))
  (let ((before (kcv-snapshot (cadr il) 64 48))
        (status (catch #f (plug-in-kcv-deconvolve RUN-INTERACTIVE (car il) (cadr il) 5 1 5
                                                  #(0.4 0.3 0.2 0.1 0) 1 10 0.002 0 0 0)
                       #t)))
    (report (and status (not (equal? before (kcv-snapshot (cadr il) 64 48)))
                 (not (kcv-preview-vs-layer (cadr il))))
            "Deconvolve: the preview shows what OK writes (Richardson-Lucy, asymmetric PSF)"
            (cond ((not status) "the call failed")
                  ((equal? before (kcv-snapshot (cadr il) 64 48)) "OK left the layer unchanged")
                  (else (kcv-preview-vs-layer (cadr il)))))
    ; The mode and its settings are the last values: Filters > Repeat (the menu entry's
    ; procedure, with last values) restores a twin the same way.
    (let ((twin (kcv-smooth-image 64 48)))
      (plug-in-kcv-convolve RUN-WITH-LAST-VALS (car twin) (cadr twin) 1 1 1 #(1) 0 0 0 0 0 0 0)
      (report (equal? (kcv-snapshot (cadr twin) 64 48) (kcv-snapshot (cadr il) 64 48))
              "Deconvolve: the last values repeat the deconvolution"
              "the repeated result differs from the dialog's")
      (gimp-image-delete (car twin))))
  (gimp-image-delete (car il)))

(define (kcv-gui-suite)
  (let* ((out (open-output-file (string-append kcv-test-dir "/results.txt")))
         (report (lambda (ok name detail)
                   (display (if ok "ok - " "not ok - ") out)
                   (display name out)
                   (if (not ok) (begin (display " # " out) (display detail out)))
                   (newline out)))
         (a (kcv-image 8 6))
         (b (kcv-image 8 6))
         (original (kcv-snapshot (cadr a) 8 6)))
    ; Cancel from the progress bar, first, while no image has a display: the progress then
    ; shows in GIMP's Progress dialog, whose Cancel the runner presses during a slow
    ; direct convolution. The layer must stay bit-identical.
    (let* ((img (car (gimp-image-new 2400 2400 RGB)))
           (layer (car (gimp-layer-new img 2400 2400 RGB-IMAGE "big" 100 LAYER-MODE-NORMAL)))
           (points (map (lambda (i) (list (modulo (* i 379) 2400) (modulo (* i 877) 2400)))
                        (kcv-range 256)))
           (sample (lambda ()
                     (map (lambda (p)
                            (vector->list (cadr (gimp-drawable-get-pixel layer (car p)
                                                                         (cadr p)))))
                          points))))
      (gimp-image-insert-layer img layer 0 0)
      (plug-in-plasma RUN-NONINTERACTIVE img layer 7 3.0)
      (let ((before (sample)))
        (kcv-marker "progress-ready")
        (catch #f (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer 151 151 22801
                                        (make-vector 22801 1.0) 0 0 0 1 0 0 0))
        (report (equal? (sample) before)
                "cancel from the progress bar leaves the layer bit-identical"
                "the layer changed (the convolution was not cancelled)"))
      (gimp-image-delete img))
    (gimp-display-new (car a))
    ; Undo: the runner presses ctrl+z once on the image window.
    (plug-in-kcv-convolve RUN-NONINTERACTIVE (car a) (cadr a) 3 3 9 #(1 1 1 1 1 1 1 1 1) 0 0 0
                          0 0 0 0)
    (let ((convolved (kcv-snapshot (cadr a) 8 6)))
      (report (not (equal? convolved original)) "the plug-in changed the layer" "unchanged")
      (kcv-marker "undo-ready")
      (kcv-wait (lambda ()
                  (not (equal? (vector->list (cadr (gimp-drawable-get-pixel (cadr a) 0 0)))
                               (car convolved))))
                100000)
      (report (equal? (kcv-snapshot (cadr a) 8 6) original)
              "one undo step restores the original exactly"
              "after one ctrl+z the layer differs from the original")
      ; The dialog: it starts from the last values (the box above); the runner presses
      ; Return (OK, the default button). The twin image b then equals a's convolved state.
      (kcv-marker "dialog-ready")
      (let ((status (catch #f (plug-in-kcv-convolve RUN-INTERACTIVE (car b) (cadr b) 1 1 1 #(1)
                                                    0 0 0 0 0 0 0)
                              #t)))
        (report (and status (equal? (kcv-snapshot (cadr b) 8 6) convolved))
                "RUN-INTERACTIVE: the dialog opens in GIMP and OK applies the last values"
                (if status "result differs from the last values" "the call failed"))))
    ; Cancel in the dialog (the runner presses Escape): nothing changes, no error.
    (let* ((c (kcv-image 8 6))
           (before (kcv-snapshot (cadr c) 8 6)))
      (kcv-marker "cancel-ready")
      (let ((status (catch #f (plug-in-kcv-convolve RUN-INTERACTIVE (car c) (cadr c) 1 1 1 #(1)
                                                    0 0 0 0 0 0 0)
                           #t)))
        (report (and status (equal? (kcv-snapshot (cadr c) 8 6) before))
                "dialog Cancel leaves the layer unchanged, without an error"
                (if status "the layer changed" "the call raised an error"))))
    ; The preview shows what OK writes: in linear light on a layer with a profile of its own
    ; (gamma 2.2, not the sRGB curve), and on a layer larger than the region the preview
    ; reads (the runner sets KCV_PREVIEW_MAX_SIDE=256), whose edges have real neighbours.
    (let ((p (kcv-smooth-image 64 48)))
      (gimp-image-set-color-profile (car p) (vector-length kcv-icc-bytes) kcv-icc-bytes)
      (kcv-preview-check report "the preview shows what OK writes, linear light, Adobe RGB profile"
                         p 1))
    (kcv-preview-check report "the preview shows what OK writes, 256x256 crop of a 600x400 layer"
                       (kcv-smooth-image 600 400) 0)
    (kcv-deconv-preview-check report (kcv-smooth-image 64 48))
    ; Cancel in Deconvolve mode (the runner presses Escape): nothing changes, no error.
    (let* ((e (kcv-image 8 6))
           (before (kcv-snapshot (cadr e) 8 6)))
      (kcv-marker "deconv-cancel-ready")
      (let ((status (catch #f (plug-in-kcv-deconvolve RUN-INTERACTIVE (car e) (cadr e) 3 1 3
                                                      #(1 1 1) 0 10 0.01 0 0 0)
                           #t)))
        (report (and status (equal? (kcv-snapshot (cadr e) 8 6) before))
                "Deconvolve: dialog Cancel leaves the layer bit-identical, without an error"
                (if status "the layer changed" "the call raised an error"))))
    (close-output-port out)
    (gimp-quit 0)))

(kcv-gui-suite)

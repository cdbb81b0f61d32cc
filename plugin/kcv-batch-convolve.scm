; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: apply a kernel file to every image matching a glob and save the results (Script-Fu, batch).
;
; (kcv-batch-convolve PATTERN KERNEL-FILE OUT-DIR BORDER METHOD)
;   PATTERN      a glob, e.g. "photos/*.jpg"
;   KERNEL-FILE  a kernel file plug-in-kcv-convolve-file reads (.mat .txt .csv .gmic .acf)
;   OUT-DIR      folder for the results (same file names); must not be the images' folder,
;                however it is spelled (checked on the files themselves, before anything is written)
;   BORDER       0 clamp, 1 wrap, 2 mirror, 3 transparent
;   METHOD       0 auto, 1 direct, 2 fft, 3 separable, 4 im2col
; (kcv-batch-convolve-full PATTERN KERNEL-FILE OUT-DIR SUFFIX BORDER METHOD CHANNELS
;                          ALPHA-WEIGHTING LINEAR)
;   SUFFIX is added before the extension ("" keeps the name); no target may be a source file;
;   CHANNELS, ALPHA-WEIGHTING and LINEAR as plug-in-kcv-convolve takes them.
; Each image is loaded, its visible layers merged, convolved, and saved in the format its
; extension names. One line per image goes to GIMP's messages (stderr in batch mode).
; Returns the number of images written.
;
;   gimp-console-2.10 -i -b '(kcv-batch-convolve "photos/*.jpg" "blur.mat" "out" 0 0)' \
;                        -b '(gimp-quit 0)'

(define (kcv-batch--basename path)
  (let loop ((i (- (string-length path) 1)))
    (cond ((< i 0) path)
          ((char=? (string-ref path i) #\/) (substring path (+ i 1) (string-length path)))
          (else (loop (- i 1))))))

(define (kcv-batch--dirname path)
  (let loop ((i (- (string-length path) 1)))
    (cond ((< i 0) ".")
          ((char=? (string-ref path i) #\/) (if (= i 0) "/" (substring path 0 i)))
          (else (loop (- i 1))))))

; "name.jpg" + "-blur" -> "name-blur.jpg"
(define (kcv-batch--with-suffix name suffix)
  (let loop ((i (- (string-length name) 1)))
    (cond ((<= i 0) (string-append name suffix))
          ((char=? (string-ref name i) #\.)
           (string-append (substring name 0 i) suffix
                          (substring name i (string-length name))))
          (else (loop (- i 1))))))

(define (kcv-batch--strip-slash dir)
  (let ((n (string-length dir)))
    (if (and (> n 1) (char=? (string-ref dir (- n 1)) #\/))
        (substring dir 0 (- n 1))
        dir)))

(define (kcv-batch-convolve-full pattern kernel-file out-dir suffix border method channels
                                 alpha-weighting linear)
  (let* ((files (cadr (file-glob pattern 1)))
         (out (kcv-batch--strip-slash out-dir))
         (targets (map (lambda (filename)
                         (string-append out "/" (kcv-batch--with-suffix
                                                 (kcv-batch--basename filename) suffix)))
                       files))
         (count 0))
    (if (null? files)
        (gimp-message (string-append "kcv-batch-convolve: no image matches " pattern)))
    ; Fails, naming both, when a target is one of the sources, before anything is written:
    ; the plug-in compares the files themselves, so "bt", "./bt/.", "/full/path/bt" or a link
    ; to it are all the same folder.
    (plug-in-kcv-batch-check-targets RUN-NONINTERACTIVE (length files) files
                                     (length targets) targets)
    (for-each
     (lambda (filename target)
       (let* ((image (car (gimp-file-load RUN-NONINTERACTIVE filename filename)))
              (drawable (car (gimp-image-merge-visible-layers image CLIP-TO-IMAGE))))
         (plug-in-kcv-convolve-file RUN-NONINTERACTIVE image drawable kernel-file
                                    border method channels alpha-weighting linear)
         (gimp-file-save RUN-NONINTERACTIVE image drawable target target)
         (gimp-image-delete image)
         (set! count (+ count 1))
         (gimp-message (string-append "kcv-batch-convolve: " filename " -> " target))))
     files targets)
    (gimp-message (string-append "kcv-batch-convolve: " (number->string count)
                                 " image(s) convolved with " kernel-file))
    count))

(define (kcv-batch-convolve pattern kernel-file out-dir border method)
  (kcv-batch-convolve-full pattern kernel-file out-dir "" border method 0 1 0))

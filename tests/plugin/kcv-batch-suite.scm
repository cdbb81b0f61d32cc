; SPDX-License-Identifier: GPL-3.0-or-later
; kcv: the batch script never overwrites its sources, however the folders are spelled (TAP lines).
;
; Run by run-batch-tests.sh from the folder that holds bt/ (three source images), link (a
; symbolic link to bt) and out/, after it defines kcv-test-dir (that folder's absolute path).
; The runner compares the sources' checksums before and after; this file tries each spelling.

(load (string-append kcv-tests-dir "/plugin/kcv-gimp2.scm"))

(define (abs-path name) (string-append kcv-test-dir "/" name))

; (PATTERN OUT-DIR SUFFIX): each names the source folder as its own output.
(define kcv-overwriting-spellings
  (list (list "bt/*.bmp" (abs-path "bt") "")
        (list "./bt/*.bmp" "bt" "")
        (list (abs-path "bt/*.bmp") (abs-path "bt/.") "")
        (list "bt/*.bmp" "bt" "")
        (list "bt/*.bmp" "bt/" "")
        (list "bt/../bt/*.bmp" "./bt" "")
        (list "bt/*.bmp" "link" "")
        (list "link/*.bmp" (abs-path "bt") "")
        ; a.bmp + "-k" is a-k.bmp, another source
        (list "bt/*.bmp" "bt" "-k")))

(define (kcv-batch-run-suite)
  (for-each
   (lambda (s)
     (let* ((count #f)
            (err (kcv-try (lambda ()
                            (set! count (kcv-batch-convolve-full (car s) "box.mat" (cadr s)
                                                                 (caddr s) 0 0 0 1 0))))))
       (check (string-append "batch refuses \"" (car s) "\" into \"" (cadr s) "\" suffix \""
                             (caddr s) "\"")
              (cond ((not err) (string-append "no error; it returned " (number->string count)))
                    ((not (string-has? err "would be overwritten"))
                     (string-append "another error: " err))
                    (else #f)))))
   kcv-overwriting-spellings)
  ; The guard lets a real batch through.
  (let* ((count #f)
         (err (kcv-try (lambda () (set! count (kcv-batch-convolve "./bt/*.bmp" "box.mat" "out"
                                                                  0 0))))))
    (check "batch into another folder converts all 3 images"
           (or err (if (equal? count 3) #f "it did not return 3"))))
  (let* ((count #f)
         (err (kcv-try (lambda () (set! count (kcv-batch-convolve-full "bt/*.bmp" "box.mat" "bt"
                                                                       "-blur" 0 0 0 1 0))))))
    (check "batch into the same folder with a suffix no source has converts all 3 images"
           (or err (if (equal? count 3) #f "it did not return 3"))))
  (let* ((count #f)
         (err (kcv-try (lambda () (set! count (kcv-batch-convolve "bt/*.none" "box.mat" "out"
                                                                  0 0))))))
    (check "a pattern matching nothing converts nothing, without an error"
           (or err (if (equal? count 0) #f "it did not return 0"))))
  (gimp-message "KCV-TAP-DONE"))

(kcv-batch-run-suite)

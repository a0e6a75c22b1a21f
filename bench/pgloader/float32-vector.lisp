;;; bench/run.sh: pgloader's transform for SQLite's float32 BLOB embeddings. pgloader has no cast
;;; into pgvector; this turns a little-endian float32 BLOB into pgvector's text form "[x,y,...]",
;;; which COPY parses into vector(n). Loaded with pgloader --load-lisp-file.
(in-package #:pgloader.transforms)

(defun float32-blob-to-vector (blob)
  "A little-endian float32 BLOB as pgvector text, NIL for NULL."
  (when blob
    (let ((*read-default-float-format* 'single-float))
      (with-output-to-string (out)
        (write-char #\[ out)
        (loop :for i :from 0 :below (length blob) :by 4
              :do (let* ((bits (logior (aref blob i)
                                       (ash (aref blob (+ i 1)) 8)
                                       (ash (aref blob (+ i 2)) 16)
                                       (ash (aref blob (+ i 3)) 24)))
                         (value (sb-kernel:make-single-float
                                 (if (>= bits #x80000000) (- bits #x100000000) bits))))
                    (when (> i 0) (write-char #\, out))
                    (prin1 value out)))
        (write-char #\] out)))))

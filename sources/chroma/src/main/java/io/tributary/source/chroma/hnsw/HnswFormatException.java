package io.tributary.source.chroma.hnsw;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file of a Chroma HNSW vector segment ({@code header.bin}, {@code data_level0.bin}, {@code
 * length.bin}, {@code index_metadata.pickle}) is not what Chroma writes: the message names the file
 * and says what is wrong with it. The segment may be caught mid-write by Chroma (it rewrites the
 * files in place), so a caller that reads a live store retries before giving up.
 */
public class HnswFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file, as a string (a {@link Path} is not serializable), or null. */
  private final String file;

  /** A problem of the given file. */
  public HnswFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file.toString();
  }

  /** A problem of the given file, caused by another one. */
  public HnswFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file.toString();
  }

  /** A problem of bytes that do not come from a file (a pickle parsed from memory). */
  public HnswFormatException(String problem) {
    super(problem);
    this.file = null;
  }

  /** The file the problem is in, when it came from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file).map(Path::of);
  }
}

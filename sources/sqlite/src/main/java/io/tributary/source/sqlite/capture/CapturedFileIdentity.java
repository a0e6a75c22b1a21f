package io.tributary.source.sqlite.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The file a capture opened, told apart from whatever is at its path later. SQLite connections keep
 * reading the file they opened: when an application (or a restore, a {@code VACUUM INTO} and
 * rename, a deploy) puts another file at the path or removes it, capture would go on reading the
 * old file, which no application writes any more, and a cutover's fence, written into the new file,
 * would never arrive. So capture compares the path's file identity (device and inode, {@link
 * BasicFileAttributes#fileKey()}) with the one it opened, at most once per {@code interval}, and
 * stops with a reason that says what happened.
 */
final class CapturedFileIdentity {
  private final Path file;
  private final Object opened;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long checkedAt;

  /**
   * @param file the file as configured
   * @param intervalMillis how often the path is looked at
   * @param clock {@link System#nanoTime()}, or a test's
   * @throws IOException when the file cannot be looked at now
   */
  CapturedFileIdentity(Path file, long intervalMillis, LongSupplier clock) throws IOException {
    this.file = file;
    this.opened = identity(file);
    this.intervalNanos = intervalMillis * 1_000_000;
    this.clock = clock;
    this.checkedAt = clock.getAsLong();
  }

  /** For the file just opened, looked at every {@code intervalMillis}. */
  static CapturedFileIdentity of(Path file, long intervalMillis) throws IOException {
    return new CapturedFileIdentity(file, intervalMillis, System::nanoTime);
  }

  /**
   * Looks at the path when the interval has passed since the last look.
   *
   * @return why capture must stop (the file was removed or replaced), null when it is the same file
   *     or it is not time to look yet
   */
  String problem() {
    long now = clock.getAsLong();
    if (now - checkedAt < intervalNanos) {
      return null;
    }
    checkedAt = now;
    Object current;
    try {
      current = identity(file);
    } catch (NoSuchFileException e) {
      return "the SQLite file "
          + file
          + " was removed while its capture read it: nothing is at that path any more. Capture"
          + " stopped (its connections would read the removed file, which no application writes);"
          + " put the file back at that path, or abandon the migration";
    } catch (IOException e) {
      return null; // cannot tell now (a permission changed mid-way): the next look tells
    }
    if (opened == null || current == null || Objects.equals(opened, current)) {
      return null;
    }
    return "the SQLite file "
        + file
        + " was replaced while its capture read it (another file is at that path now: "
        + current
        + ", capture had opened "
        + opened
        + "). Capture stopped: its connections would go on reading the old file, which no"
        + " application writes any more. It starts again on the file now at the path; if the"
        + " replacement was not meant, put the original file back";
  }

  /** The file's identity (device and inode where the file system has them), null if it has none. */
  private static Object identity(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }
}

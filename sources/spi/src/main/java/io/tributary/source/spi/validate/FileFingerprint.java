package io.tributary.source.spi.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * The size and modification time of a SQLite database file and of its write-ahead log: any
 * committed write changes one of them (in WAL mode commits only touch the {@code -wal} file).
 *
 * @param size the database file's size
 * @param modified the database file's modification time
 * @param walSize the {@code -wal} file's size, -1 without one
 * @param walModified the {@code -wal} file's modification time, null without one
 */
public record FileFingerprint(long size, Instant modified, long walSize, Instant walModified)
    implements SourceFingerprint {

  /**
   * Reads the fingerprint of a database file.
   *
   * @throws NoSuchFileException when the database file does not exist
   */
  public static FileFingerprint of(Path file) throws IOException {
    BasicFileAttributes db = Files.readAttributes(file, BasicFileAttributes.class);
    Path walFile = file.resolveSibling(file.getFileName() + "-wal");
    BasicFileAttributes wal = null;
    try {
      wal = Files.readAttributes(walFile, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      // no WAL: rollback-journal mode, or no connection has it open
    }
    return new FileFingerprint(
        db.size(),
        db.lastModifiedTime().toInstant(),
        wal == null ? -1 : wal.size(),
        wal == null ? null : wal.lastModifiedTime().toInstant());
  }

  /** The time of the last write to either file. */
  public Instant lastWrite() {
    return walModified != null && walModified.isAfter(modified) ? walModified : modified;
  }
}

package io.tributary.source.spi.validate;

import io.tributary.common.plan.SourceKind;
import java.time.Instant;

/**
 * Reads the source side of a validated table, for one kind of source. Blocking: call from a worker
 * thread. Failures are {@link ValidationException}s saying what is wrong in an operator's words.
 */
public interface ValidationSource {

  /** The kind of source it reads; the validator's registry chooses it by this. */
  SourceKind kind();

  /**
   * Reads the source table's rows in key order for a deep comparison, leaving out the rejected
   * keys.
   */
  RowScanner rowScanner(ValidatedTable table, RejectedKeys rejects);

  /** The number of rows of the source table. */
  long count(ValidatedTable table);

  /** The number of rows of the source table, and the position it was read at. */
  SourceSide counted(ValidatedTable table);

  /**
   * Reads every row: the checksum of the rows whose values all decode to their target types (as
   * apply decodes them, so equal data checksums equally on both sides), how many do not, and the
   * position the rows were read at.
   */
  SourceSide checksum(ValidatedTable table);

  /**
   * How far capture has delivered the source's changes to Kafka; unknown (never a failure) when the
   * source cannot tell.
   */
  CapturePosition captured(ValidatedTable table);

  /**
   * Whether capture is far behind a read of this table — a backlog after a pause or an outage — so
   * that no checksum taken now could be aligned with the target: continuous validation then counts
   * the table without checksumming it, leaving the CPU to the catch-up. By default, when the read
   * tells how many of the table's changes capture had not delivered: more than {@code changeLimit}.
   */
  default boolean captureFarBehind(ValidatedTable table, SourcePosition read, long changeLimit) {
    return read.undelivered() != null && read.undelivered() > changeLimit;
  }

  /** What changes when the table is written; null when it cannot be read now. */
  SourceFingerprint fingerprint(ValidatedTable table);

  /**
   * When the table was last seen written, read after its rows were: a difference seen within the
   * settle time after it may still be in flight through capture.
   *
   * @param side what was just read of the table (the count, or count and checksum)
   */
  Instant lastWrite(ValidatedTable table, SourceSide side);

  /**
   * A value that changes whenever the source table is written (a SQLite file: whenever a captured
   * table of the file is); equal marks before and after a read mean nothing was written meanwhile.
   * Used to check that a source is frozen during a final validation.
   */
  WriteMark writeMark(ValidatedTable table);

  /**
   * Whether the source table still carries the cutover freeze's guard, which refuses every writer
   * but the fallback window's write-back (SQLite: its read-only triggers; PostgreSQL: the write
   * guard). A fallback's gate leans on it instead of counting the table under the target's freeze:
   * nothing but the write-back wrote the table since the switch. False when it cannot tell (the
   * gate counts then).
   */
  default boolean writesGuarded(ValidatedTable table) {
    return false;
  }

  /**
   * The longest time this process's reads of the table's source held a lock that the source's
   * writers wait on, since the last call (which resets it), in milliseconds: what an application's
   * commit may have waited on Tributary's reads (a SQLite file in a rollback-journal mode). Null
   * when the source's readers block no writer, or it is not measured.
   */
  default Long takeLongestReadLock(ValidatedTable table) {
    return null;
  }
}

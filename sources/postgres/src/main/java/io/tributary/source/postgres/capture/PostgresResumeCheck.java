package io.tributary.source.postgres.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.capture.pgoutput.WalPositions;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * Whether capture may resume streaming from the offsets it stored, on its replication slot as the
 * slot is now: the slot must still exist, and must not be confirmed past the last commit capture
 * stored (PostgreSQL streams from the slot's confirmed position at the earliest, so the changes in
 * between would be skipped for good). Otherwise capture does not start, and says why.
 *
 * <p>Debezium's own check ({@code log.position.check.enable}) is off: it compares the slot's {@code
 * restart_lsn} with the last change processed, which Tributary stores one byte before the last
 * commit ({@link PostgresResumeSafety}), and a slot whose restart position has reached that commit
 * (nothing in flight when it was confirmed) failed it for good — capture then never started again
 * (CI, {@code PostgresResumeIT}, 2026-11-29). This check compares what decides a skip: the
 * confirmed position with the stored commit.
 */
final class PostgresResumeCheck {
  private PostgresResumeCheck() {}

  /**
   * Why capture may not resume from {@code stored}; null when it may (or when nothing was stored
   * after a snapshot: capture then starts where the snapshot step left the slot).
   *
   * @param slot the slot's name
   * @param stored the offsets the engine stored
   * @param confirmedFlush the slot's confirmed position, empty when the slot does not exist
   */
  static String refusal(String slot, Collection<JsonNode> stored, OptionalLong confirmedFlush) {
    long commit = -1;
    for (JsonNode offset : stored) {
      JsonNode lsn =
          offset.has(PostgresResumeSafety.LAST_COMMIT_LSN)
              ? offset.get(PostgresResumeSafety.LAST_COMMIT_LSN)
              : offset.path(PostgresResumeSafety.LSN);
      if (lsn.canConvertToLong()) {
        commit = Math.max(commit, lsn.asLong());
      }
    }
    if (commit < 0) {
      return null;
    }
    if (confirmedFlush.isEmpty()) {
      return "replication slot "
          + slot
          + " no longer exists, and capture stored its position in it ("
          + WalPositions.text(commit)
          + "): the changes since went with the slot, and capture does not start from a new"
          + " one; the source's tables must be read again from a snapshot";
    }
    if (confirmedFlush.getAsLong() > commit) {
      return "replication slot "
          + slot
          + " was confirmed up to "
          + WalPositions.text(confirmedFlush.getAsLong())
          + ", past the last commit capture stored ("
          + WalPositions.text(commit)
          + "): another client consumed the changes in between, which PostgreSQL no longer"
          + " sends; the source's tables must be read again from a snapshot";
    }
    return null;
  }
}

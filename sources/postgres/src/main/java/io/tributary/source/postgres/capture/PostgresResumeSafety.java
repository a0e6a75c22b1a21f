package io.tributary.source.postgres.capture;

import io.tributary.source.spi.capture.AcknowledgeableOffsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The source offsets of Debezium's PostgreSQL connector that are safe to store: those from which
 * its resume search finds the next change again after a restart (pause and resume, a crash, a lease
 * handed over).
 *
 * <p>Debezium 3.4's resume search ({@code WalPositionLocator}) misreads two kinds of stored
 * positions, and then skips changes for good:
 *
 * <ul>
 *   <li><b>A non-transactional logical decoding message</b> ({@code pg_logical_emit_message(false,
 *       …)}, written by any tool into the source database — another CDC tool's heartbeat, an
 *       application): the connector stores the message's LSN as its last commit and its last
 *       change; PostgreSQL reports a message at the end of its WAL record, which is where the next
 *       transaction's first change starts, so the search takes that change for one it processed and
 *       skips the transaction whole (debezium/dbz#1379, fixed in Debezium 3.6). Tributary's own
 *       heartbeats and fences are transactional messages for this reason; this guards against
 *       everyone else's.
 *   <li><b>A position inside a run of changes that share one LSN</b>: {@code COPY} (and every
 *       multi-row insert PostgreSQL batches into one {@code heap_multi_insert}) writes one WAL
 *       record per page of rows, and each of its rows is a change at that record's LSN. A stored
 *       position at one of them makes the search skip every other row at that LSN, including the
 *       ones not delivered yet (debezium/dbz#1554, fixed after 3.6).
 * </ul>
 *
 * Neither is stored: a record whose offset is a non-transactional message's position is not
 * acknowledged, and a change is acknowledged only once a later record of the same batch shows the
 * stream past its LSN. The offset stored is then the last position before such a record, from which
 * the search resumes correctly; the changes after it are delivered again, which apply's stored
 * positions make harmless. Snapshot records are not concerned (an unfinished snapshot is taken
 * again whole).
 */
public final class PostgresResumeSafety implements AcknowledgeableOffsets {
  /** Debezium's offset keys ({@code PostgresOffsetContext}, {@code SourceInfo}). */
  static final String LSN = "lsn";

  static final String LAST_COMMIT_LSN = "lsn_commit";
  static final String MESSAGE_TYPE = "messageType";
  static final String SNAPSHOT = "snapshot";

  /** The operations whose changes may share one LSN. */
  private static final Set<String> CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");

  private static final String MESSAGE = "MESSAGE";

  @Override
  public boolean[] of(List<SourceRecord> records) {
    boolean[] safe = new boolean[records.size()];
    // the LSNs of the records after the current one: none, one (laterLsn), or several
    Object laterLsn = null;
    boolean severalLater = false;
    for (int i = records.size() - 1; i >= 0; i--) {
      Map<String, ?> offset = records.get(i).sourceOffset();
      Object lsn = offset == null ? null : offset.get(LSN);
      boolean streamPast = severalLater || (laterLsn != null && !laterLsn.equals(lsn));
      safe[i] = safe(offset, streamPast);
      if (lsn != null) {
        severalLater = severalLater || (laterLsn != null && !laterLsn.equals(lsn));
        laterLsn = lsn;
      }
    }
    return safe;
  }

  /**
   * Whether a record's offset may be stored.
   *
   * @param streamPast a later record of the batch is at another LSN
   */
  static boolean safe(Map<String, ?> offset, boolean streamPast) {
    if (offset == null || offset.containsKey(SNAPSHOT)) {
      return true;
    }
    Object type = offset.get(MESSAGE_TYPE);
    if (MESSAGE.equals(type)) {
      // a transactional message stores the previous commit as its last commit; a
      // non-transactional one its own LSN, as if it were a commit
      return !Objects.equals(offset.get(LSN), offset.get(LAST_COMMIT_LSN));
    }
    if (type != null && CHANGES.contains(type.toString())) {
      return streamPast;
    }
    return true;
  }
}

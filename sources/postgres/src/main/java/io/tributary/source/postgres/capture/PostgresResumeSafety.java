package io.tributary.source.postgres.capture;

import io.tributary.source.spi.capture.AcknowledgeableOffsets;
import java.util.HashMap;
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
 *   <li><b>A position between transactions</b>, where the last change processed is the last commit
 *       (after a commit, a heartbeat, a transactional message before any change of its transaction,
 *       the consistent point of a snapshot): a COMMIT's LSN is the end of its record, where the
 *       next WAL record starts. When that record is a change of a transaction that began before the
 *       commit and commits after it (any two sessions writing at once), the search takes it for the
 *       change it processed last and skips that transaction's changes up to it (debezium/dbz#76,
 *       fixed in Debezium 3.7; a soak lost three rows of one transaction that way after a restart).
 * </ul>
 *
 * The first two are not stored: a record whose offset is a non-transactional message's position is
 * not acknowledged, and a change is acknowledged only once a later record of the same batch shows
 * the stream past its LSN. The offset stored is then the last position before such a record, from
 * which the search resumes correctly; the changes after it are delivered again, which apply's
 * stored positions make harmless. Snapshot records are not concerned (an unfinished snapshot is
 * taken again whole). The third is stored in a form that names the same position ({@link #stored}):
 * the last change processed one byte before the last commit, where no record starts, so the search
 * matches no message and resumes at the first transaction that commits after the stored commit,
 * from its start.
 */
public final class PostgresResumeSafety implements AcknowledgeableOffsets {
  /** Debezium's offset keys ({@code PostgresOffsetContext}, {@code SourceInfo}). */
  static final String LSN = "lsn";

  static final String LAST_COMMIT_LSN = "lsn_commit";
  static final String LAST_PROCESSED_LSN = "lsn_proc";
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

  @Override
  public Map<String, ?> stored(Map<String, ?> offset) {
    if (offset == null || offset.containsKey(SNAPSHOT)) {
      return offset;
    }
    Object processed = offset.get(LAST_PROCESSED_LSN);
    if (!(processed instanceof Long last) || !processed.equals(offset.get(LAST_COMMIT_LSN))) {
      return offset;
    }
    Map<String, Object> stored = new HashMap<>(offset);
    stored.put(LAST_PROCESSED_LSN, beforeCommit(last));
    return stored;
  }

  /**
   * The last change processed to store for a position at a commit: one byte before the commit's
   * LSN. WAL records start at 8-byte boundaries and every LSN PostgreSQL sends for a message is one
   * (a record's start or end), so no message matches it; and the server, asked to stream from
   * there, sends exactly the transactions that commit after the commit (those whose commit record
   * starts at or after it). The last commit stored is unchanged, and it is what Debezium confirms
   * to the slot.
   *
   * @param commitLsn the last commit's LSN
   */
  static long beforeCommit(long commitLsn) {
    return commitLsn - 1;
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

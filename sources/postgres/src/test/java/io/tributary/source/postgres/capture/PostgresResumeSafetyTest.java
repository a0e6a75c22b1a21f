package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.postgresql.connection.LogicalDecodingMessage;
import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.ReplicationMessage;
import io.debezium.connector.postgresql.connection.ReplicationMessage.Operation;
import io.debezium.connector.postgresql.connection.TransactionMessage;
import io.debezium.connector.postgresql.connection.WalPositionLocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which Debezium PostgreSQL offsets capture stores, and why: each scenario replays, through
 * Debezium's own resume search ({@link WalPositionLocator} of the version on the classpath) and the
 * filter that follows it, the messages PostgreSQL sends a restarted capture. Resumed from the
 * offset Debezium would have stored, changes are skipped (the upstream defects); resumed from the
 * offset {@link PostgresResumeSafety} lets capture store, every change arrives.
 *
 * <p>The LSNs follow what PostgreSQL 15's {@code pgoutput} sends: a transaction's BEGIN carries the
 * LSN of its first change, a COMMIT the end of its commit record (where the next record starts), a
 * logical decoding message the end of its record, and every row of one {@code COPY} page the LSN of
 * that page's one WAL record.
 */
class PostgresResumeSafetyTest {
  private final PostgresResumeSafety safety = new PostgresResumeSafety();

  @Test
  @DisplayName(
      "a non-transactional message stored last: Debezium skips the next transaction; held back,"
          + " it arrives")
  void nonTransactionalMessage() {
    // delivered before the stop: T0's insert, T0's commit (a heartbeat record carries it), then a
    // non-transactional message at 300 (the heartbeat record of its commit carries it)
    SourceRecord insert = record(offset(100, 100, 50, "INSERT"));
    SourceRecord committed = record(offset(200, 200, 200, "COMMIT"));
    SourceRecord message = record(offset(300, 300, 300, "MESSAGE"));
    boolean[] storable = safety.of(List.of(insert, committed, message));
    assertThat(storable).containsExactly(true, true, false);

    // written while capture was stopped: T1, whose first change is the WAL record right after
    // the message's
    List<Sent> afterRestart = List.of(begin(300, 11), insert(300, "t1"), commit(400, 11));

    // what Debezium stores without the guard: the message's position
    assertThat(resume(message.sourceOffset(), afterRestart))
        .as("Debezium 3.4 resumed from a non-transactional message's position (dbz#1379)")
        .isEmpty();
    // what capture stores: the commit before it; the server also sends the message again
    List<Sent> fromCommit = new ArrayList<>();
    fromCommit.add(message(300, false));
    fromCommit.addAll(afterRestart);
    assertThat(resume(lastStorable(List.of(insert, committed, message)), fromCommit))
        .contains("t1");
  }

  @Test
  @DisplayName("a transactional message (a fence, a heartbeat) is stored: the search handles it")
  void transactionalMessage() {
    // a fence's transaction: BEGIN and message at the end of the message's record, 600
    SourceRecord fence = record(offset(600, 500, 500, "MESSAGE"));
    assertThat(safety.of(List.of(fence))).containsExactly(true);
    List<Sent> afterRestart =
        List.of(
            begin(600, 20),
            message(600, true),
            commit(640, 20),
            begin(640, 21),
            insert(640, "t21"),
            commit(700, 21));
    assertThat(resume(fence.sourceOffset(), afterRestart)).contains("t21");
  }

  @Test
  @DisplayName(
      "rows of one COPY page share an LSN: stored in the middle, Debezium skips the rest; held"
          + " back to the last position before them, all arrive")
  void rowsSharingOneLsn() {
    SourceRecord before = record(offset(500, 500, 500, "COMMIT"));
    SourceRecord row1 = record(offset(1000, 1000, 500, "INSERT"));
    SourceRecord row2 = record(offset(1000, 1000, 500, "INSERT"));
    SourceRecord row3 = record(offset(1000, 1000, 500, "INSERT"));
    // the batch ends inside the page: none of its rows is stored
    assertThat(safety.of(List.of(before, row1, row2, row3)))
        .containsExactly(true, false, false, false);

    List<Sent> afterRestart = new ArrayList<>();
    afterRestart.add(begin(1000, 30));
    for (int i = 1; i <= 5; i++) {
      afterRestart.add(insert(1000, "row" + i));
    }
    for (int i = 6; i <= 10; i++) {
      afterRestart.add(insert(2000, "row" + i));
    }
    afterRestart.add(commit(3000, 30));

    assertThat(resume(row3.sourceOffset(), afterRestart))
        .as("Debezium 3.4 resumed inside a run of one LSN (dbz#1554): rows 4 and 5 skipped")
        .doesNotContain("row4", "row5")
        .contains("row6");
    assertThat(resume(lastStorable(List.of(before, row1, row2, row3)), afterRestart))
        .containsSubsequence("row1", "row2", "row3", "row4", "row5", "row6", "row10");
  }

  @Test
  @DisplayName(
      "stored at a commit, and the next WAL record a change of a transaction begun before it:"
          + " Debezium skips that transaction's changes up to it; stored before the commit, all"
          + " arrive")
  void commitFollowedByAnInterleavedChange() {
    // the soak's loss: T0 committed at 0x4B43A68 (a heartbeat record carries the position); T1 had
    // begun before (its first change at 0x4B42830) and its next change is the WAL record right
    // after T0's commit record, so it has T0's commit LSN
    SourceRecord t0 = record(offset(0x4B43A00, 0x4B43A00, 0x4B43900, "INSERT"));
    SourceRecord committed = record(offset(0x4B43A68, 0x4B43A68, 0x4B43A68, "COMMIT"));
    assertThat(safety.of(List.of(t0, committed))).containsExactly(true, true);
    List<Sent> afterRestart =
        List.of(
            begin(0x4B42830, 40),
            insert(0x4B42830, "items 125232"),
            insert(0x4B429A0, "docs 125233"),
            insert(0x4B43A68, "items 125234"),
            insert(0x4B43B28, "items 125235"),
            commit(0x4B43C00, 40),
            begin(0x4B43C00, 41),
            insert(0x4B43C00, "t41"),
            commit(0x4B43D00, 41));

    assertThat(resume(committed.sourceOffset(), afterRestart))
        .as("Debezium 3.4 took T1's change at T0's commit LSN for one processed (dbz#76)")
        .doesNotContain("items 125232", "docs 125233", "items 125234")
        .contains("items 125235");
    Map<String, ?> stored = lastStorable(List.of(t0, committed));
    assertThat(stored.get("lsn")).isEqualTo(0x4B43A68L);
    assertThat(stored.get("lsn_commit")).isEqualTo(0x4B43A68L);
    assertThat(stored.get("lsn_proc")).isEqualTo(0x4B43A67L);
    assertThat(resume(stored, afterRestart))
        .containsExactly("items 125232", "docs 125233", "items 125234", "items 125235", "t41");
  }

  @Test
  @DisplayName(
      "stored at a commit, and the next transaction starts right after it: it arrives whole, as"
          + " before")
  void commitFollowedByTheNextTransaction() {
    SourceRecord committed = record(offset(800, 800, 800, "COMMIT"));
    List<Sent> afterRestart =
        List.of(begin(800, 50), insert(800, "a"), insert(880, "b"), commit(960, 50));
    assertThat(resume(lastStorable(List.of(committed)), afterRestart)).containsExactly("a", "b");
  }

  @Test
  @DisplayName(
      "the position a snapshot starts streaming from (no operation) and a transactional message"
          + " before any change are stored before their commit; a change's position as it is")
  void otherPositionsAtACommit() {
    Map<String, Object> afterSnapshot = new HashMap<>();
    afterSnapshot.put("lsn", 900L);
    afterSnapshot.put("lsn_proc", 900L);
    afterSnapshot.put("lsn_commit", 900L);
    assertThat(safety.stored(afterSnapshot).get("lsn_proc")).isEqualTo(899L);
    assertThat(safety.stored(afterSnapshot).get("lsn_commit")).isEqualTo(900L);
    List<Sent> interleaved =
        List.of(begin(700, 60), insert(700, "x"), insert(900, "y"), commit(980, 60));
    assertThat(resume(afterSnapshot, interleaved)).doesNotContain("x", "y");
    assertThat(resume(safety.stored(afterSnapshot), interleaved)).containsExactly("x", "y");

    Map<String, ?> heartbeat = offset(1000, 900, 900, "MESSAGE");
    assertThat(safety.stored(heartbeat).get("lsn_proc")).isEqualTo(899L);
    Map<String, ?> change = offset(1000, 1000, 900, "INSERT");
    assertThat(safety.stored(change)).isSameAs(change);
  }

  @Test
  @DisplayName("a change is stored once a later record of the batch is at another LSN")
  void changesStoredOncePassed() {
    SourceRecord a = record(offset(1000, 1000, 500, "INSERT"));
    SourceRecord b = record(offset(1000, 1000, 500, "INSERT"));
    SourceRecord c = record(offset(2000, 2000, 500, "UPDATE"));
    SourceRecord heartbeatOfC = record(offset(2000, 2000, 500, "UPDATE"));
    SourceRecord d = record(offset(1500, 1500, 2100, "DELETE"));
    assertThat(safety.of(List.of(a, b, c, heartbeatOfC, d)))
        .containsExactly(true, true, true, true, false);
    assertThat(safety.of(List.of(a, b, c, heartbeatOfC))).containsExactly(true, true, false, false);
  }

  @Test
  @DisplayName("snapshot records, offsets without a type and records without offsets are stored")
  void otherRecords() {
    Map<String, Object> snapshot = new HashMap<>();
    snapshot.put("lsn", 100L);
    snapshot.put("snapshot", "INITIAL");
    snapshot.put("last_snapshot_record", false);
    Map<String, Object> afterSnapshot = new HashMap<>();
    afterSnapshot.put("lsn", 100L);
    afterSnapshot.put("txId", 7L);
    assertThat(
            safety.of(
                List.of(record(snapshot), record(snapshot), record(afterSnapshot), record(null))))
        .containsExactly(true, true, true, true);
  }

  // ---------------------------------------------------------------------------------------------

  /** A message PostgreSQL sends, at the LSN the replication stream reports for it. */
  private record Sent(long lsn, ReplicationMessage message, String row) {}

  /**
   * Debezium's restart: the resume search over the stream, then the stream again through the
   * search's filter (BEGIN and COMMIT always pass, as its pgoutput decoder lets them). Returns the
   * rows and messages delivered.
   */
  private static List<String> resume(Map<String, ?> stored, List<Sent> stream) {
    Long commit = (Long) stored.get("lsn_commit");
    Long processed = (Long) stored.get("lsn_proc");
    WalPositionLocator locator =
        new WalPositionLocator(
            commit == null ? null : Lsn.valueOf(commit),
            Lsn.valueOf(processed),
            stored.get("messageType") == null
                ? null
                : Operation.valueOf((String) stored.get("messageType")));
    Optional<Lsn> found = Optional.empty();
    for (Sent sent : stream) {
      found = locator.resumeFromLsn(Lsn.valueOf(sent.lsn()), sent.message());
      if (found.isPresent()) {
        break;
      }
    }
    if (found.isEmpty()) {
      return List.of(); // the search goes on waiting: nothing of this stream is delivered
    }
    locator.enableFiltering();
    List<String> delivered = new ArrayList<>();
    for (Sent sent : stream) {
      boolean skip = locator.skipMessage(Lsn.valueOf(sent.lsn()));
      Operation op = sent.message().getOperation();
      if (op == Operation.BEGIN || op == Operation.COMMIT || skip) {
        continue;
      }
      delivered.add(sent.row());
    }
    return delivered;
  }

  private Map<String, ?> lastStorable(List<SourceRecord> batch) {
    boolean[] storable = safety.of(batch);
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (storable[i]) {
        return safety.stored(batch.get(i).sourceOffset());
      }
    }
    throw new AssertionError("nothing storable in the batch");
  }

  private static Map<String, Object> offset(long lsn, long processed, long commit, String type) {
    Map<String, Object> o = new HashMap<>();
    o.put("lsn", lsn);
    o.put("lsn_proc", processed);
    o.put("lsn_commit", commit);
    o.put("messageType", type);
    o.put("txId", 1L);
    return o;
  }

  private static SourceRecord record(Map<String, ?> offset) {
    return new SourceRecord(Map.of("server", "s"), offset, "t", null, null, null, null);
  }

  private static Sent begin(long lsn, long xid) {
    return new Sent(lsn, new TransactionMessage(Operation.BEGIN, xid, Instant.EPOCH), null);
  }

  private static Sent commit(long lsn, long xid) {
    return new Sent(lsn, new TransactionMessage(Operation.COMMIT, xid, Instant.EPOCH), null);
  }

  private static Sent message(long lsn, boolean transactional) {
    return new Sent(
        lsn,
        new LogicalDecodingMessage(
            Operation.MESSAGE,
            Instant.EPOCH,
            transactional ? 1L : null,
            transactional,
            "other",
            new byte[0]),
        "message@" + lsn);
  }

  private static Sent insert(long lsn, String row) {
    return new Sent(lsn, new Change(Operation.INSERT), row);
  }

  /** A row change as the search sees it: only its operation matters there. */
  private record Change(Operation operation) implements ReplicationMessage {
    @Override
    public Operation getOperation() {
      return operation;
    }

    @Override
    public Instant getCommitTime() {
      return Instant.EPOCH;
    }

    @Override
    public OptionalLong getTransactionId() {
      return OptionalLong.of(1);
    }

    @Override
    public String getTable() {
      return "public.items";
    }

    @Override
    public List<Column> getOldTupleList() {
      return List.of();
    }

    @Override
    public List<Column> getNewTupleList() {
      return List.of();
    }

    @Override
    public boolean isLastEventForLsn() {
      return true;
    }
  }
}

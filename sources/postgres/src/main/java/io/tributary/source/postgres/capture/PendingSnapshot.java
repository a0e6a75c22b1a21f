package io.tributary.source.postgres.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * Whether Debezium's PostgreSQL connector (snapshot mode {@code initial}) will take a snapshot when
 * started from the given stored offsets: when it stored none, or when the last one was stored
 * during the initial snapshot ({@code "snapshot": "INITIAL"} — {@code true} before Debezium 2.5 —
 * and no {@code "snapshot_completed": true}), as Debezium's {@code
 * CommonOffsetContext.isInitialSnapshotRunning} reads them.
 *
 * <p>Such a snapshot must not run on an existing replication slot: Debezium then reads the tables
 * in a transaction of its own and starts streaming at the WAL position it read in it, not at the
 * slot's consistent point, so a transaction committed around that moment is read by the snapshot
 * and streamed again, or by neither (the soak's seed 102 doubled and lost rows of a keyless table
 * that way). With the slot dropped, Debezium creates it anew and reads the snapshot the slot
 * exports: the snapshot and the stream meet exactly.
 */
final class PendingSnapshot {
  private PendingSnapshot() {}

  /** True when a start from {@code offsets} (the engine's offsets in force) takes a snapshot. */
  static boolean at(Collection<JsonNode> offsets) {
    if (offsets.isEmpty()) {
      return true;
    }
    for (JsonNode offset : offsets) {
      if (initialRunning(offset)) {
        return true;
      }
    }
    return false;
  }

  private static boolean initialRunning(JsonNode offset) {
    JsonNode snapshot = offset.path("snapshot");
    boolean initial =
        snapshot.isBoolean()
            ? snapshot.booleanValue()
            : ("INITIAL".equals(snapshot.asText("")) || "true".equals(snapshot.asText("")));
    JsonNode completed = offset.path("snapshot_completed");
    boolean done =
        completed.isBoolean() ? completed.booleanValue() : "true".equals(completed.asText(""));
    return initial && !done;
  }
}

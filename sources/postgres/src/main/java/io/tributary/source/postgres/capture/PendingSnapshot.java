package io.tributary.source.postgres.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * Whether the offsets Debezium's PostgreSQL connector stored leave a snapshot to take before it
 * streams: when it stored none, or when the last one was stored during an initial snapshot of its
 * own ({@code "snapshot": "INITIAL"} — {@code true} before Debezium 2.5 — and no {@code
 * "snapshot_completed": true}, as Debezium's {@code CommonOffsetContext.isInitialSnapshotRunning}
 * reads them: a capture that Tributary's earlier versions started, whose snapshot Debezium read).
 * Offsets stored after a complete snapshot mean the capture streams: it resumes from them.
 *
 * <p>Tributary reads the snapshot itself ({@link
 * io.tributary.source.postgres.capture.snapshot.ParallelSnapshotStep}), and Debezium stores its
 * first offset only once it streams; with none stored, the control schema says whether the snapshot
 * was sent ({@link PostgresSourceCapture}).
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

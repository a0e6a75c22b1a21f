package io.tributary.orchestrator.state;

import java.time.OffsetDateTime;

/**
 * One source of a migration and its capture's state.
 *
 * @param name the plan's source name
 * @param kind sqlite, postgres
 * @param targetSchema its (first) target schema
 * @param slotLagBytes PostgreSQL: WAL bytes written after the position capture last confirmed; null
 *     for other kinds or before capture first reported
 * @param slotRetainedBytes PostgreSQL: WAL bytes the replication slot holds back in the source
 * @param slotCheckedAt when capture last read the slot
 * @param captureError why its capture is failing, or null while it works
 * @param captureErrorAt when it last failed
 * @param captureFailures how many times it failed since it last worked
 */
public record SourceProgress(
    String name,
    String kind,
    String targetSchema,
    Long slotLagBytes,
    Long slotRetainedBytes,
    OffsetDateTime slotCheckedAt,
    String captureError,
    OffsetDateTime captureErrorAt,
    int captureFailures) {

  /** Why the source's tables cannot progress now, or null. */
  public String problem() {
    return captureError == null
        ? null
        : "capture of source '"
            + name
            + "' is failing ("
            + captureFailures
            + (captureFailures == 1 ? " attempt" : " attempts")
            + ", last at "
            + captureErrorAt
            + "): "
            + captureError;
  }
}

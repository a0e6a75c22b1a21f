package io.tributary.orchestrator.history;

import io.tributary.orchestrator.state.MigrationDetail;
import io.tributary.orchestrator.state.TableProgress;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One sample of a migration's progress, as {@code GET /migrations/{id}} showed it at {@code at}:
 * what the web UI's charts draw over the migration's life.
 *
 * @param at when it was taken
 * @param state the migration's state then
 * @param tables each table's numbers then
 * @param sources each source's numbers then
 */
public record ProgressSample(
    OffsetDateTime at, String state, List<TableSample> tables, List<SourceSample> sources) {

  /**
   * One table in a sample.
   *
   * @param table {@code source.table}, as the plan names it
   * @param targetRows rows in the target at the latest validation (what the rows-per-second chart
   *     is drawn from: a snapshot travels as chunks on the source's snapshot topic, so the table
   *     topic's records count its changes only); null before any
   * @param applied records of its table topic apply has committed (its changes); null before any
   * @param lag change events in Kafka apply has not committed; null when unknown
   * @param rejected rows apply could not write
   * @param validation the latest validation's status, null before any
   */
  public record TableSample(
      String table, Long targetRows, Long applied, Long lag, long rejected, String validation) {}

  /**
   * One source in a sample.
   *
   * @param source the plan's source name
   * @param slotRetainedBytes WAL its replication slot holds back (PostgreSQL); null otherwise
   */
  public record SourceSample(String source, Long slotRetainedBytes) {}

  /** The sample of {@code detail} taken at {@code at}. */
  public static ProgressSample of(MigrationDetail detail, OffsetDateTime at) {
    return new ProgressSample(
        at,
        detail.state().name(),
        detail.tables().stream().map(ProgressSample::table).toList(),
        detail.sources().stream()
            .map(s -> new SourceSample(s.name(), s.slotRetainedBytes()))
            .toList());
  }

  private static TableSample table(TableProgress t) {
    return new TableSample(
        t.source() + "." + t.sourceTable(),
        t.targetRows(),
        t.appliedRecords(),
        t.applyLag(),
        t.rejectedRows(),
        t.validation() == null ? null : t.validation().status().name());
  }
}

package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.Topics;
import io.tributary.common.fault.FaultPoints;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.SnapshotPublisher;
import io.tributary.source.spi.capture.SnapshotRange;
import io.tributary.source.spi.capture.SnapshotTopicRecords;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a PostgreSQL source's snapshot read goes in cdc-service: each chunk on the source's
 * snapshot topic; a range done recorded as a checkpoint ({@link
 * CaptureRecords#recordSnapshotRange}) once Kafka acknowledged every chunk sent before it; a table
 * done closed by its end marker, and recorded as sent once Kafka acknowledged that marker.
 */
public final class PublishedSnapshotSink implements SnapshotSink {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedSnapshotSink.class);

  private final SnapshotPublisher publisher;
  private final CaptureRecords records;
  private final String migration;
  private final String source;
  private final long generation;
  private final String snapshotTopic;

  /**
   * @param generation the generation the chunks belong to (stamped on each record)
   */
  public PublishedSnapshotSink(
      SnapshotPublisher publisher,
      CaptureRecords records,
      String migration,
      String source,
      long generation) {
    this.publisher = publisher;
    this.records = records;
    this.migration = migration;
    this.source = source;
    this.generation = generation;
    this.snapshotTopic = Topics.snapshotTopic(migration, source);
  }

  @Override
  public void publish(TableDef table, SnapshotChunk chunk) {
    FaultPoints.reach("capture.before-chunk");
    publisher.send(
        List.of(
            SnapshotTopicRecords.chunk(
                snapshotTopic, table.topic(), chunk.copy(), chunk.headers(), generation)));
  }

  @Override
  public void rangeDone(TableDef table, CtidRange range, TableTotals totals) {
    flush();
    records.recordSnapshotRange(
        migration,
        source,
        generation,
        new SnapshotRange(
            table.topic(), range.label(), totals.chunks(), totals.rows(), totals.rejects()));
    FaultPoints.reach("capture.after-range");
  }

  @Override
  public void tableDone(TableDef table, TableTotals totals) {
    publisher.send(
        List.of(
            SnapshotTopicRecords.end(
                snapshotTopic,
                new SnapshotEnd(
                    table.topic(), generation, totals.chunks(), totals.rows(), totals.rejects()))));
    flush();
    records.markSnapshotSent(
        migration,
        source,
        table.sourceSchema(),
        table.sourceTable(),
        totals.rows() + totals.rejects());
    LOG.info(
        "Snapshot of {}/{} delivered to Kafka: {} rows in {} chunks, {} rejected",
        migration,
        table.qualifiedSourceName(),
        totals.rows(),
        totals.chunks(),
        totals.rejects());
  }

  private void flush() {
    try {
      publisher.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Kafka acknowledged the snapshot", e);
    }
  }
}

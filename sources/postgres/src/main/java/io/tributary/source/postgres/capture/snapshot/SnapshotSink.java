package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;

/**
 * Where a PostgreSQL snapshot read's results go: its chunks (to be published on the source's
 * snapshot topic), each block range finished (a checkpoint a resumed read skips) and each table
 * finished (its end marker). Called from the reader threads; the calls for one table are never
 * concurrent and come in order: its chunks in number order, a range after every chunk of it, the
 * table after its last range. An implementation that publishes asynchronously records a range or a
 * table only once every chunk handed before has been acknowledged.
 */
public interface SnapshotSink {
  /** Publishes a chunk of {@code table}. */
  void publish(TableDef table, SnapshotChunk chunk);

  /**
   * Every row of {@code range} of {@code table} is in the chunks published so far.
   *
   * @param totals the table's totals so far (its chunks, of every range, numbered up to {@code
   *     totals.chunks()})
   */
  void rangeDone(TableDef table, CtidRange range, TableTotals totals);

  /** Every range of {@code table} is done. */
  void tableDone(TableDef table, TableTotals totals);

  /**
   * What a table's snapshot has sent so far, in this generation (a resumed read's included).
   *
   * @param chunks the chunks published: the number of the last one
   * @param rows the rows in them
   * @param rejects the rows refused in them
   */
  record TableTotals(long chunks, long rows, long rejects) {
    /** Nothing sent yet. */
    public static final TableTotals NONE = new TableTotals(0, 0, 0);
  }
}

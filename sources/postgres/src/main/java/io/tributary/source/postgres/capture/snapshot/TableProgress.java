package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.source.postgres.capture.snapshot.SnapshotSink.TableTotals;

/**
 * One table's progress through a snapshot read whose ranges several readers read at once: numbers
 * its chunks in the order they are published (consecutive from the last one an earlier read sent),
 * counts its rows and rejects, and says when its last range is done. Thread-safe: one reader at a
 * time talks to the sink about the table.
 */
final class TableProgress {
  private final TableDef table;
  private final SnapshotSink sink;
  private int rangesLeft;
  private long chunks;
  private long rows;
  private long rejects;

  /**
   * @param ranges the ranges this read reads of the table
   * @param sent what an earlier read of the generation sent
   */
  TableProgress(TableDef table, SnapshotSink sink, int ranges, TableTotals sent) {
    this.table = table;
    this.sink = sink;
    this.rangesLeft = ranges;
    this.chunks = sent.chunks();
    this.rows = sent.rows();
    this.rejects = sent.rejects();
  }

  TableDef table() {
    return table;
  }

  /** Publishes a chunk of one of the table's ranges, numbered after the last one published. */
  synchronized void publish(SnapshotChunk chunk) {
    chunks++;
    rows += chunk.rows();
    rejects += chunk.rejects().size();
    sink.publish(
        table,
        new SnapshotChunk(
            chunk.table(),
            chunk.generation(),
            chunks,
            chunk.rows(),
            chunk.position(),
            chunk.range(),
            chunk.columns(),
            chunk.copy(),
            chunk.rejects()));
  }

  /** A range's chunks are all published; the table is done after its last range. */
  synchronized void rangeDone(CtidRange range) {
    TableTotals totals = new TableTotals(chunks, rows, rejects);
    sink.rangeDone(table, range, totals);
    if (--rangesLeft == 0) {
      sink.tableDone(table, totals);
    }
  }

  /** Says a table with nothing left to read is done. */
  synchronized void doneIfNothingLeft() {
    if (rangesLeft == 0) {
      sink.tableDone(table, new TableTotals(chunks, rows, rejects));
    }
  }
}

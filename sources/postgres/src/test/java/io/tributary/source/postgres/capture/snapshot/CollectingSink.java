package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyRows;
import io.tributary.common.event.SnapshotChunk;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A snapshot sink that keeps what it is given, checking the order the runner promises. */
class CollectingSink implements SnapshotSink {
  final List<SnapshotChunk> chunks = new ArrayList<>();
  final Map<String, List<CtidRange>> ranges = new ConcurrentHashMap<>();
  final Map<String, TableTotals> tables = new ConcurrentHashMap<>();
  private final Map<String, Long> lastNumbers = new ConcurrentHashMap<>();

  @Override
  public synchronized void publish(TableDef table, SnapshotChunk chunk) {
    assertThat(tables).as("a chunk after its table was done").doesNotContainKey(table.topic());
    long last = lastNumbers.getOrDefault(table.topic(), chunk.number() - 1);
    assertThat(chunk.number()).as("chunks numbered in order").isEqualTo(last + 1);
    lastNumbers.put(table.topic(), chunk.number());
    assertThat(chunk.table()).isEqualTo(table.topic());
    chunks.add(chunk);
  }

  @Override
  public synchronized void rangeDone(TableDef table, CtidRange range, TableTotals totals) {
    ranges.computeIfAbsent(table.topic(), t -> new ArrayList<>()).add(range);
    assertThat(totals.chunks()).isEqualTo(lastNumbers.getOrDefault(table.topic(), totals.chunks()));
  }

  @Override
  public synchronized void tableDone(TableDef table, TableTotals totals) {
    assertThat(tables.put(table.topic(), totals)).as("a table done twice").isNull();
  }

  /** The chunks of one table, in the order they were published. */
  synchronized List<SnapshotChunk> chunks(TableDef table) {
    return chunks.stream().filter(c -> c.table().equals(table.topic())).toList();
  }

  /** The bigint first column of every row of a table's chunks. */
  synchronized List<Long> firstColumn(TableDef table) {
    List<Long> values = new ArrayList<>();
    chunks(table).forEach(chunk -> values.addAll(firstColumn(chunk)));
    return values;
  }

  /** The bigint first column of every row of a chunk. */
  static List<Long> firstColumn(SnapshotChunk chunk) {
    CopyRows rows = CopyRows.index(chunk.copy());
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < rows.count(); i++) {
      values.add(ByteBuffer.wrap(rows.field(i, 0)).getLong());
    }
    return values;
  }
}

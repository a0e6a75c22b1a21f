package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.postgres.capture.snapshot.SnapshotSink.TableTotals;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a PostgreSQL snapshot read reads: the tables of the plan, the generation their chunks belong
 * to, which tables' rows carry their record key, and, for a read resumed in the same generation,
 * what each table already finished.
 *
 * @param tables the tables, as recorded
 * @param generation the snapshot generation
 * @param withKeys whether a table's rows carry their key and place ({@code _tributary_key}, {@code
 *     _tributary_row}): a table loaded without its key, built when its snapshot is in
 * @param resumed by table topic: the ranges an earlier read of this generation finished and the
 *     totals it sent; a table absent starts afresh
 */
public record SnapshotJob(
    List<TableDef> tables,
    long generation,
    Predicate<TableDef> withKeys,
    Map<String, Resumed> resumed) {
  public SnapshotJob {
    tables = List.copyOf(tables);
    resumed = Map.copyOf(resumed);
  }

  /**
   * What an earlier read of the generation finished of a table.
   *
   * @param done the ranges done
   * @param totals what it had sent when it recorded its last range
   */
  public record Resumed(List<CtidRange> done, TableTotals totals) {
    public Resumed {
      done = List.copyOf(done);
    }
  }

  /** The earlier read's progress on {@code table}: nothing when it is not resumed. */
  Resumed resumed(TableDef table) {
    return resumed.getOrDefault(table.topic(), new Resumed(List.of(), TableTotals.NONE));
  }
}

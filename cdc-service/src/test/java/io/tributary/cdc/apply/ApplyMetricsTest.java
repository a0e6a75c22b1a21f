package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.TargetType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Apply's per-table counters count what a committed batch wrote, deleted and rejected. */
class ApplyMetricsTest {
  private static AppliedTable table(String name) {
    return AppliedTable.of(
        "m1",
        new TableDef(
            "app",
            "main",
            name,
            "app",
            name,
            "tributary.m1.app.main." + name,
            List.of(new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false))));
  }

  private static ChangeRecord record(String key) {
    return new ChangeRecord("t", 0, 0, key, "{}".getBytes(), null, 0);
  }

  private static TableWork work(AppliedTable table, int writes, int deletes) {
    List<Object[]> rows = Collections.nCopies(writes, new Object[] {1L});
    List<ChangeRecord> records = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      records.add(record(String.valueOf(i)));
    }
    List<Object[]> gone = Collections.nCopies(deletes, new Object[] {2L});
    List<ChangeRecord> goneRecords = new ArrayList<>();
    for (int i = 0; i < deletes; i++) {
      goneRecords.add(record("d" + i));
    }
    return new TableWork(table, rows, records, gone, goneRecords);
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }

  @Test
  void countsEachTablesRowsOnceCommitted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ApplyMetrics metrics = new ApplyMetrics(registry);
    AppliedTable items = table("items");
    AppliedTable notes = table("notes");

    metrics.committed(List.of(work(items, 3, 1), work(notes, 2, 0)), List.of());
    TableWork refusedOne = work(items, 5, 0);
    metrics.committed(
        List.of(refusedOne),
        List.of(
            // refused by the target: among the work's rows, not written
            Reject.of(items, refusedOne.upsertRecords().get(0), "value too long"),
            // found while decoding: not among the work's rows
            Reject.of(items, record("8"), "does not fit"),
            new Reject(null, null, null, record("7"), null, "unknown topic")));

    String[] itemsTags = {"migration", "m1", "source", "app", "table", "items"};
    assertThat(count(registry, ApplyMetrics.ROWS, with(itemsTags, "op", "write"))).isEqualTo(7);
    assertThat(count(registry, ApplyMetrics.ROWS, with(itemsTags, "op", "delete"))).isEqualTo(1);
    assertThat(count(registry, ApplyMetrics.ROWS, "table", "notes", "op", "write")).isEqualTo(2);
    assertThat(registry.find(ApplyMetrics.ROWS).tags("table", "notes", "op", "delete").counter())
        .as("no delete counted for a table without deletes")
        .isNull();
    assertThat(count(registry, ApplyMetrics.REJECTS, itemsTags)).isEqualTo(2);
    assertThat(registry.find(ApplyMetrics.REJECTS).counters()).hasSize(1);
  }

  private static String[] with(String[] tags, String key, String value) {
    String[] all = Arrays.copyOf(tags, tags.length + 2);
    all[tags.length] = key;
    all[tags.length + 1] = value;
    return all;
  }
}

package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TableWorkTest {
  private static ChangeRecord record(String key, long generation) {
    return new ChangeRecord("t", 0, 0, key, "{}".getBytes(), null, generation);
  }

  @Test
  @DisplayName("Records of generations older than the table's are dropped, rows and records alike")
  void dropsOlderGenerations() {
    TableWork work =
        new TableWork(
            null,
            List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}),
            List.of(record("1", 1), record("2", 2), record("3", 3)),
            List.of(new Object[] {4}, new Object[] {5}),
            List.of(record("4", 1), record("5", 2)));

    TableWork kept = work.from(2);

    assertThat(kept.upsertRecords()).extracting(ChangeRecord::key).containsExactly("2", "3");
    assertThat(kept.upserts()).extracting(row -> row[0]).containsExactly(2, 3);
    assertThat(kept.deleteRecords()).extracting(ChangeRecord::key).containsExactly("5");
    assertThat(kept.deletes()).extracting(row -> row[0]).containsExactly(5);
    assertThat(work.from(1)).isSameAs(work);
    assertThat(work.from(4).upserts()).isEmpty();
  }
}

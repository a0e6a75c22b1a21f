package io.tributary.validator.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.JsonText;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RowScanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TableDifferTest {
  private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

  private static final TableDef TABLE =
      new TableDef(
          "src",
          "main",
          "docs",
          "app",
          "docs",
          "t",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("title", "TEXT", "title", TargetType.TEXT, 0, true),
              new ColumnDef("meta", "TEXT", "meta", TargetType.JSONB, 0, true),
              new ColumnDef("embedding", "BLOB", "embedding", TargetType.VECTOR, 0, true)));

  @AfterAll
  static void stop() {
    EXECUTOR.shutdown();
  }

  private static List<Object> row(long id) {
    return new ArrayList<>(
        Arrays.asList(
            id,
            id % 10 == 0 ? null : "title " + id,
            JsonText.parse("{\"a\":" + id + ",\"b\":[1,2]}"),
            new float[] {id, 0.5f, -1.25f}));
  }

  private static List<List<Object>> rows(int n) {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      rows.add(row(id));
    }
    return rows;
  }

  /** Rows from memory; counts its scans. */
  static class ListScanner implements RowScanner {
    final List<List<Object>> rows;
    int scans;
    int rejected;
    List<ObjectNode> undecodable = List.of();

    ListScanner(List<List<Object>> rows) {
      this.rows = rows;
    }

    @Override
    public void scan(RowSink sink) {
      scans++;
      List<Object> reused = new ArrayList<>();
      for (List<Object> row : rows) {
        reused.clear();
        reused.addAll(row); // sinks must copy what they keep
        sink.row(reused);
      }
      for (int i = 0; i < rejected; i++) {
        sink.rejected();
      }
      for (ObjectNode key : undecodable) {
        sink.undecodable(key, "column meta: not valid JSON");
      }
    }

    /** Looks the rows of the keys up (by id), as a side with a key lookup does. */
    @Override
    public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
      lookups++;
      Set<Long> ids = new HashSet<>();
      keys.forEach(k -> ids.add(k.get("id").asLong()));
      for (List<Object> row : rows) {
        if (ids.contains((Long) row.get(0))) {
          sink.row(new ArrayList<>(row));
        }
      }
      return byKey;
    }

    int lookups;
    boolean byKey = true;
  }

  private DiffResult diff(ListScanner source, ListScanner target, DiffSettings settings) {
    return new TableDiffer(settings, EXECUTOR).diff(TABLE, source, target, source.rows.size());
  }

  private DiffResult diff(ListScanner source, ListScanner target) {
    return diff(source, target, DiffSettings.defaults());
  }

  private static ObjectNode id(long id) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
    key.put("id", id);
    return key;
  }

  @Test
  @DisplayName(
      "Comparing the rows of given keys reads only those, by key, and finds what differs among"
          + " them: a value, a row gone from the target, a row only in the target; the rest is"
          + " not looked at")
  void diffKeys() {
    List<List<Object>> target = rows(1_000);
    target.get(8).set(1, "changed"); // id 9: title, a changed key
    target.get(99).set(1, "changed too"); // id 100: not a changed key: not looked at
    target.removeIf(r -> r.get(0).equals(11L)); // id 11: gone, a changed key
    target.add(row(5_000)); // id 5000: only in the target, a changed key
    ListScanner source = new ListScanner(rows(1_000));
    ListScanner targetScanner = new ListScanner(target);

    DiffResult result =
        new TableDiffer(DiffSettings.defaults(), EXECUTOR)
            .diffKeys(TABLE, source, targetScanner, List.of(id(9), id(11), id(12), id(5_000)));

    assertThat(source.scans).isZero();
    assertThat(targetScanner.scans).isZero();
    assertThat(source.lookups).isEqualTo(1);
    assertThat(result.sourceRows()).isEqualTo(3);
    assertThat(result.targetRows()).isEqualTo(3);
    assertThat(result.differingRows()).isEqualTo(1);
    assertThat(result.missingRows()).isEqualTo(1);
    assertThat(result.extraRows()).isEqualTo(1);
    assertThat(found(result, DifferenceKind.DIFFERING)).containsExactly("{\"id\":9}");
    assertThat(found(result, DifferenceKind.MISSING)).containsExactly("{\"id\":11}");
    assertThat(found(result, DifferenceKind.EXTRA)).containsExactly("{\"id\":5000}");

    targetScanner.byKey = false;
    assertThat(
            new TableDiffer(DiffSettings.defaults(), EXECUTOR)
                .diffKeys(TABLE, source, targetScanner, List.of(id(9))))
        .as("a side that cannot look up by key: the caller compares the whole table")
        .isNull();
  }

  @Test
  @DisplayName(
      "When both sides hold the same rows in different orders then one read of each says so")
  void sameRows() {
    List<List<Object>> target = rows(20_000);
    Collections.reverse(target);
    ListScanner source = new ListScanner(rows(20_000));
    ListScanner targetScanner = new ListScanner(target);
    DiffResult result = diff(source, targetScanner);
    assertThat(result.same()).isTrue();
    assertThat(result.differences()).isEmpty();
    assertThat(result.sourceRows()).isEqualTo(20_000);
    assertThat(result.sourceChecksum()).hasSize(32).isEqualTo(result.targetChecksum());
    assertThat(result.passes()).isEqualTo(1);
    assertThat(source.scans).isEqualTo(1);
    assertThat(targetScanner.scans).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "When a row is missing, one extra, one column changed, one vector component changed and one"
          + " JSON key order changed then exactly the first four are reported")
  void plantedDifferences() {
    List<List<Object>> target = rows(50_000);
    target.get(100).set(1, "changed"); // id 101: title
    ((float[]) target.get(200).get(3))[1] = 0.5001f; // id 201: one vector component
    target
        .get(300)
        .set(2, JsonText.parse("{\"b\":[1,2],  \"a\":301}")); // same JSON, keys reordered
    target.removeIf(r -> r.get(0).equals(77L)); // missing
    target.add(row(90_001)); // extra

    DiffResult result = diff(new ListScanner(rows(50_000)), new ListScanner(target));

    assertThat(result.missingRows()).isEqualTo(1);
    assertThat(result.extraRows()).isEqualTo(1);
    assertThat(result.differingRows()).isEqualTo(2);
    assertThat(result.complete()).isTrue();
    assertThat(result.differences()).hasSize(4);
    assertThat(found(result, DifferenceKind.MISSING)).containsExactly("{\"id\":77}");
    assertThat(found(result, DifferenceKind.EXTRA)).containsExactly("{\"id\":90001}");
    assertThat(found(result, DifferenceKind.DIFFERING))
        .containsExactlyInAnyOrder("{\"id\":101}", "{\"id\":201}");
    Difference title = byKey(result, "{\"id\":101}");
    assertThat(title.columns()).containsExactly("title");
    assertThat(title.sourceValues().get("title").asText()).isEqualTo("title 101");
    assertThat(title.targetValues().get("title").asText()).isEqualTo("changed");
    Difference vector = byKey(result, "{\"id\":201}");
    assertThat(vector.columns()).containsExactly("embedding");
    Difference missing = byKey(result, "{\"id\":77}");
    assertThat(missing.sourceValues().get("title").asText()).isEqualTo("title 77");
    assertThat(missing.targetValues()).isNull();
    assertThat(result.passes()).isBetween(2, 4);
  }

  @Test
  @DisplayName("When many rows differ then all are counted, the listing is capped, and it is exact")
  void cappedListing() {
    List<List<Object>> target = rows(30_000);
    for (int i = 0; i < 30_000; i += 10) {
      target.get(i).set(1, "x"); // 3,000 differing rows
    }
    DiffSettings settings = new DiffSettings(64, 1 << 18, 50_000, 8, 100, 4);
    DiffResult result = diff(new ListScanner(rows(30_000)), new ListScanner(target), settings);
    assertThat(result.differingRows()).isEqualTo(3_000);
    assertThat(result.missingRows()).isZero();
    assertThat(result.differences()).hasSize(100);
    assertThat(result.complete()).isTrue();
  }

  @Test
  @DisplayName(
      "When the differences exceed the row budget times the batch limit then the result says it"
          + " is incomplete and still counts missing rows from range counts")
  void incomplete() {
    List<List<Object>> target = new ArrayList<>();
    DiffSettings settings = new DiffSettings(16, 1 << 10, 500, 2, 10, 2);
    DiffResult result = diff(new ListScanner(rows(5_000)), new ListScanner(target), settings);
    assertThat(result.complete()).isFalse();
    assertThat(result.missingRows()).isEqualTo(5_000);
    assertThat(result.differences()).hasSize(10);
  }

  @Test
  @DisplayName(
      "When source rows were rejected by apply they are skipped; an undecodable one without a"
          + " reject is missing with its reason")
  void rejectsAndUndecodable() {
    ListScanner source = new ListScanner(rows(1_000));
    source.rejected = 3;
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode().put("id", "bad-1");
    source.undecodable = List.of(key);
    DiffResult result = diff(source, new ListScanner(rows(1_000)));
    assertThat(result.rejectedRows()).isEqualTo(3);
    assertThat(result.missingRows()).isEqualTo(1);
    assertThat(result.differences()).hasSize(1);
    assertThat(result.differences().get(0).detail()).contains("not valid JSON");
    assertThat(result.differences().get(0).key().toString()).isEqualTo("{\"id\":\"bad-1\"}");
  }

  @Test
  @DisplayName("When a table has no key then it cannot be compared, and the message says which")
  void noKey() {
    // a table without key columns must say it is identified by its whole rows to be compared
    TableDef keyless =
        new TableDef(
            "src",
            "main",
            "logs",
            "app",
            "logs",
            "t",
            List.of(new ColumnDef("line", "TEXT", "line", TargetType.TEXT, 0, true)));
    assertThatThrownBy(
            () ->
                new TableDiffer(DiffSettings.defaults(), EXECUTOR)
                    .diff(keyless, new ListScanner(List.of()), new ListScanner(List.of()), 0))
        .hasMessageContaining("src/main.logs has no key columns");
  }

  @Test
  @DisplayName(
      "When a table is identified by its whole rows then equal rows are counted: a copy too few"
          + " is missing, a copy too many extra, and equal numbers match")
  void wholeRowCopies() {
    TableDef logs =
        new TableDef(
                "src",
                "main",
                "logs",
                "app",
                "logs",
                "t",
                List.of(
                    new ColumnDef("line", "TEXT", "line", TargetType.TEXT, 0, true),
                    new ColumnDef("level", "INTEGER", "level", TargetType.BIGINT, 0, true)))
            .withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);
    List<Object> a = Arrays.asList("started", 1L);
    List<Object> b = Arrays.asList(null, 2L);
    List<Object> c = Arrays.asList("stopped", 1L);
    TableDiffer differ = new TableDiffer(DiffSettings.defaults(), EXECUTOR);

    DiffResult same =
        differ.diff(
            logs, new ListScanner(List.of(a, a, b, c)), new ListScanner(List.of(c, a, b, a)), 4);
    DiffResult copies =
        differ.diff(
            logs,
            new ListScanner(List.of(a, a, a, b, c)),
            new ListScanner(List.of(a, b, b, b, c)),
            5);

    assertThat(same.differences()).isEmpty();
    assertThat(same.missingRows() + same.extraRows() + same.differingRows()).isZero();
    assertThat(copies.missingRows()).isEqualTo(2);
    assertThat(copies.extraRows()).isEqualTo(2);
    assertThat(copies.differingRows()).isZero();
    assertThat(copies.differences())
        .extracting(Difference::kind, Difference::detail)
        .containsExactlyInAnyOrder(
            Tuple.tuple(
                DifferenceKind.MISSING, "the source holds this row 3 times, the target once"),
            Tuple.tuple(
                DifferenceKind.EXTRA, "the source holds this row once, the target 3 times"));
  }

  @Test
  @DisplayName("When the target cannot be read then the diff fails with the target's error")
  void targetFailure() {
    RowScanner failing =
        sink -> {
          throw new IllegalStateException("target table app.docs does not exist");
        };
    assertThatThrownBy(
            () ->
                new TableDiffer(DiffSettings.defaults(), EXECUTOR)
                    .diff(TABLE, new ListScanner(rows(10)), failing, 10))
        .hasMessage("target table app.docs does not exist");
  }

  private static Set<String> found(DiffResult result, DifferenceKind kind) {
    return Set.copyOf(
        result.differences().stream()
            .filter(d -> d.kind() == kind)
            .map(d -> d.key().toString())
            .toList());
  }

  private static Difference byKey(DiffResult result, String key) {
    return result.differences().stream()
        .filter(d -> d.key().toString().equals(key))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A source read as of P by a writer that never stops: the rows of {@code changed} (ids) were
   * written after P, each seen by the read as changed (left out) or, for {@code changedUnseen}, not
   * known to the read (it read them before they changed, so as they were at P).
   */
  static final class WrittenSource extends ListScanner {
    final Set<Long> changed;
    int asOfScans;
    boolean canReadAsOf = true;

    WrittenSource(List<List<Object>> rows, Set<Long> changed) {
      super(rows);
      this.changed = changed;
    }

    @Override
    public boolean scanAsOf(KeyRanges ranges, ChangesAfter changes, RowSink sink) {
      if (!canReadAsOf) {
        return false;
      }
      asOfScans++;
      for (List<Object> row : rows) {
        long id = (Long) row.get(0);
        if (changed.contains(id)) {
          sink.changedAfter(id(id), new ArrayList<>(row));
        } else {
          sink.row(new ArrayList<>(row));
        }
      }
      return true;
    }
  }

  private static final ChangesAfter NO_TOPIC =
      new ChangesAfter() {
        @Override
        public long position() {
          return 0;
        }

        @Override
        public List<ObjectNode> known() {
          return List.of();
        }

        @Override
        public void readOn() {}
      };

  @Test
  @DisplayName(
      "As of P, the rows changed after P are left out on both sides: a table whose every range"
          + " holds rows written after P (new values in the source, older ones in the target,"
          + " rows only on one side) matches in one pass, and a row not changed after P that"
          + " differs is still found and named")
  void diffAsOfLeavesOutRowsChangedAfterP() {
    List<List<Object>> sourceRows = rows(20_000);
    List<List<Object>> targetRows = rows(20_000);
    Set<Long> changed = new HashSet<>();
    for (long id = 7; id <= 20_000; id += 13) {
      changed.add(id);
      sourceRows.get((int) id - 1).set(1, "written after P " + id); // the target is behind
    }
    for (long id = 20_001; id <= 20_300; id++) {
      changed.add(id);
      sourceRows.add(row(id)); // inserted after P, not applied yet
    }
    WrittenSource source = new WrittenSource(sourceRows, changed);
    ListScanner target = new ListScanner(targetRows);

    TableDiffer.AsOfDiff clean =
        new TableDiffer(DiffSettings.defaults(), EXECUTOR)
            .diffAsOf(TABLE, source, target, 20_000, NO_TOPIC);

    assertThat(clean.asOf()).isTrue();
    assertThat(clean.diff().same()).as("%s", clean.diff()).isTrue();
    assertThat(clean.diff().passes()).isEqualTo(1);
    // every changed row was left out on both sides: 1,538 updated (the target's older values
    // taken out of its sums) and 300 inserted (not in the target yet)
    assertThat(clean.leftOut()).isEqualTo(changed.size());
    assertThat(clean.diff().sourceRows()).isEqualTo(20_000 - 1_538);
    assertThat(clean.diff().targetRows()).isEqualTo(20_000 - 1_538);

    // a row deleted after P before the scan read it is not in the source: the scan cannot tell
    // it from a row the target has in excess, and lists it (the precutover verification sets it
    // aside, its key being among the changes after P); a row not changed after P that differs
    // is a difference
    changed.add(5L);
    sourceRows.removeIf(r -> r.get(0).equals(5L));
    targetRows.get(99).set(1, "apply got this wrong"); // id 100
    TableDiffer.AsOfDiff found =
        new TableDiffer(DiffSettings.defaults(), EXECUTOR)
            .diffAsOf(TABLE, source, new ListScanner(targetRows), 20_000, NO_TOPIC);

    assertThat(found.diff().differences())
        .extracting(d -> d.key().get("id").asLong(), Difference::kind)
        .containsExactlyInAnyOrder(
            Tuple.tuple(5L, DifferenceKind.EXTRA), Tuple.tuple(100L, DifferenceKind.DIFFERING));
    assertThat(found.diff().complete()).isTrue();
  }

  @Test
  @DisplayName(
      "A source whose reader cannot read as of P is compared as it is: the rows written after P"
          + " are differences, and the result says it was not as of P")
  void diffAsOfFallsBackToAnOrdinaryComparison() {
    List<List<Object>> sourceRows = rows(2_000);
    sourceRows.get(9).set(1, "written after P");
    WrittenSource source = new WrittenSource(sourceRows, Set.of(10L));
    source.canReadAsOf = false;

    TableDiffer.AsOfDiff result =
        new TableDiffer(DiffSettings.defaults(), EXECUTOR)
            .diffAsOf(TABLE, source, new ListScanner(rows(2_000)), 2_000, NO_TOPIC);

    assertThat(result.asOf()).isFalse();
    assertThat(result.leftOut()).isZero();
    assertThat(result.diff().differences())
        .extracting(d -> d.key().get("id").asLong())
        .containsExactly(10L);
  }

  /**
   * A target apply keeps writing: a pass reads its snapshot, and rows applied since are there for
   * any later read, unless the later read is in the same snapshot ({@link HeldSnapshot}).
   */
  static final class MovingTarget extends ListScanner implements HeldSnapshot {
    final List<List<Object>> appliedSince;
    boolean holds = true;
    int held;

    MovingTarget(List<List<Object>> snapshot, List<List<Object>> appliedSince) {
      super(snapshot);
      this.appliedSince = appliedSince;
    }

    @Override
    public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
      Set<Long> ids = new HashSet<>();
      keys.forEach(k -> ids.add(k.get("id").asLong()));
      for (List<Object> row : rows) {
        if (ids.contains((Long) row.get(0))) {
          sink.row(new ArrayList<>(row));
        }
      }
      for (List<Object> row : appliedSince) {
        if (ids.contains((Long) row.get(0))) {
          sink.row(new ArrayList<>(row));
        }
      }
      return true;
    }

    @Override
    public void sumThenRead(
        KeyRanges ranges,
        RangeSums sums,
        RowSink rowSink,
        CompletionStage<List<ObjectNode>> leftOut,
        RowSink leftOutRows) {
      if (!holds) {
        throw new AssertionError("not asked of a target that does not hold");
      }
      held++;
      scan(ranges, rowSink);
      Set<Long> ids = new HashSet<>();
      leftOut.toCompletableFuture().join().forEach(k -> ids.add(k.get("id").asLong()));
      for (List<Object> row : rows) {
        if (ids.contains((Long) row.get(0))) {
          leftOutRows.row(new ArrayList<>(row));
        }
      }
    }
  }

  @Test
  @DisplayName(
      "As of P against a target apply writes meanwhile: the rows the source left out are taken out"
          + " of the target's sums as its snapshot had them, so rows applied during the source's"
          + " read do not make their ranges differ")
  void diffAsOfTakesLeftOutRowsFromTheTargetsSnapshot() {
    List<List<Object>> sourceRows = rows(20_000);
    Set<Long> changed = new HashSet<>();
    List<List<Object>> appliedSince = new ArrayList<>();
    for (long id = 20_001; id <= 20_400; id++) {
      changed.add(id);
      sourceRows.add(row(id)); // inserted after P; applied while the source was read
      appliedSince.add(row(id));
    }
    WrittenSource source = new WrittenSource(sourceRows, changed);
    MovingTarget target = new MovingTarget(rows(20_000), appliedSince);

    TableDiffer.AsOfDiff result =
        new TableDiffer(DiffSettings.defaults(), EXECUTOR)
            .diffAsOf(TABLE, source, target, 20_000, NO_TOPIC);

    assertThat(result.diff().same()).as("%s", result.diff()).isTrue();
    assertThat(result.diff().passes()).isEqualTo(1);
    assertThat(target.held).isEqualTo(1);
    assertThat(result.leftOut()).isEqualTo(400);
  }
}

package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChangeLogStatementBuilderTest {
  static TableDef table(String name, String... keyColumns) {
    List<ColumnDef> columns =
        Stream.concat(
                Stream.of(keyColumns)
                    .map(
                        c ->
                            new ColumnDef(
                                c,
                                "TEXT",
                                c,
                                TargetType.TEXT,
                                List.of(keyColumns).indexOf(c) + 1,
                                false)),
                Stream.of(new ColumnDef("value", "TEXT", "value", TargetType.TEXT, 0, true)))
            .toList();
    return new TableDef("s", "main", name, "s", name, "t." + name, columns);
  }

  @Test
  @DisplayName("A composite key is one JSON array with one typed pair per key column, in key order")
  void compositeKeyExpression() {
    TableDef t = table("t", "b", "a");
    String expression = ChangeLogStatementBuilder.keyExpression("NEW", t.keyColumns());
    assertThat(expression).startsWith("'[' || CASE typeof(NEW.\"b\")");
    assertThat(expression).contains(" || ',' || CASE typeof(NEW.\"a\")").endsWith(" || ']'");
    assertThat(expression)
        .contains("json_array('x', hex(NEW.\"a\"))")
        .contains("json_array('r', printf('%!.17g', NEW.\"a\"))");
  }

  @Test
  @DisplayName("Trimming never passes the slowest consumer and deletes a bounded number of entries")
  void trimIsBounded() {
    assertThat(ChangeLogStatementBuilder.trim())
        .isEqualTo(
            "DELETE FROM \"_tributary_changes\" WHERE seq IN (SELECT seq FROM \"_tributary_changes\""
                + " WHERE seq <= (SELECT min(pos) FROM \"_tributary_consumers\") ORDER BY seq"
                + " LIMIT ?)");
    assertThat(ChangeLogStatementBuilder.readLog())
        .isEqualTo(
            "SELECT seq, tbl, op, key, ts_ms FROM \"_tributary_changes\" WHERE seq > ? ORDER BY"
                + " seq LIMIT ?");
  }
}

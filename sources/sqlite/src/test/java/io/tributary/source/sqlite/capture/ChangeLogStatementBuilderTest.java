package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
  @DisplayName("Every table gets an insert, an update and a delete trigger named after it")
  void threeTriggersPerTable() {
    List<ChangeLogStatementBuilder.Trigger> triggers =
        ChangeLogStatementBuilder.triggers(table("orders", "id"));
    assertThat(triggers)
        .extracting(ChangeLogStatementBuilder.Trigger::name)
        .allSatisfy(n -> assertThat(n).startsWith("_tributary_").contains("_orders_"));
    assertThat(triggers.get(0).sql())
        .startsWith("CREATE TRIGGER \"_tributary_i_orders_")
        .contains("AFTER INSERT ON \"orders\" BEGIN INSERT INTO \"_tributary_changes\"")
        .contains("'orders', 'c', '[' || CASE typeof(NEW.\"id\")")
        .endsWith(" END");
    assertThat(triggers.get(1).sql())
        .contains("AFTER UPDATE ON \"orders\"")
        .contains("'orders', 'd', '[' || CASE typeof(OLD.\"id\")")
        .contains("'orders', 'u', '[' || CASE typeof(NEW.\"id\")");
    assertThat(triggers.get(2).sql())
        .contains("AFTER DELETE ON \"orders\"")
        .contains("'orders', 'd', '[' || CASE typeof(OLD.\"id\")");
  }

  @Test
  @DisplayName(
      "Names with quotes, spaces, reserved words and unicode are quoted; trigger names stay distinct")
  void hostileNames() {
    TableDef weird = table("we\"ird 'table' select", "key \"1\"", "order");
    String sql =
        ChangeLogStatementBuilder.triggers(weird).stream()
            .map(ChangeLogStatementBuilder.Trigger::sql)
            .collect(Collectors.joining("\n"));
    assertThat(sql)
        .contains("ON \"we\"\"ird 'table' select\"")
        .contains("'we\"ird ''table'' select'")
        .contains("NEW.\"key \"\"1\"\"\"")
        .contains("OLD.\"order\"");
    Set<String> names =
        Stream.of("a b", "a_b", "a.b", "ä_b", "a_b ", "x".repeat(200), "x".repeat(201))
            .map(n -> ChangeLogStatementBuilder.triggerName(n, "i"))
            .collect(Collectors.toSet());
    assertThat(names).hasSize(7);
    assertThat(ChangeLogStatementBuilder.triggerName("x".repeat(200), "u"))
        .matches("_tributary_u_x{40}_[0-9a-f]{8}");
    assertThat(ChangeLogStatementBuilder.triggerName("ünï cöde", "d"))
        .matches("_tributary_d_[A-Za-z0-9_]+_[0-9a-f]{8}");
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

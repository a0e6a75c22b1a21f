package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.value.RowDecoder;
import io.tributary.testing.TributaryTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The statements apply writes a table identified by its whole rows with, against PostgreSQL: equal
 * rows inserted several times stay several rows, a delete removes as many copies as it names and no
 * more, NULLs, json (no equality operator), arrays and vectors match by value.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class WholeRowApplyIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject Pool pool;

  private static final TableDef TABLE =
      new TableDef(
              "app",
              "main",
              "usage",
              "whole_row_it",
              "usage",
              "tributary.whole-row.app.main.usage",
              List.of(
                  new ColumnDef("agent", "text", "agent", TargetType.INTEGER, 0, false),
                  new ColumnDef("note", "text", "note", TargetType.TEXT, 0, true),
                  new ColumnDef("meta", "json", "meta", TargetType.JSON, 0, true),
                  new ColumnDef(
                      "tags",
                      "text[]",
                      "tags",
                      TargetType.ARRAY,
                      0,
                      true,
                      null,
                      TargetType.TEXT,
                      null),
                  new ColumnDef(
                      "code",
                      "char(5)",
                      "code",
                      TargetType.TEXT,
                      0,
                      true,
                      "character(5)",
                      null,
                      null),
                  new ColumnDef(
                      "embedding",
                      "vector(2)",
                      "embedding",
                      TargetType.VECTOR,
                      0,
                      true,
                      "vector(2)",
                      null,
                      null)))
          .withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);

  private long offset;

  private ObjectNode row(int agent, String note) {
    return row(agent, note, "{\"k\":  [1, 2]}");
  }

  private ObjectNode row(int agent, String note, String meta) {
    ObjectNode row = ChangeEventCodec.MAPPER.createObjectNode().put("agent", agent);
    if (note == null) {
      row.putNull("note");
    } else {
      row.put("note", note);
    }
    row.put("meta", meta);
    row.putArray("tags").add("a").add("b,c");
    row.put("code", "ab"); // stored blank-padded
    row.putArray("embedding").add(0.5).add(-1.25);
    return row;
  }

  private ChangeRecord create(ObjectNode row) {
    ChangeEvent event = new ChangeEvent(null, row, Op.CREATE, 0, null);
    return new ChangeRecord(
        TABLE.topic(),
        0,
        offset++,
        row.toString(),
        row.toString().getBytes(),
        event,
        0,
        new ChangeRecord.DecodedRow(RowDecoder.row(TABLE, row), null));
  }

  private ChangeRecord delete(ObjectNode row) {
    ChangeEvent event = new ChangeEvent(row, null, Op.DELETE, 0, null);
    return new ChangeRecord(
        TABLE.topic(), 0, offset++, row.toString(), row.toString().getBytes(), event, 0);
  }

  private void apply(AppliedTable table, List<ChangeRecord> records) {
    List<Reject> rejects = new ArrayList<>();
    TableWork work = WholeRowReducer.reduce(table, records, rejects);
    assertThat(rejects).isEmpty();
    if (!work.deletes().isEmpty()) {
      pool.preparedQuery(table.deleteSql())
          .execute(table.deleteParameters(work.deletes(), work.deleteCounts()))
          .await()
          .atMost(WAIT);
    }
    if (!work.upserts().isEmpty()) {
      pool.preparedQuery(table.upsertSql())
          .execute(ColumnArrays.of(TABLE.columns(), work.upserts()))
          .await()
          .atMost(WAIT);
    }
  }

  private List<String> rows() {
    List<String> out = new ArrayList<>();
    pool.query(
            "SELECT agent || '|' || coalesce(note, '<null>') || '|' || meta::text || '|'"
                + " || tags::text || '|' || code || '|' || embedding::text AS r"
                + " FROM whole_row_it.usage"
                + " ORDER BY 1")
        .execute()
        .await()
        .atMost(WAIT)
        .forEach(r -> out.add(r.getString("r")));
    return out;
  }

  @Test
  @DisplayName(
      "Rows equal as apply counts them (json but for key order and spacing) are deleted as such;"
          + " a character(n) value matches its padded self")
  void equalityAsCounted() {
    pool.query("DROP SCHEMA IF EXISTS whole_row_it CASCADE").execute().await().atMost(WAIT);
    pool.query("CREATE SCHEMA whole_row_it").execute().await().atMost(WAIT);
    pool.query(TableDdlBuilder.createTable(TABLE)).execute().await().atMost(WAIT);
    AppliedTable table = AppliedTable.of("whole-row", TABLE);

    apply(table, List.of(create(row(5, "j", "{\"a\": 1, \"b\": 2}"))));
    apply(table, List.of(create(row(5, "j", "{\"b\":2,\"a\":1}"))));
    assertThat(rows()).hasSize(2);
    // one batch deletes both spellings: counted as two copies of one row, both deleted
    apply(
        table,
        List.of(
            delete(row(5, "j", "{\"b\":2,\"a\":1}")), delete(row(5, "j", "{\"a\": 1, \"b\": 2}"))));
    assertThat(rows()).isEmpty();
  }

  @Test
  @DisplayName(
      "Equal rows keep their number through inserts and deletes; a delete removes as many copies"
          + " as it names, matched on every column, NULLs and json included")
  void multiset() {
    pool.query("DROP SCHEMA IF EXISTS whole_row_it CASCADE").execute().await().atMost(WAIT);
    pool.query("CREATE SCHEMA whole_row_it").execute().await().atMost(WAIT);
    pool.query(TableDdlBuilder.createTable(TABLE)).execute().await().atMost(WAIT);
    AppliedTable table = AppliedTable.of("whole-row", TABLE);

    // three equal rows, one with a NULL, one more
    apply(
        table,
        List.of(
            create(row(1, "x")),
            create(row(1, "x")),
            create(row(1, "x")),
            create(row(2, null)),
            create(row(3, "y"))));
    assertThat(rows()).hasSize(5);

    // two copies of the first go, the NULL row goes and comes back and goes, a new one comes;
    // deleting a row the table does not hold deletes nothing
    apply(
        table,
        List.of(
            delete(row(1, "x")),
            create(row(4, "z")),
            delete(row(2, null)),
            create(row(2, null)),
            delete(row(1, "x")),
            delete(row(2, null)),
            delete(row(9, "absent"))));
    String tail = "|{\"k\":  [1, 2]}|{a,\"b,c\"}|ab|[0.5,-1.25]";
    assertThat(rows()).containsExactly("1|x" + tail, "3|y" + tail, "4|z" + tail);

    // one statement per row, as the row-by-row retry writes them, does the same
    apply(table, List.of(delete(row(1, "x"))));
    apply(table, List.of(create(row(3, "y"))));
    assertThat(rows()).containsExactly("3|y" + tail, "3|y" + tail, "4|z" + tail);
  }
}

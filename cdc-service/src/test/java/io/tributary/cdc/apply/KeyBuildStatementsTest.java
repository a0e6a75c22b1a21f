package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SQL a key build runs on the rows that keep a bulk-loaded table's key from being built. */
class KeyBuildStatementsTest {
  private static ColumnDef c(String name, TargetType type, int key) {
    return new ColumnDef(name, "", name, type, key, key == 0, null, null, null);
  }

  /** {@code "app"."doc s"}: a composite primary key, names that need quoting. */
  static final TableDef DOCS =
      new TableDef(
          "s",
          "main",
          "doc s",
          "app",
          "doc s",
          "x",
          List.of(
              c("code", TargetType.TEXT, 1),
              c("ref", TargetType.UUID, 2),
              c("body", TargetType.TEXT, 0)));

  /** {@code "app"."marks"}: keyed by a column the plan names. */
  static final TableDef MARKS =
      new TableDef(
              "s",
              "main",
              "marks",
              "app",
              "marks",
              "y",
              List.of(c("code", TargetType.TEXT, 0), c("note", TargetType.TEXT, 0)))
          .withIdentity(RowIdentity.DECLARED, List.of("code"), null);

  @Test
  @DisplayName(
      "Copies of one source row (same key, same record key) are removed but the one delivered"
          + " last")
  void removeCopies() {
    assertThat(KeyBuildStatements.removeCopies(DOCS))
        .isEqualTo(
            "DELETE FROM \"app\".\"doc s\" WHERE ctid = ANY (ARRAY(SELECT c FROM (SELECT t.ctid AS"
                + " c, row_number() OVER (PARTITION BY t.\"code\", t.\"ref\","
                + " t.\"_tributary_key\" ORDER BY t.\"_tributary_offset\" DESC, t.ctid DESC) AS n"
                + " FROM \"app\".\"doc s\" t JOIN (SELECT \"code\", \"ref\" FROM \"app\".\"doc s\""
                + " GROUP BY \"code\", \"ref\" HAVING count(*) > 1) d ON t.\"code\" = d.\"code\""
                + " AND t.\"ref\" = d.\"ref\") r WHERE n > 1))");
  }

  @Test
  @DisplayName(
      "A key the plan names is not unique in the source: only rows with the same values too are"
          + " copies")
  void removeCopiesOfADeclaredKey() {
    assertThat(KeyBuildStatements.removeCopies(MARKS))
        .contains(
            "PARTITION BY t.\"code\", t.\"_tributary_key\", (to_jsonb(t) - '_tributary_partition'"
                + " - '_tributary_offset' - '_tributary_key' - '_tributary_row') ORDER BY");
  }

  @Test
  @DisplayName(
      "The rows sharing a key are read with their provenance, their JSON, their key and their"
          + " key's group, in the order written")
  void duplicates() {
    assertThat(KeyBuildStatements.duplicates(DOCS))
        .isEqualTo(
            "SELECT t.ctid::text, t.\"_tributary_partition\", t.\"_tributary_offset\","
                + " t.\"_tributary_key\", (to_jsonb(t) - '_tributary_partition' -"
                + " '_tributary_offset' - '_tributary_key' - '_tributary_row')::text,"
                + " ROW(t.\"code\", t.\"ref\")::text, (to_jsonb(t) ->>"
                + " '_tributary_row')::integer, dense_rank() OVER (ORDER BY t.\"code\", t.\"ref\")"
                + " FROM"
                + " \"app\".\"doc s\" t JOIN (SELECT \"code\", \"ref\" FROM \"app\".\"doc s\""
                + " GROUP BY \"code\", \"ref\" HAVING count(*) > 1) d ON t.\"code\" = d.\"code\""
                + " AND t.\"ref\" = d.\"ref\" ORDER BY 8, t.ctid");
  }

  @Test
  @DisplayName(
      "Rows whose key exceeds an index row (header and stored sizes) are read with each key"
          + " column's size; one row by its ctid; rows deleted by ctid")
  void oversizedRowAtAndDelete() {
    assertThat(KeyBuildStatements.oversized(DOCS))
        .endsWith(
            ", pg_column_size(t.\"code\"), pg_column_size(t.\"ref\") FROM \"app\".\"doc s\" t"
                + " WHERE 8 + pg_column_size(t.\"code\") + pg_column_size(t.\"ref\") > $1 ORDER BY"
                + " t.ctid");
    assertThat(KeyBuildStatements.rowAt(DOCS))
        .startsWith("SELECT t.ctid::text, t.\"_tributary_partition\"")
        .endsWith(
            ", pg_column_size(t.\"code\"), pg_column_size(t.\"ref\") FROM \"app\".\"doc s\" t"
                + " WHERE t.ctid = $1::tid");
    assertThat(KeyBuildStatements.deleteRows(DOCS))
        .isEqualTo("DELETE FROM \"app\".\"doc s\" WHERE ctid = ANY ($1::text[]::tid[])");
    assertThat(KeyBuildStatements.removeOlderByPosition(DOCS))
        .isEqualTo(
            "DELETE FROM \"app\".\"doc s\" t USING (SELECT \"code\", \"ref\", max(ctid) AS keep"
                + " FROM \"app\".\"doc s\" GROUP BY \"code\", \"ref\" HAVING count(*) > 1) d WHERE"
                + " t.\"code\" = d.\"code\" AND t.\"ref\" = d.\"ref\" AND t.ctid <> d.keep");
  }
}

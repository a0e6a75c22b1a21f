package io.tributary.source.sqlite.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqliteWriteBackStatementBuilderTest {
  @Test
  @DisplayName("An upsert updates the columns it writes on a key conflict, never replaces the row")
  void upsert() {
    assertThat(
            SqliteWriteBackStatementBuilder.upsert(
                "odd \"t", List.of("id", "name", "at"), List.of("id")))
        .isEqualTo(
            "INSERT INTO \"main\".\"odd \"\"t\" (\"id\", \"name\", \"at\") VALUES (?, ?, ?)"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"name\" = excluded.\"name\","
                + " \"at\" = excluded.\"at\"");
    assertThat(SqliteWriteBackStatementBuilder.upsert("t", List.of("a", "b"), List.of("a", "b")))
        .endsWith("ON CONFLICT (\"a\", \"b\") DO NOTHING")
        .doesNotContain("REPLACE");
  }

  @Test
  @DisplayName("Rows are found by key with IS (NULL matches NULL), or by rowid")
  void findRows() {
    assertThat(SqliteWriteBackStatementBuilder.update("t", List.of("x"), List.of("a", "b")))
        .isEqualTo("UPDATE \"main\".\"t\" SET \"x\" = ? WHERE \"a\" IS ? AND \"b\" IS ?");
    assertThat(SqliteWriteBackStatementBuilder.delete("t", List.of("id")))
        .isEqualTo("DELETE FROM \"main\".\"t\" WHERE \"id\" IS ?");
    assertThat(SqliteWriteBackStatementBuilder.deleteRow("t", "_rowid_"))
        .isEqualTo("DELETE FROM \"main\".\"t\" WHERE _rowid_ = ?");
    assertThat(SqliteWriteBackStatementBuilder.updateRow("t", "rowid", List.of("x", "y")))
        .isEqualTo("UPDATE \"main\".\"t\" SET \"x\" = ?, \"y\" = ? WHERE rowid = ?");
    assertThat(
            SqliteWriteBackStatementBuilder.selectRows(
                "t", "rowid", List.of("a", "b"), List.of("a")))
        .isEqualTo("SELECT rowid, \"a\", \"b\" FROM \"main\".\"t\" WHERE \"a\" = ?");
    assertThatThrownBy(() -> SqliteWriteBackStatementBuilder.delete("t", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("Samples are the most recent non-NULL values; WITHOUT ROWID tables in key order")
  void samples() {
    assertThat(SqliteWriteBackStatementBuilder.sampleColumn("t", "at", "rowid", 16))
        .isEqualTo(
            "SELECT \"at\" FROM \"main\".\"t\" WHERE \"at\" IS NOT NULL ORDER BY rowid DESC LIMIT 16");
    assertThat(SqliteWriteBackStatementBuilder.sampleColumn("t", "at", null, 16))
        .doesNotContain("ORDER BY");
  }

  @Test
  @DisplayName("The gate's row is written and removed by writer; an empty insert uses defaults")
  void gateAndInsert() {
    assertThat(SqliteWriteBackStatementBuilder.openGate())
        .isEqualTo("INSERT INTO \"main\".\"tributary_writeback\" (writer) VALUES (?)");
    assertThat(SqliteWriteBackStatementBuilder.closeGate())
        .isEqualTo("DELETE FROM \"main\".\"tributary_writeback\" WHERE writer = ?");
    assertThat(SqliteWriteBackStatementBuilder.insert("t", List.of()))
        .isEqualTo("INSERT INTO \"main\".\"t\" DEFAULT VALUES");
    assertThat(SqliteWriteBackStatementBuilder.savepoint("change"))
        .isEqualTo("SAVEPOINT \"change\"");
  }
}

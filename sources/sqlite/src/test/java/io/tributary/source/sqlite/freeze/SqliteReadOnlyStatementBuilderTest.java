package io.tributary.source.sqlite.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;

class SqliteReadOnlyStatementBuilderTest {
  private static final String MESSAGE = "moved to PostgreSQL, don't write";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "createTriggers makes the gate's table first, then three triggers that fire only while it"
          + " is empty")
  void statements() {
    List<String> statements =
        SqliteReadOnlyStatementBuilder.createTriggers("app", "notes", MESSAGE);
    assertThat(statements).hasSize(5);
    assertThat(statements.get(0))
        .isEqualTo("CREATE TABLE IF NOT EXISTS \"tributary_writeback\" (writer TEXT)");
    assertThat(statements.get(1))
        .isEqualTo(
            "CREATE TRIGGER IF NOT EXISTS \"tributary_writeback_guard\" BEFORE INSERT ON"
                + " \"tributary_writeback\" BEGIN SELECT tributary_write_back_gate(); END");
    assertThat(statements.subList(2, 5))
        .allSatisfy(
            sql -> {
              assertThat(sql).contains("WHEN NOT EXISTS (SELECT 1 FROM \"tributary_writeback\")");
              assertThat(SqliteReadOnlyStatementBuilder.isGated(sql)).isTrue();
              assertThat(SqliteReadOnlyStatementBuilder.messageOf(sql)).contains(MESSAGE);
            });
    assertThat(statements.get(2)).contains("BEFORE INSERT ON \"notes\"");
  }

  @Test
  @DisplayName("A trigger's event comes from its name, owned or ownerless")
  void events() {
    List<String> names = SqliteReadOnlyStatementBuilder.triggerNames("app", "notes");
    assertThat(names.stream().map(n -> SqliteReadOnlyStatementBuilder.eventOf(n).orElseThrow()))
        .containsExactly("i", "u", "d");
    assertThat(
            SqliteReadOnlyStatementBuilder.eventOf(
                SqliteReadOnlyStatementBuilder.ownerlessTriggerNames("notes").get(2)))
        .contains("d");
    assertThat(SqliteReadOnlyStatementBuilder.eventOf("_tributary_i_notes")).isEmpty();
    assertThatThrownBy(() -> SqliteReadOnlyStatementBuilder.gatedTrigger("x", "t", "z", "m"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "In a file, writes fail with the message while the gate's table is empty and pass while it"
          + " holds a row")
  void gateInAFile() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("g.db"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
      for (String sql : SqliteReadOnlyStatementBuilder.createTriggers("app", "notes", MESSAGE)) {
        st.execute(sql);
      }
      assertThatThrownBy(() -> st.execute("INSERT INTO notes VALUES (1, 'a')"))
          .hasMessageContaining(MESSAGE);
      // only a connection with the gate guard's function (the write-back's) fills the gate
      assertThatThrownBy(() -> st.execute("INSERT INTO tributary_writeback VALUES ('test')"))
          .hasMessageContaining(SqliteReadOnlyStatementBuilder.GATE_GUARD_FUNCTION);
      Function.create(
          c,
          SqliteReadOnlyStatementBuilder.GATE_GUARD_FUNCTION,
          new Function() {
            @Override
            protected void xFunc() throws SQLException {
              result(1);
            }
          });
      st.execute("INSERT INTO tributary_writeback VALUES ('test')");
      st.execute("INSERT INTO notes VALUES (1, 'a')");
      st.execute("DELETE FROM tributary_writeback");
      assertThatThrownBy(() -> st.execute("DELETE FROM notes")).hasMessageContaining(MESSAGE);
      try (ResultSet rs =
          st.executeQuery(SqliteReadOnlyStatementBuilder.selectReadOnlyTriggerDefinitions())) {
        while (rs.next()) {
          assertThat(SqliteReadOnlyStatementBuilder.isGated(rs.getString(3))).isTrue();
          assertThat(SqliteReadOnlyStatementBuilder.messageOf(rs.getString(3))).contains(MESSAGE);
          assertThat(rs.getString(2)).isEqualTo("notes");
        }
      }
    }
  }
}

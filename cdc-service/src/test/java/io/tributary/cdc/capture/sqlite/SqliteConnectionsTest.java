package io.tributary.cdc.capture.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionsTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "A write whose COMMIT fails (a reader holds a rollback-journal file) leaves no transaction"
          + " open: the next write on the connection commits")
  void failedCommitEndsTheTransaction() throws Exception {
    Path file = dir.resolve("journal.db");
    try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = setup.createStatement()) {
      st.execute("PRAGMA journal_mode = DELETE");
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      st.execute("INSERT INTO t VALUES (1, 0)");
    }
    try (Connection writer = SqliteConnections.openReadWrite(file, 100);
        Connection reader = SqliteConnections.openReadOnly(file, 100)) {
      try (Statement read = reader.createStatement()) {
        read.execute("BEGIN");
        try (ResultSet rs = read.executeQuery("SELECT v FROM t")) {
          assertThat(rs.next()).isTrue(); // the reader now holds its shared lock
        }
        assertThatThrownBy(() -> update(writer, 1))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(SqliteConnections.isBusy((SQLException) e)).isTrue());
        read.execute("COMMIT");
      }
      update(writer, 2); // before the fix: cannot start a transaction within a transaction
      assertThat(writer.getAutoCommit()).isTrue();
    }
    try (Connection check = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = check.createStatement().executeQuery("SELECT v FROM t")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  private static void update(Connection writer, int value) throws SQLException {
    SqliteConnections.inWriteTransaction(
        writer,
        () -> {
          try (Statement st = writer.createStatement()) {
            return st.executeUpdate("UPDATE t SET v = " + value);
          }
        });
  }
}

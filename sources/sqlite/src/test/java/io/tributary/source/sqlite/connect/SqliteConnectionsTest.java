package io.tributary.source.sqlite.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    try (Connection writer = SqliteConnections.openReadWrite(file, Duration.ofMillis(100));
        Connection reader = SqliteConnections.openReadOnly(file, Duration.ofMillis(100))) {
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

  @Test
  @DisplayName("A read waits on the application's lock up to its wait, then fails as busy")
  void readGivesUpAfterItsWait() throws Exception {
    Path file = journalFile();
    try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement holder = application.createStatement();
        Connection reader = SqliteConnections.openReadOnly(file, Duration.ofMillis(300))) {
      holder.execute("BEGIN EXCLUSIVE"); // readers of a rollback-journal file are locked out
      try {
        long started = System.nanoTime();
        assertThatThrownBy(() -> count(reader))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(SqliteConnections.isBusy((SQLException) e)).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      } finally {
        holder.execute("ROLLBACK");
      }
    }
  }

  @Test
  @DisplayName("A read waiting on the application's lock goes on as soon as the lock is released")
  void readGoesOnWhenTheLockIsReleased() throws Exception {
    Path file = journalFile();
    try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement holder = application.createStatement();
        Connection reader = SqliteConnections.openReadOnly(file, Duration.ofMinutes(1))) {
      holder.execute("BEGIN EXCLUSIVE");
      CompletableFuture<Integer> read = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  read.complete(count(reader));
                } catch (SQLException e) {
                  read.completeExceptionally(e);
                }
              });
      thread.start();
      // parked in the busy handler: waiting on the lock, not failed
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> thread.getState() == Thread.State.TIMED_WAITING);
      assertThat(read).isNotDone();
      holder.execute("ROLLBACK");
      assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("A missing file is refused by name, never created")
  void missingFile() {
    Path missing = dir.resolve("gone.db");
    assertThatThrownBy(() -> SqliteConnections.openReadOnly(missing))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no such SQLite file")
        .hasMessageContaining("gone.db");
    assertThatThrownBy(() -> SqliteConnections.openReadWrite(missing, Duration.ofSeconds(1)))
        .isInstanceOf(SQLException.class);
    assertThat(missing).doesNotExist();
  }

  private Path journalFile() throws SQLException {
    Path file = dir.resolve("app.db");
    try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = setup.createStatement()) {
      st.execute("PRAGMA journal_mode = DELETE");
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      st.execute("INSERT INTO t VALUES (1)");
    }
    return file;
  }

  private static int count(Connection reader) throws SQLException {
    try (Statement st = reader.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
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

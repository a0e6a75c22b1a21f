package io.tributary.source.sqlite.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.source.spi.freeze.SourceFreezeException;
import io.tributary.testing.SqliteVec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;

class SqliteSourceFreezerTest {
  private static final String MESSAGE = "tributary: this database has moved to PostgreSQL";

  @TempDir Path dir;
  private Path file;
  private final SqliteSourceFreezer freezer = new SqliteSourceFreezer();

  @BeforeEach
  void source() throws SQLException {
    file = dir.resolve("app.db");
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
      st.execute("CREATE TABLE \"odd \"\"name\" (k TEXT PRIMARY KEY)");
      st.execute("CREATE TABLE _tributary_changes (seq INTEGER PRIMARY KEY, tbl TEXT)");
      st.execute("INSERT INTO notes VALUES (1, 'a')");
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @Test
  @DisplayName(
      "After the freeze every write to the listed tables fails with the message, Tributary's own"
          + " tables stay writable, and unfreeze makes the tables writable again")
  void freezeAndUnfreeze() throws Exception {
    SqliteSourceFreezer.Frozen frozen =
        freezer.freeze(file, "app", List.of("notes", "odd \"name"), MESSAGE, Duration.ofSeconds(5));
    assertThat(frozen.triggers()).hasSize(6).allMatch(t -> t.startsWith("tributary_readonly_"));
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String write :
          List.of(
              "INSERT INTO notes VALUES (2, 'b')",
              "UPDATE notes SET body = 'x'",
              "DELETE FROM notes",
              "INSERT INTO \"odd \"\"name\" VALUES ('k')")) {
        assertThatThrownBy(() -> st.execute(write)).hasMessageContaining(MESSAGE);
      }
      st.execute("INSERT INTO _tributary_changes (tbl) VALUES ('fence')");
    }
    assertThat(freezer.readOnlyTriggers(file)).hasSize(6);
    List<String> tables = List.of("notes", "odd \"name");
    assertThat(freezer.unfreeze(file, "app", tables, Duration.ofSeconds(5))).hasSize(6);
    assertThat(freezer.unfreeze(file, "app", tables, Duration.ofSeconds(5))).isEmpty();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO notes VALUES (2, 'b')");
    }
  }

  @Test
  @DisplayName(
      "A vec0 table frozen (real sqlite-vec): inserts, deletes and auxiliary updates fail on the"
          + " triggers, and in-place UPDATEs of a vector or a metadata value fail too (the chunk"
          + " columns are indexed, which closes them to blob writes); unfreeze opens them again")
  void freezesVec0InPlaceUpdates() throws Exception {
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE VIRTUAL TABLE items USING vec0(embedding float[2], category integer,"
              + " flag boolean, +note text)");
      st.execute(
          "INSERT INTO items (rowid, embedding, category, flag, note)"
              + " VALUES (1, '[1, 2]', 10, 1, 'n')");
    }
    SqliteSourceFreezer.Frozen frozen =
        freezer.freeze(file, "app", List.of("items"), MESSAGE, Duration.ofSeconds(5));
    assertThat(frozen.indexes())
        .containsExactly(
            SqliteReadOnlyStatementBuilder.indexName("app", "items_vector_chunks00", "vectors"),
            SqliteReadOnlyStatementBuilder.indexName("app", "items_metadatachunks00", "data"),
            SqliteReadOnlyStatementBuilder.indexName("app", "items_metadatachunks01", "data"));
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      for (String write :
          List.of(
              "UPDATE items SET embedding = '[3, 4]' WHERE rowid = 1",
              "UPDATE items SET category = 11 WHERE rowid = 1",
              "UPDATE items SET flag = 0 WHERE rowid = 1",
              "UPDATE items SET note = 'x' WHERE rowid = 1",
              "INSERT INTO items (rowid, embedding, category, flag) VALUES (2, '[0, 0]', 1, 0)",
              "DELETE FROM items WHERE rowid = 1")) {
        assertThatThrownBy(() -> st.execute(write)).as(write).isInstanceOf(SQLException.class);
      }
      assertThat(vec0Row(c)).isEqualTo("[1.000000,2.000000] 10 1 n");
    }
    assertThat(freezer.unfreeze(file, "app", List.of("items"), Duration.ofSeconds(5)))
        .containsAll(frozen.indexes());
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("UPDATE items SET embedding = '[3, 4]', category = 11 WHERE rowid = 1");
      assertThat(vec0Row(c)).isEqualTo("[3.000000,4.000000] 11 1 n");
    }
  }

  private static String vec0Row(Connection c) throws SQLException {
    try (PreparedStatement st =
            c.prepareStatement(
                "SELECT vec_to_json(embedding), category, flag, note FROM items WHERE rowid = 1");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getString(4);
    }
  }

  @Test
  @DisplayName("The freeze waits for a writer in progress, whose write then commits")
  void waitsForWriter() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (Connection c = connect();
                  Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("INSERT INTO notes VALUES (10, 'in flight')");
                writing.countDown();
                Thread.sleep(300);
                st.execute("COMMIT");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    SqliteSourceFreezer.Frozen frozen =
        freezer.freeze(file, "app", List.of("notes"), MESSAGE, Duration.ofSeconds(5));
    writer.get(5, TimeUnit.SECONDS);
    assertThat(frozen.lockWaitMs()).isGreaterThanOrEqualTo(100);
    try (Connection c = connect();
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT body FROM notes WHERE id = 10")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  @DisplayName("A lock held past the timeout fails the freeze clearly and installs nothing")
  void lockTimeout() throws Exception {
    try (Connection holder = connect();
        Statement st = holder.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      assertThatThrownBy(
              () -> freezer.freeze(file, "app", List.of("notes"), MESSAGE, Duration.ofMillis(200)))
          .isInstanceOf(SourceFreezeException.class)
          .hasMessageContaining("write lock")
          .hasMessageContaining(file.toString());
      st.execute("ROLLBACK");
    }
    assertThat(freezer.readOnlyTriggers(file)).isEmpty();
  }

  @Test
  @DisplayName("A table that is gone fails the freeze naming it, and nothing stays installed")
  void missingTable() {
    assertThatThrownBy(
            () ->
                freezer.freeze(
                    file, "app", List.of("notes", "gone"), MESSAGE, Duration.ofSeconds(2)))
        .isInstanceOf(SourceFreezeException.class)
        .hasMessageContaining("'gone'");
    assertThat(freezer.readOnlyTriggers(file)).isEmpty();
  }

  @Test
  @DisplayName(
      "Two migrations of one file freeze it each on their own: unfreezing one leaves the other's"
          + " triggers, and the table read-only, until that one unfreezes too")
  void ownersUnfreezeOnlyTheirOwn() throws Exception {
    freezer.freeze(file, "crm", List.of("notes"), "moved to crm", Duration.ofSeconds(5));
    freezer.freeze(file, "wiki", List.of("notes"), "moved to wiki", Duration.ofSeconds(5));
    assertThat(freezer.readOnlyTriggers(file)).hasSize(6);

    assertThat(freezer.unfreeze(file, "crm", List.of("notes"), Duration.ofSeconds(5))).hasSize(3);
    assertThat(freezer.readOnlyTriggers(file)).hasSize(3);
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("INSERT INTO notes VALUES (3, 'c')"))
          .hasMessageContaining("moved to wiki");
    }
    assertThat(freezer.unfreeze(file, "wiki", List.of("notes"), Duration.ofSeconds(5))).hasSize(3);
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO notes VALUES (3, 'c')");
    }
  }

  @Test
  @DisplayName(
      "The freeze makes the write-back gate's table: a connection with a row in it writes past the"
          + " triggers, other connections stay refused; unfreezing the last owner drops the table")
  void writeBackGate() throws Exception {
    freezer.freeze(file, "crm", List.of("notes"), "moved to crm", Duration.ofSeconds(5));
    freezer.freeze(file, "wiki", List.of("notes"), "moved to wiki", Duration.ofSeconds(5));
    try (Connection writeBack = connect();
        Statement wb = writeBack.createStatement();
        Connection application = connect();
        Statement app = application.createStatement()) {
      // the write-back's connection has the gate guard's function
      Function.create(
          writeBack,
          SqliteReadOnlyStatementBuilder.GATE_GUARD_FUNCTION,
          new Function() {
            @Override
            protected void xFunc() throws SQLException {
              result(1);
            }
          });
      assertThatThrownBy(
              () -> app.execute("INSERT INTO tributary_writeback (writer) VALUES ('app')"))
          .hasMessageContaining(SqliteReadOnlyStatementBuilder.GATE_GUARD_FUNCTION);
      wb.execute("BEGIN IMMEDIATE");
      wb.execute("INSERT INTO tributary_writeback (writer) VALUES ('test')");
      wb.execute("INSERT INTO notes VALUES (5, 'written back')");
      wb.execute("DELETE FROM tributary_writeback");
      wb.execute("COMMIT");
      assertThatThrownBy(() -> app.execute("INSERT INTO notes VALUES (6, 'app')"))
          .hasMessageContaining("moved to");
      try (ResultSet rs = app.executeQuery("SELECT body FROM notes WHERE id = 5")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("written back");
      }
    }
    freezer.unfreeze(file, "crm", List.of("notes"), Duration.ofSeconds(5));
    assertThat(tableExists("tributary_writeback")).as("kept for wiki's triggers").isTrue();
    freezer.unfreeze(file, "wiki", List.of("notes"), Duration.ofSeconds(5));
    assertThat(tableExists("tributary_writeback")).isFalse();
  }

  private boolean tableExists(String name) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
      return rs.next();
    }
  }

  @Test
  @DisplayName("Triggers an earlier version installed without an owner are undone too")
  void ownerlessTriggersAreUndone() throws Exception {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String name : SqliteReadOnlyStatementBuilder.ownerlessTriggerNames("notes")) {
        st.execute(
            "CREATE TRIGGER \""
                + name
                + "\" BEFORE INSERT ON notes BEGIN SELECT RAISE(ABORT, 'old'); END");
      }
    }
    assertThat(freezer.unfreeze(file, "app", List.of("notes"), Duration.ofSeconds(5))).hasSize(3);
    assertThat(freezer.readOnlyTriggers(file)).isEmpty();
  }
}

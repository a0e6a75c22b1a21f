package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCaptureInstallerTest {
  @TempDir Path dir;
  Path file;
  List<TableDef> tables;

  @BeforeEach
  void createDatabase() throws Exception {
    file = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE \"order items\" (\"order\" INTEGER, \"line no\" INTEGER, qty REAL,"
              + " PRIMARY KEY (\"order\", \"line no\"))");
      st.execute("CREATE TABLE \"we\"\"ird\" (k BLOB PRIMARY KEY, v TEXT) WITHOUT ROWID");
      st.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
    }
    tables = SqliteCatalogReader.read(file, "m", "s", "s");
  }

  private List<String[]> log() throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT seq, tbl, op, key FROM _tributary_changes ORDER BY seq")) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return out;
  }

  private void execute(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private List<String> schemaObjects() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT type || ' ' || name FROM sqlite_schema WHERE name LIKE '%tributary%'"
                        + " ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "Install creates the log and three triggers per table; installing again changes nothing")
  void installIsIdempotent() throws Exception {
    SqliteCaptureInstaller installer = new SqliteCaptureInstaller(file, Duration.ofMillis(1000));
    SqliteCaptureInstaller.Installation first = installer.install("m/s", tables);
    assertThat(first.created()).hasSize(9);
    assertThat(first.position()).isZero();
    execute("INSERT INTO plain VALUES (1, 'a')");
    SqliteCaptureInstaller.Installation second = installer.install("m/s", tables);
    assertThat(second.created()).isEmpty();
    assertThat(second.registration()).isEqualTo(first.registration());
    assertThat(second.position()).isEqualTo(1);
    assertThat(schemaObjects()).filteredOn(o -> o.startsWith("trigger")).hasSize(9);
    assertThat(SqliteCatalogReader.read(file, "m", "s", "s"))
        .extracting(TableDef::sourceTable)
        .containsExactly("order items", "plain", "we\"ird");
  }

  @Test
  @DisplayName("An outdated trigger is replaced by the current one in the same transaction")
  void outdatedTriggerIsReplaced() throws Exception {
    SqliteCaptureInstaller installer = new SqliteCaptureInstaller(file, Duration.ofMillis(1000));
    installer.install("m/s", tables);
    String name = ChangeLogTriggerBuilder.triggerName("plain", "i");
    execute(
        "DROP TRIGGER \"" + name + "\"",
        "CREATE TRIGGER \"" + name + "\" AFTER INSERT ON plain BEGIN SELECT 1; END");
    assertThat(installer.install("m/s", tables).created()).containsExactly(name);
    execute("INSERT INTO plain VALUES (5, 'x')");
    assertThat(log()).extracting(e -> e[3]).containsExactly("[[\"i\",5]]");
  }

  @Test
  @DisplayName(
      "Triggers log inserts, updates and deletes; a key change logs the old key's delete first")
  void triggersLogChanges() throws Exception {
    new SqliteCaptureInstaller(file, Duration.ofMillis(1000)).install("m/s", tables);
    execute(
        "INSERT INTO \"order items\" VALUES (1, 2, 1.5)",
        "UPDATE \"order items\" SET qty = 3 WHERE \"order\" = 1",
        "UPDATE \"order items\" SET \"line no\" = 3 WHERE \"order\" = 1",
        "INSERT INTO \"we\"\"ird\" VALUES (x'00ff', 'b')",
        "DELETE FROM \"we\"\"ird\"",
        "INSERT INTO plain VALUES (7, 'x')",
        "UPDATE plain SET id = 8.0 WHERE id = 7");
    assertThat(log())
        .extracting(e -> e[1] + " " + e[2] + " " + e[3])
        .containsExactly(
            "order items c [[\"i\",1],[\"i\",2]]",
            "order items u [[\"i\",1],[\"i\",2]]",
            "order items d [[\"i\",1],[\"i\",2]]",
            "order items u [[\"i\",1],[\"i\",3]]",
            "we\"ird c [[\"x\",\"00FF\"]]",
            "we\"ird d [[\"x\",\"00FF\"]]",
            "plain c [[\"i\",7]]",
            "plain d [[\"i\",7]]",
            "plain u [[\"i\",8]]");
  }

  @Test
  @DisplayName(
      "Uninstall removes triggers, log and registry, reports them, and leaves the tables' data")
  void uninstallRemovesEverything() throws Exception {
    SqliteCaptureInstaller installer = new SqliteCaptureInstaller(file, Duration.ofMillis(1000));
    installer.install("m/s", tables);
    execute("INSERT INTO plain VALUES (1, 'a')");
    assertThat(installer.isRegistered("m/s")).isTrue();
    UninstallReport report = installer.uninstall("m/s");
    assertThat(report.registrationRemoved()).isTrue();
    assertThat(report.droppedTriggers()).hasSize(9);
    assertThat(report.droppedTables())
        .containsExactly("_tributary_changes", "_tributary_consumers");
    assertThat(report.message()).contains("removed 9 triggers");
    assertThat(schemaObjects()).isEmpty();
    assertThat(installer.isRegistered("m/s")).isFalse();
    execute("INSERT INTO plain VALUES (2, 'b')");
    UninstallReport again = installer.uninstall("m/s");
    assertThat(again.registrationRemoved()).isFalse();
    assertThat(again.message()).isEqualTo("nothing was installed");
    // a new installation starts a new registration
    SqliteCaptureInstaller.Installation next = installer.install("m/s", tables);
    assertThat(next.position()).isZero();
  }

  @Test
  @DisplayName("With two captures of one file, removing one keeps the triggers for the other")
  void otherConsumersKeepTheTriggers() throws Exception {
    SqliteCaptureInstaller installer = new SqliteCaptureInstaller(file, Duration.ofMillis(1000));
    String a = installer.install("a/s", tables).registration();
    String b = installer.install("b/s", tables).registration();
    assertThat(a).isNotEqualTo(b);
    UninstallReport report = installer.uninstall("a/s");
    assertThat(report.registrationRemoved()).isTrue();
    assertThat(report.otherConsumers()).containsExactly("b/s");
    assertThat(report.droppedTriggers()).isEmpty();
    assertThat(report.message()).contains("kept");
    assertThat(installer.uninstall("b/s").droppedTriggers()).hasSize(9);
  }

  @Test
  @DisplayName(
      "A capture restarting while the application's write lock is held (a cutover's freeze)"
          + " finds its installation current without writing")
  void reinstallUnderHeldWriteLock() throws Exception {
    SqliteCaptureInstaller installer = new SqliteCaptureInstaller(file, Duration.ofMillis(200));
    SqliteCaptureInstaller.Installation first = installer.install("c1", tables);
    execute("INSERT INTO plain (id, v) VALUES (1, 'a')");
    try (Connection freeze = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = freeze.createStatement()) {
      st.execute("BEGIN IMMEDIATE"); // holds the write lock, as a freeze does
      SqliteCaptureInstaller.Installation again = installer.install("c1", tables);
      assertThat(again.registration()).isEqualTo(first.registration());
      assertThat(again.created()).isEmpty();
      assertThat(again.position()).isEqualTo(first.position() + 1);
      // a new consumer must be registered: that needs the lock, and says so
      Assertions.assertThatThrownBy(() -> installer.install("c2", tables))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("locked");
      st.execute("ROLLBACK");
    }
    assertThat(installer.install("c2", tables).registration()).isNotEqualTo(first.registration());
  }
}

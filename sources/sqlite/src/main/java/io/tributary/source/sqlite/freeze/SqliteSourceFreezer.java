package io.tributary.source.sqlite.freeze;

import io.tributary.source.spi.freeze.SourceFreezeException;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.SqliteVirtualTables;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Freezes a SQLite source: takes the write lock ({@code BEGIN IMMEDIATE}, waiting up to the timeout
 * for writers in progress to commit), creates the read-only triggers on every table (and the table
 * of their write-back gate, which lets the fallback window's write-back past them: {@link
 * SqliteReadOnlyStatementBuilder}) and commits. A writer that committed before has its change in
 * the change log (and so in the fence's stream); every write after fails with the triggers'
 * message. Tributary's own tables (the change log) stay writable, so the fence can still be
 * written. A sqlite-vec {@code vec0} table is frozen through its shadow tables (a full-text table
 * whose text migrates, through its content table): the triggers fail inserts, deletes and auxiliary
 * updates; an UPDATE of a vector or metadata value, which sqlite-vec writes into its chunk in place
 * with blob I/O that no trigger sees, fails too, because the chunk's blob column gets an empty
 * index ({@link SqliteReadOnlyStatementBuilder#createBlobIndex}) and SQLite refuses to open an
 * indexed column for writing. Whatever was written into a chunk before the freeze is logged before
 * the fence by the fence's own scan of the chunks.
 */
public class SqliteSourceFreezer {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A frozen file.
   *
   * @param lockWaitMs how long taking the write lock waited for writers in progress
   * @param lockHeldMs how long the lock was held to install the triggers
   */
  public record Frozen(
      Path file,
      List<String> tables,
      List<String> triggers,
      List<String> indexes,
      long lockWaitMs,
      long lockHeldMs) {}

  /**
   * Freezes {@code file}.
   *
   * @param owner whose triggers these are (the migration source's target schema): {@link #unfreeze}
   *     of another owner leaves them
   * @throws SourceFreezeException when the file or a table is missing, or the lock was not had in
   *     time; nothing is installed then
   */
  public Frozen freeze(
      Path file, String owner, List<String> tables, String message, Duration timeout) {
    requireFile(file);
    long started = System.nanoTime();
    try (Connection c = open(file, timeout)) {
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        try {
          st.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
          throw new SourceFreezeException(
              "could not take the write lock of "
                  + file
                  + " within "
                  + timeout.toMillis()
                  + " ms (a writer holds it): "
                  + e.getMessage(),
              e);
        }
        long locked = System.nanoTime();
        List<String> triggers = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        try {
          for (String name : storedIn(c, tables)) {
            if (!tableExists(c, name)) {
              throw new SourceFreezeException(
                  "table '" + name + "' is no longer in " + file + ": cannot freeze it");
            }
            for (String sql : SqliteReadOnlyStatementBuilder.createTriggers(owner, name, message)) {
              st.execute(sql);
            }
            triggers.addAll(SqliteReadOnlyStatementBuilder.triggerNames(owner, name));
          }
          for (Vec0Table.ShadowColumn blob : inPlaceColumns(c, tables)) {
            st.execute(
                SqliteReadOnlyStatementBuilder.createBlobIndex(owner, blob.table(), blob.column()));
            indexes.add(
                SqliteReadOnlyStatementBuilder.indexName(owner, blob.table(), blob.column()));
          }
          st.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          try {
            st.execute("ROLLBACK");
          } catch (SQLException ignored) {
            // the connection closes below; SQLite rolls back then
          }
          if (e instanceof SourceFreezeException f) {
            throw f;
          }
          throw new SourceFreezeException(
              "could not install read-only triggers in " + file + ": " + e.getMessage(), e);
        }
        long done = System.nanoTime();
        return new Frozen(
            file,
            List.copyOf(tables),
            triggers,
            indexes,
            (locked - started) / 1_000_000,
            (done - locked) / 1_000_000);
      }
    } catch (SQLException e) {
      throw new SourceFreezeException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The tables whose triggers freeze {@code tables}: a virtual table cannot have triggers, so the
   * shadow tables that store it (vec0), or its content table (full-text), get them.
   */
  private static List<String> storedIn(Connection c, List<String> tables) throws SQLException {
    Map<String, List<String>> shadows = new HashMap<>();
    SqliteVirtualTables.Found virtual = SqliteVirtualTables.read(c);
    virtual.vec0().forEach(v -> shadows.put(v.name(), v.shadowTables()));
    virtual.fulltext().forEach(f -> shadows.put(f.name(), List.of(f.contentTable())));
    List<String> stored = new ArrayList<>();
    for (String table : tables) {
      for (String name : shadows.getOrDefault(table, List.of(table))) {
        if (!stored.contains(name)) {
          stored.add(name);
        }
      }
    }
    return stored;
  }

  /**
   * The chunk columns of the vec0 tables among {@code tables} that sqlite-vec writes in place
   * ({@link Vec0Table#inPlaceColumns}).
   */
  private static List<Vec0Table.ShadowColumn> inPlaceColumns(Connection c, List<String> tables)
      throws SQLException {
    List<Vec0Table.ShadowColumn> out = new ArrayList<>();
    for (Vec0Table vec : SqliteVirtualTables.read(c).vec0()) {
      if (tables.contains(vec.name())) {
        out.addAll(vec.inPlaceColumns());
      }
    }
    return out;
  }

  /**
   * Drops the read-only triggers {@code owner} put on {@code tables} (and those an earlier version
   * put on them without an owner) in one transaction; the names dropped. Other owners' triggers
   * stay: another migration of the same file may be frozen. When no read-only trigger is left, the
   * write-back gate's table ({@link SqliteReadOnlyStatementBuilder#WRITE_BACK_TABLE}) goes too.
   */
  public List<String> unfreeze(Path file, String owner, List<String> tables, Duration timeout) {
    requireFile(file);
    try (Connection c = open(file, timeout)) {
      c.setAutoCommit(false);
      Set<String> installed = new HashSet<>(readOnlyTriggers(c));
      Set<String> installedIndexes = new HashSet<>(readOnly(c, true));
      List<String> names = new ArrayList<>();
      List<String> indexes = new ArrayList<>();
      for (Vec0Table.ShadowColumn blob : inPlaceColumns(c, tables)) {
        String name = SqliteReadOnlyStatementBuilder.indexName(owner, blob.table(), blob.column());
        if (installedIndexes.contains(name)) {
          indexes.add(name);
        }
      }
      for (String table : storedIn(c, tables)) {
        for (String name : SqliteReadOnlyStatementBuilder.triggerNames(owner, table)) {
          if (installed.contains(name)) {
            names.add(name);
          }
        }
        for (String name : SqliteReadOnlyStatementBuilder.ownerlessTriggerNames(table)) {
          if (installed.contains(name)) {
            names.add(name);
          }
        }
      }
      try (Statement st = c.createStatement()) {
        for (String name : names) {
          st.execute(SqliteReadOnlyStatementBuilder.dropTrigger(name));
        }
        for (String name : indexes) {
          st.execute(SqliteReadOnlyStatementBuilder.dropIndex(name));
        }
        if (readOnlyTriggers(c).isEmpty()) {
          // the write-back gate's table serves the triggers only
          st.execute(SqliteReadOnlyStatementBuilder.dropWriteBackTable());
        }
      }
      c.commit();
      names.addAll(indexes);
      return names;
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "could not remove the read-only triggers of " + file + ": " + e.getMessage(), e);
    }
  }

  /** The read-only triggers installed in the file. */
  public List<String> readOnlyTriggers(Path file) {
    requireFile(file);
    try (Connection c = open(file, Duration.ofSeconds(5))) {
      return readOnlyTriggers(c);
    } catch (SQLException e) {
      throw new SourceFreezeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> readOnlyTriggers(Connection c) throws SQLException {
    return readOnly(c, false);
  }

  /** The read-only triggers, or indexes, installed in the file. */
  private static List<String> readOnly(Connection c, boolean indexes) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                indexes
                    ? SqliteReadOnlyStatementBuilder.selectReadOnlyIndexes()
                    : SqliteReadOnlyStatementBuilder.selectReadOnlyTriggers())) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(SqliteReadOnlyStatementBuilder.tableExists())) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Connection open(Path file, Duration timeout) throws SQLException {
    return SqliteConnections.openReadWrite(file, timeout);
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SourceFreezeException("no SQLite file " + file);
    }
  }
}

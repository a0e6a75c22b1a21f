package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.FullTextTable;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and removes change capture in a SQLite file: the change log, the consumer registry and
 * the triggers of the captured tables (see {@link ChangeLogStatementBuilder}). Each runs in one
 * short write transaction on its own read-write connection, which is closed afterwards.
 *
 * <p>Several captures (consumers) may read one file; each registers under its own name with a fresh
 * registration id, which its offsets carry: a capture whose stored offsets name another
 * registration was removed in between and must snapshot again. The triggers are shared; removing
 * the last consumer removes the triggers and tables.
 *
 * <p>A consumer of sqlite-vec {@code vec0} tables also gets a scope per table in capture's record
 * of what it emitted of them ({@link Vec0HashStatementBuilder}), which a new registration starts
 * empty and its removal deletes; and its fences are preceded by a scan of their chunks ({@link
 * SqliteFenceLog}).
 */
public final class SqliteCaptureInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteCaptureInstaller.class);

  private final Path file;
  private final Duration lockWait;
  private final TriggerSource triggers;

  /** The triggers that log the changes of a capture's tables, as this version writes them. */
  @FunctionalInterface
  public interface TriggerSource {
    List<ChangeLogStatementBuilder.Trigger> of(Connection connection, List<TableDef> tables)
        throws SQLException;
  }

  /**
   * @param lockWait how long to wait on the application's write lock
   */
  public SqliteCaptureInstaller(Path file, Duration lockWait) {
    this(file, lockWait, SqliteCaptureInstaller::tableTriggers);
  }

  /**
   * @param file the SQLite file that receives the change log
   * @param lockWait how long to wait on the application's write lock
   * @param triggers the triggers to install (a Chroma store's differ from a SQLite file's)
   */
  public SqliteCaptureInstaller(Path file, Duration lockWait, TriggerSource triggers) {
    this.file = file;
    this.lockWait = lockWait;
    this.triggers = triggers;
  }

  /**
   * What an install found or made.
   *
   * @param registration the consumer's registration id
   * @param registeredMs when the consumer registered (ms since the epoch): a later registration has
   *     a larger one, and the changes read under it a higher {@link
   *     io.tributary.common.event.SourcePosition#generation} (a change log made anew numbers its
   *     changes from 1 again)
   * @param position the change log's position when the install committed
   * @param created triggers created or replaced by this install
   */
  public record Installation(
      String registration, long registeredMs, long position, List<String> created) {}

  /**
   * Ensures the change log, the consumer's registration and the triggers of the tables exist, as
   * this version writes them; idempotent (current triggers are left alone, older ones replaced).
   */
  public Installation install(String consumer, List<TableDef> tables) throws SQLException {
    return install(consumer, tables, false);
  }

  /**
   * As {@link #install(String, List)}; when the target holds every row already ({@code
   * targetHoldsEveryRow}: a fallback installs capture again while the sources are frozen, and no
   * snapshot follows), the current rows of the consumer's vec0 tables are recorded as emitted
   * ({@link Vec0ChangeScan#recordAsEmitted}), so that a later in-place update of them is found.
   */
  public Installation install(String consumer, List<TableDef> tables, boolean targetHoldsEveryRow)
      throws SQLException {
    try (Connection connection = SqliteConnections.openForCapture(file, lockWait)) {
      // A capture that restarts finds everything in place: it is seen in a read transaction, so a
      // restart does not need the write lock, which a cutover's freeze holds.
      Installation current =
          SqliteConnections.inReadTransaction(
              connection, () -> currentInstallation(connection, consumer, tables));
      Installation installation =
          current != null
              ? current
              : SqliteConnections.inWriteTransaction(
                  connection, () -> installInTransaction(connection, consumer, tables));
      warnAboutReplace(connection, tables);
      if (targetHoldsEveryRow) {
        int recorded =
            SqliteConnections.inWriteTransaction(
                connection,
                () ->
                    Vec0ChangeScan.recordAsEmitted(
                        connection, Vec0ChangeScan.scopes(connection, consumer)));
        if (recorded > 0) {
          LOG.info(
              "{} vec0 rows of {} recorded as emitted for {}: the target holds them",
              recorded,
              file,
              consumer);
        }
      }
      if (installation.created().isEmpty()) {
        LOG.info(
            "Change capture in {} is current for {} ({} tables, log at {})",
            file,
            consumer,
            tables.size(),
            installation.position());
      } else {
        LOG.info(
            "Installed change capture in {} for {}: triggers {}; log at {}",
            file,
            consumer,
            installation.created(),
            installation.position());
      }
      return installation;
    }
  }

  /**
   * A row that {@code INSERT OR REPLACE} deletes because it conflicts on a UNIQUE constraint other
   * than the key fires no delete trigger (unless the application turns recursive_triggers on), so
   * its deletion does not reach the target: says so for the tables where it can happen.
   */
  private void warnAboutReplace(Connection connection, List<TableDef> tables) throws SQLException {
    List<String> exposed = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(ChangeLogStatementBuilder.uniqueIndexesBesidesKey())) {
      for (TableDef table : tables) {
        st.setString(1, table.sourceTable());
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            exposed.add(table.sourceTable());
          }
        }
      }
    }
    if (!exposed.isEmpty()) {
      LOG.warn(
          "Tables {} of {} have UNIQUE constraints besides their key: a row that INSERT OR"
              + " REPLACE deletes because it conflicts on one of them fires no trigger, and stays"
              + " in the target (INSERT ... ON CONFLICT DO UPDATE, UPDATE and DELETE are captured)",
          exposed,
          file);
    }
  }

  /**
   * The installation as it stands when nothing is to be written: the change log and registry exist,
   * the consumer is registered and every trigger is this version's; null otherwise.
   */
  private Installation currentInstallation(
      Connection connection, String consumer, List<TableDef> tables) throws SQLException {
    if (!InstalledChangeLog.tableExists(connection, ChangeLogStatementBuilder.LOG_TABLE)
        || !InstalledChangeLog.tableExists(connection, ChangeLogStatementBuilder.CONSUMERS_TABLE)) {
      return null;
    }
    InstalledChangeLog.Registration registration =
        InstalledChangeLog.registration(connection, consumer);
    if (registration == null
        || !outdatedTriggers(connection, tables).isEmpty()
        || !unscopedVec0Tables(connection, consumer, tables).isEmpty()) {
      return null;
    }
    return new Installation(
        registration.id(),
        registration.registeredMs(),
        InstalledChangeLog.logPosition(connection),
        List.of());
  }

  /**
   * The captured vec0 tables that have no scope of this consumer in capture's record of what it
   * emitted (or every one, when the record is not in the file yet).
   */
  private static Set<String> unscopedVec0Tables(
      Connection connection, String consumer, List<TableDef> tables) throws SQLException {
    Set<String> wanted = new TreeSet<>();
    Set<String> captured = new HashSet<>();
    tables.forEach(t -> captured.add(t.sourceTable()));
    for (Vec0Table vec : SqliteVirtualTables.read(connection).vec0()) {
      if (captured.contains(vec.name())) {
        wanted.add(vec.name());
      }
    }
    if (wanted.isEmpty()
        || !InstalledChangeLog.tableExists(connection, Vec0HashStatementBuilder.SCOPES_TABLE)) {
      return wanted;
    }
    for (Vec0ChangeScan.Scope scope : Vec0ChangeScan.scopes(connection, consumer)) {
      wanted.remove(scope.table().name());
    }
    return wanted;
  }

  /**
   * This version's triggers of the tables that are not installed as they are written now, each with
   * whether a trigger of its name is installed (an older version, to drop first).
   */
  private Map<ChangeLogStatementBuilder.Trigger, Boolean> outdatedTriggers(
      Connection connection, List<TableDef> tables) throws SQLException {
    Map<String, String> existing = new HashMap<>();
    for (String[] trigger : InstalledChangeLog.installedTriggers(connection)) {
      existing.put(trigger[0], trigger[2]);
    }
    Map<ChangeLogStatementBuilder.Trigger, Boolean> outdated = new LinkedHashMap<>();
    for (ChangeLogStatementBuilder.Trigger trigger : triggers.of(connection, tables)) {
      String current = existing.get(trigger.name());
      if (!trigger.sql().equals(current)) {
        outdated.put(trigger, current != null);
      }
    }
    return outdated;
  }

  /**
   * The triggers of a SQLite file's tables: three per table, those of a virtual table on the shadow
   * tables that store it.
   */
  static List<ChangeLogStatementBuilder.Trigger> tableTriggers(
      Connection connection, List<TableDef> tables) throws SQLException {
    List<ChangeLogStatementBuilder.Trigger> out = new ArrayList<>();
    Map<String, Vec0Table> vec0 = new HashMap<>();
    Map<String, FullTextTable> fullText = new HashMap<>();
    SqliteVirtualTables.Found virtual = SqliteVirtualTables.read(connection);
    virtual.vec0().forEach(v -> vec0.put(v.name(), v));
    virtual.fulltext().forEach(f -> fullText.put(f.name(), f));
    for (TableDef table : tables) {
      String name = table.sourceTable();
      // a virtual table's triggers go on the shadow tables that store it
      List<ChangeLogStatementBuilder.Trigger> wanted =
          vec0.containsKey(name)
              ? ChangeLogStatementBuilder.triggers(table, vec0.get(name))
              : fullText.containsKey(name)
                  ? ChangeLogStatementBuilder.triggers(table, fullText.get(name))
                  : ChangeLogStatementBuilder.triggers(table);
      out.addAll(wanted);
    }
    return out;
  }

  private Installation installInTransaction(
      Connection connection, String consumer, List<TableDef> tables) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(ChangeLogStatementBuilder.createLogTable());
      st.execute(ChangeLogStatementBuilder.createConsumersTable());
      try (ResultSet rs = st.executeQuery(ChangeLogStatementBuilder.hasSeenColumn())) {
        rs.next();
        if (rs.getLong(1) == 0) {
          st.execute(ChangeLogStatementBuilder.addSeenColumn()); // installed by an older version
        }
      }
    }
    boolean registered;
    try (PreparedStatement st =
        connection.prepareStatement(ChangeLogStatementBuilder.registerConsumer())) {
      st.setString(1, consumer);
      st.setString(2, UUID.randomUUID().toString());
      registered = st.executeUpdate() > 0;
    }
    if (registered) {
      // a new registration snapshots anew: what an earlier one emitted is no record of this one's
      InstalledChangeLog.forgetEmitted(connection, consumer);
    }
    Set<String> unscoped = unscopedVec0Tables(connection, consumer, tables);
    if (!unscoped.isEmpty()) {
      try (Statement st = connection.createStatement()) {
        for (String sql : Vec0HashStatementBuilder.createTables()) {
          st.execute(sql);
        }
      }
      try (PreparedStatement st =
          connection.prepareStatement(Vec0HashStatementBuilder.registerScope())) {
        for (String table : unscoped) {
          st.setString(1, consumer);
          st.setString(2, table);
          st.executeUpdate();
        }
      }
    }
    List<String> created = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      for (Map.Entry<ChangeLogStatementBuilder.Trigger, Boolean> outdated :
          outdatedTriggers(connection, tables).entrySet()) {
        ChangeLogStatementBuilder.Trigger trigger = outdated.getKey();
        if (outdated.getValue()) {
          st.execute(ChangeLogStatementBuilder.dropTrigger(trigger.name()));
        }
        st.execute(trigger.sql());
        created.add(trigger.name());
      }
    }
    InstalledChangeLog.Registration registration =
        InstalledChangeLog.registration(connection, consumer);
    return new Installation(
        registration.id(),
        registration.registeredMs(),
        InstalledChangeLog.logPosition(connection),
        created);
  }

  /**
   * Removes a consumer's registration; when no other consumer is left, also every Tributary
   * trigger, the change log and the registry. Nothing is removed while another consumer remains
   * registered, and the report says so.
   */
  public UninstallReport uninstall(String consumer) throws SQLException {
    if (!Files.isRegularFile(file)) {
      return new UninstallReport(
          file.toString(), consumer, false, List.of(), List.of(), List.of(), "no such file");
    }
    try (Connection connection = SqliteConnections.openForCapture(file, lockWait)) {
      UninstallReport report =
          SqliteConnections.inWriteTransaction(
              connection, () -> uninstallInTransaction(connection, consumer));
      LOG.info("Change capture of {} in {}: {}", consumer, file, report.summary());
      return report;
    }
  }

  private UninstallReport uninstallInTransaction(Connection connection, String consumer)
      throws SQLException {
    boolean registry =
        InstalledChangeLog.tableExists(connection, ChangeLogStatementBuilder.CONSUMERS_TABLE);
    boolean removed = false;
    List<String> remaining = new ArrayList<>();
    if (registry) {
      try (PreparedStatement st =
          connection.prepareStatement(ChangeLogStatementBuilder.removeConsumer())) {
        st.setString(1, consumer);
        removed = st.executeUpdate() > 0;
      }
      remaining.addAll(InstalledChangeLog.consumers(connection));
    }
    InstalledChangeLog.forgetEmitted(connection, consumer);
    List<String> droppedTriggers = new ArrayList<>();
    List<String> droppedTables = new ArrayList<>();
    if (remaining.isEmpty()) {
      try (Statement st = connection.createStatement()) {
        for (String[] trigger : InstalledChangeLog.installedTriggers(connection)) {
          st.execute(ChangeLogStatementBuilder.dropTrigger(trigger[0]));
          droppedTriggers.add(trigger[0]);
        }
        List<String> owned =
            new ArrayList<>(
                List.of(
                    ChangeLogStatementBuilder.LOG_TABLE,
                    ChangeLogStatementBuilder.CONSUMERS_TABLE));
        owned.addAll(Vec0HashStatementBuilder.tables());
        for (String table : owned) {
          if (InstalledChangeLog.tableExists(connection, table)) {
            st.execute(ChangeLogStatementBuilder.dropTable(table));
            droppedTables.add(table);
          }
        }
      }
    }
    String message;
    if (!remaining.isEmpty()) {
      message =
          (removed ? "registration removed" : "was not registered")
              + "; triggers and change log kept for the other captures of this file "
              + remaining;
    } else if (droppedTriggers.isEmpty() && droppedTables.isEmpty()) {
      message = "nothing was installed";
    } else {
      message =
          "removed "
              + droppedTriggers.size()
              + " triggers and tables "
              + droppedTables
              + (removed ? "" : " (this capture was not registered)");
    }
    return new UninstallReport(
        file.toString(),
        consumer,
        removed,
        List.copyOf(remaining),
        List.copyOf(droppedTriggers),
        List.copyOf(droppedTables),
        message);
  }

  /**
   * Appends a fence to the change log ({@link SqliteFenceLog#emitFence}).
   *
   * @return the fence's position in the log
   */
  public long emitFence(String consumer, String payload) throws SQLException {
    return new SqliteFenceLog(file, lockWait).emitFence(consumer, payload);
  }

  /** True when the consumer is registered in the file (read-only check). */
  public boolean isRegistered(String consumer) throws SQLException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (Connection connection = SqliteConnections.openReadOnly(file, lockWait)) {
      if (!InstalledChangeLog.tableExists(connection, ChangeLogStatementBuilder.CONSUMERS_TABLE)) {
        return !InstalledChangeLog.installedTriggers(connection).isEmpty();
      }
      try (PreparedStatement st =
          connection.prepareStatement(ChangeLogStatementBuilder.consumer())) {
        st.setString(1, consumer);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next();
        }
      }
    }
  }
}

package io.tributary.source.postgres.capture;

import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.capture.StraySlot;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a PostgreSQL source for capture and removes what capture left there: the publication of
 * the captured tables (created by Tributary, never by Debezium, so names stay quoted), the replica
 * identity of tables with out-of-line (TOAST) columns, the replication slot (created by the
 * Debezium connector at its first start).
 *
 * <p>Replica identity: with PostgreSQL's default identity an update that leaves a large (TOASTed)
 * value unchanged does not carry that value in the WAL, and the change event would miss it.
 * Tributary therefore sets {@code REPLICA IDENTITY FULL} on captured tables that have such columns
 * and still have the default identity, and restores {@code DEFAULT} when the migration ends. Full
 * identity makes updates and deletes of those tables log their old row too (more WAL). A table
 * without a primary key is keyed by a unique index or by the plan's columns ({@link RowIdentity}):
 * its identity becomes that index ({@code USING INDEX}), or {@code FULL} when no index covers the
 * columns, and is restored the same way.
 */
public final class PostgresCaptureInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCaptureInstaller.class);

  /** The first major version with {@code publish_via_partition_root}. */
  private static final int PUBLISH_VIA_ROOT_SINCE = 13;

  private final PostgresUrl url;
  private final PostgresCaptureNames names;

  public PostgresCaptureInstaller(PostgresUrl url, PostgresCaptureNames names) {
    this.url = url;
    this.names = names;
  }

  /** A connection to the source, with a short statement timeout (capture never waits long). */
  public Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
    try (Statement st = c.createStatement()) {
      st.execute("SET statement_timeout = '30s'");
      st.execute("SET lock_timeout = '5s'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Creates the publication of the tables (or makes it publish exactly them), publishing a
   * partition's changes as its partitioned table's (PostgreSQL 13 and later), and sets the replica
   * identity of tables that need it.
   *
   * @return the tables whose replica identity was changed, with the identity they had ({@code d}),
   *     keyed by {@code schema.table}; they are restored by {@link #uninstall}
   */
  public Map<String, String> install(List<TableDef> tables) throws SQLException {
    Map<String, String> changed = new LinkedHashMap<>();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      boolean exists;
      try (PreparedStatement st =
          c.prepareStatement(PostgresCaptureStatementBuilder.PUBLICATION_EXISTS)) {
        st.setString(1, names.publication());
        try (ResultSet rs = st.executeQuery()) {
          exists = rs.next();
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute(
            exists
                ? PostgresCaptureStatementBuilder.setPublicationTables(names.publication(), tables)
                : PostgresCaptureStatementBuilder.createPublication(names.publication(), tables));
        if (c.getMetaData().getDatabaseMajorVersion() >= PUBLISH_VIA_ROOT_SINCE) {
          st.execute(PostgresCaptureStatementBuilder.publishViaPartitionRoot(names.publication()));
        }
      }
      for (TableDef table : tables) {
        String identity;
        boolean toastable;
        try (PreparedStatement st =
            c.prepareStatement(PostgresCaptureStatementBuilder.REPLICA_IDENTITY)) {
          st.setString(1, table.sourceSchema());
          st.setString(2, table.sourceTable());
          try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
              throw new SQLException(
                  "table "
                      + table.sourceSchema()
                      + "."
                      + table.sourceTable()
                      + " no longer exists in "
                      + url);
            }
            identity = rs.getString(1);
            toastable = rs.getBoolean(2);
          }
        }
        String statement = identityStatement(table, identity, toastable);
        if (statement != null) {
          try (Statement st = c.createStatement()) {
            st.execute(statement);
          }
          changed.put(table.sourceSchema() + "." + table.sourceTable(), identity);
        }
      }
      c.commit();
    }
    if (!changed.isEmpty()) {
      LOG.info(
          "Set the replica identity of {} tables of {} (out-of-line columns, or no primary key):"
              + " {}",
          changed.size(),
          url,
          changed.keySet());
    }
    return changed;
  }

  /**
   * What a table's replica identity must become while it is captured, null when it can stay: only a
   * table with the default identity is changed. {@code FULL} when it has out-of-line columns (an
   * update must log them) or is keyed by columns no unique index covers; {@code USING INDEX} when a
   * table without a primary key is keyed by a unique index (without it, PostgreSQL would refuse the
   * application's updates and deletes of a published table).
   */
  static String identityStatement(TableDef table, String identity, boolean toastable) {
    if (!identity.equals("d")) {
      return null;
    }
    RowIdentity keyedBy = table.rowIdentity();
    if (toastable || (keyedBy != RowIdentity.PRIMARY_KEY && table.identityIndex() == null)) {
      return PostgresCaptureStatementBuilder.replicaIdentity(
          table.sourceSchema(), table.sourceTable(), "FULL");
    }
    if (keyedBy != RowIdentity.PRIMARY_KEY) {
      return PostgresCaptureStatementBuilder.replicaIdentityUsingIndex(
          table.sourceSchema(), table.sourceTable(), table.identityIndex());
    }
    return null;
  }

  /**
   * Creates the replication slot now unless it exists (Debezium would create it only when its
   * engine starts): a fallback installs capture while the source is frozen, so every write after
   * the switch back is in the slot.
   *
   * @return the slot's consistent point, or empty when it existed
   */
  public Optional<String> createSlot() throws SQLException {
    try (Connection c = connect()) {
      if (slot(c).isPresent()) {
        return Optional.empty();
      }
      try (PreparedStatement st = c.prepareStatement(PostgresCaptureStatementBuilder.CREATE_SLOT)) {
        st.setString(1, names.slot());
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return Optional.of(rs.getString(1));
        }
      }
    }
  }

  /** The slot's confirmed position (the LSN as a number), empty when the slot does not exist. */
  public OptionalLong confirmedFlush() throws SQLException {
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement(PostgresCaptureStatementBuilder.SLOT_CONFIRMED_FLUSH)) {
      st.setString(1, names.slot());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** The slot's state, empty when the slot does not exist (yet). */
  public Optional<SlotLag> slotLag() throws SQLException {
    try (Connection c = connect()) {
      return slot(c);
    }
  }

  /** Every {@code tributary_…} slot of the source's database, with the WAL it holds. */
  public List<StraySlot> tributarySlots() throws SQLException {
    List<StraySlot> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement st = c.prepareStatement(PostgresCaptureStatementBuilder.TRIBUTARY_SLOTS);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(StraySlot.of(rs.getString(1), rs.getBoolean(2), rs.getLong(3)));
      }
    }
    return out;
  }

  private Optional<SlotLag> slot(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(PostgresCaptureStatementBuilder.SLOT_LAG)) {
      st.setString(1, names.slot());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new SlotLag(rs.getBoolean(1), rs.getLong(3), rs.getLong(4)));
      }
    }
  }

  /**
   * Writes a fence message into the source's WAL (transactional: it is decoded once committed). Its
   * commit is synchronous whatever the source's {@code synchronous_commit}: a logical walsender
   * decodes only flushed WAL, and with {@code synchronous_commit = off} the WAL writer flushes the
   * commit up to {@code wal_writer_delay} (200 ms) later, which a cutover's write pause would wait.
   *
   * @return the LSN of the message
   */
  public String emitFence(String payload) throws SQLException {
    try (Connection c = connect();
        PreparedStatement st = c.prepareStatement(PostgresCaptureStatementBuilder.EMIT_FENCE)) {
      try (Statement set = c.createStatement()) {
        set.execute(PostgresCaptureStatementBuilder.SYNCHRONOUS_COMMIT);
      }
      st.setString(1, payload);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** True when the slot or the publication still exists in the source. */
  public boolean isInstalled() throws SQLException {
    try (Connection c = connect()) {
      return slot(c).isPresent()
          || exists(c, PostgresCaptureStatementBuilder.PUBLICATION_EXISTS, names.publication());
    }
  }

  /**
   * Drops the slot and the publication and restores the default replica identity of the given
   * tables (those {@link #install} changed). The slot must not be in use: capture of this source is
   * stopped first.
   *
   * @return what was done, one line per object
   * @throws SQLException when the slot is still in use or the source refuses a statement
   */
  public List<String> uninstall(List<TableDef> restoreIdentity) throws SQLException {
    List<String> done = new ArrayList<>();
    try (Connection c = connect()) {
      if (dropIdleSlot(c)) {
        done.add("dropped replication slot " + names.slot());
      } else {
        done.add("no replication slot " + names.slot() + " to drop");
      }
      try (Statement st = c.createStatement()) {
        st.execute(PostgresCaptureStatementBuilder.dropPublication(names.publication()));
      }
      done.add("dropped publication " + names.publication());
      for (TableDef table : restoreIdentity) {
        String name = table.sourceSchema() + "." + table.sourceTable();
        try (Statement st = c.createStatement()) {
          st.execute(
              PostgresCaptureStatementBuilder.replicaIdentity(
                  table.sourceSchema(), table.sourceTable(), "DEFAULT"));
          done.add("restored REPLICA IDENTITY DEFAULT of " + name);
        } catch (SQLException e) {
          done.add("could not restore the replica identity of " + name + ": " + e.getMessage());
        }
      }
    }
    return done;
  }

  /**
   * Drops the slot before a snapshot is read afresh ({@link
   * io.tributary.source.postgres.capture.snapshot.ParallelSnapshotStep}): the slot is then created
   * anew, and the snapshot read in the snapshot it exports.
   *
   * @return true when the slot existed and was dropped
   * @throws SQLException when the slot is still in use (the start is retried later)
   */
  public boolean dropSlotBeforeSnapshot() throws SQLException {
    try (Connection c = connect()) {
      return dropIdleSlot(c);
    }
  }

  private boolean dropIdleSlot(Connection c) throws SQLException {
    Optional<SlotLag> slot = slot(c);
    if (slot.isEmpty()) {
      return false;
    }
    if (slot.get().active()) {
      throw new SQLException(
          "replication slot "
              + names.slot()
              + " is still in use by a connection; stop the capture that streams from it");
    }
    try (PreparedStatement st = c.prepareStatement(PostgresCaptureStatementBuilder.DROP_SLOT)) {
      st.setString(1, names.slot());
      st.execute();
    }
    return true;
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  public PostgresCaptureNames names() {
    return names;
  }
}

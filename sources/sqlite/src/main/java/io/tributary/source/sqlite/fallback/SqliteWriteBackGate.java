package io.tributary.source.sqlite.fallback;

import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.freeze.SqliteReadOnlyStatementBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.Function;

/**
 * The way past a frozen SQLite source's read-only triggers ({@link
 * SqliteReadOnlyStatementBuilder}): each trigger fires only while the gate's table is empty; the
 * write-back puts a row in it first in its transaction ({@link #open}) and takes it out last
 * ({@link #close}). SQLite lets one connection write at a time and shows no other the uncommitted
 * row, so the applications are still refused, with the freeze's message, while the write-back
 * writes.
 *
 * <p>A file frozen by a version before the gate has triggers without it: {@link #upgrade} recreates
 * every read-only trigger that lacks it, under the same name (so whichever migration owns it still
 * finds it to unfreeze), on the same table, with the same message, in one transaction (SQLite's DDL
 * is transactional: the file is never left half frozen).
 */
final class SqliteWriteBackGate {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteWriteBackGate.class);
  private static final String DEFAULT_MESSAGE =
      "tributary: this database is read-only, its data has moved";

  private final Connection connection;
  private final String writer;
  private boolean present;
  private boolean registered;

  /**
   * @param writer what the gate's row says (which migration's source writes)
   */
  SqliteWriteBackGate(Connection connection, String writer) {
    this.connection = connection;
    this.writer = writer;
  }

  /** The gate's guard lets only a connection that has this function fill the gate (idempotent). */
  private void register() throws SQLException {
    if (!registered) {
      Function.create(
          connection, SqliteReadOnlyStatementBuilder.GATE_GUARD_FUNCTION, new Pass(), 0);
      registered = true;
    }
  }

  /** {@value SqliteReadOnlyStatementBuilder#GATE_GUARD_FUNCTION}: lets the insert pass. */
  private static final class Pass extends Function {
    @Override
    protected void xFunc() throws SQLException {
      result(1);
    }
  }

  /** A read-only trigger as the file keeps it. */
  private record Trigger(String name, String table, String sql) {}

  /**
   * Recreates the read-only triggers that lack the gate with it, in one write transaction; the
   * number recreated. Creates the gate's table and its guard when the file has read-only triggers,
   * and empties the gate of rows another connection committed.
   */
  int upgrade(Path file) throws SQLException {
    register();
    List<Trigger> stale = new ArrayList<>();
    boolean any;
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(SqliteReadOnlyStatementBuilder.selectReadOnlyTriggerDefinitions())) {
      any = false;
      while (rs.next()) {
        any = true;
        Trigger trigger = new Trigger(rs.getString(1), rs.getString(2), rs.getString(3));
        if (!SqliteReadOnlyStatementBuilder.isGated(trigger.sql())
            && SqliteReadOnlyStatementBuilder.eventOf(trigger.name()).isPresent()) {
          stale.add(trigger);
        }
      }
    }
    if (!any) {
      present = exists();
      return 0;
    }
    SqliteConnections.inWriteTransaction(
        connection,
        () -> {
          try (Statement st = connection.createStatement()) {
            st.execute(SqliteReadOnlyStatementBuilder.createWriteBackTable());
            st.execute(SqliteReadOnlyStatementBuilder.createGateGuard());
            // the write-back takes its row out before it commits: a row there now was committed
            // by another connection (before the guard existed), and lets every write pass
            int foreign = st.executeUpdate(SqliteWriteBackStatementBuilder.emptyGate());
            if (foreign > 0) {
              LOG.warn(
                  "{} held {} rows in {} that the write-back did not write: while they were"
                      + " there, the applications' writes passed the freeze (removed; the gate"
                      + " is guarded now)",
                  file,
                  foreign,
                  SqliteReadOnlyStatementBuilder.WRITE_BACK_TABLE);
            }
            for (Trigger trigger : stale) {
              String event = SqliteReadOnlyStatementBuilder.eventOf(trigger.name()).orElseThrow();
              Optional<String> message = SqliteReadOnlyStatementBuilder.messageOf(trigger.sql());
              st.execute(SqliteReadOnlyStatementBuilder.dropTrigger(trigger.name()));
              st.execute(
                  SqliteReadOnlyStatementBuilder.gatedTrigger(
                      trigger.name(), trigger.table(), event, message.orElse(DEFAULT_MESSAGE)));
            }
          }
          return null;
        });
    present = true;
    if (!stale.isEmpty()) {
      LOG.info(
          "Recreated {} read-only triggers of {} with the write-back gate (frozen by an earlier"
              + " version): {}",
          stale.size(),
          file,
          stale.stream().map(Trigger::name).toList());
    }
    return stale.size();
  }

  /**
   * Puts the gate's row in, first in the write-back's transaction (nothing when the file has no
   * gate: it is not frozen, or was unfrozen).
   */
  void open() throws SQLException {
    register();
    present = exists();
    if (present) {
      try (PreparedStatement st =
          connection.prepareStatement(SqliteWriteBackStatementBuilder.openGate())) {
        st.setString(1, writer);
        st.executeUpdate();
      }
    }
  }

  /** Takes the gate's row out, last before the commit. */
  void close() throws SQLException {
    if (present) {
      try (PreparedStatement st =
          connection.prepareStatement(SqliteWriteBackStatementBuilder.closeGate())) {
        st.setString(1, writer);
        st.executeUpdate();
      }
    }
  }

  private boolean exists() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(SqliteWriteBackStatementBuilder.gateExists())) {
      return rs.next();
    }
  }
}

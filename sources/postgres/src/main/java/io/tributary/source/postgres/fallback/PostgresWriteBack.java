package io.tributary.source.postgres.fallback;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import io.tributary.common.value.ValueCastException;
import io.tributary.source.spi.writeback.JdbcWriteBack;
import io.tributary.source.spi.writeback.ReverseChange;
import io.tributary.source.spi.writeback.ReverseRowMapper;
import io.tributary.source.spi.writeback.SavepointedChanges;
import io.tributary.source.spi.writeback.StatementCache;
import io.tributary.source.spi.writeback.WriteBackResults;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the target's changes back into a PostgreSQL source during the fallback window: each batch
 * one transaction, each change under its own savepoint, so a change the source refuses (a
 * constraint, a value its type does not take, a table or column gone) is rolled back alone and
 * becomes a reject with PostgreSQL's message, and the others commit. What fails the batch instead,
 * to be retried: a lost connection, a lock not had in time, a deadlock or serialization failure, a
 * statement cancelled, the database refusing to write (still read-only), a lack of resources.
 */
final class PostgresWriteBack extends JdbcWriteBack {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWriteBack.class);

  private final String who;
  private final Connection connection;
  private final SavepointedChanges changes;
  private final Set<String> sequenceWarned = new HashSet<>();

  /**
   * @param who the source, for messages: {@code migration/source}
   */
  PostgresWriteBack(
      String who,
      Connection connection,
      StatementCache statements,
      ReverseRowMapper mapper,
      PostgresRowWriter writer) {
    super(LOG, who, connection, statements);
    this.who = who;
    this.connection = connection;
    this.changes =
        new SavepointedChanges(
            LOG, mapper, writer::write, PostgresWriteBack::failsBatch, PostgresWriteBack::reason);
  }

  /** Writes one change of a batch, recording it in the batch's results. */
  @FunctionalInterface
  private interface ChangeWrite {
    void write(ReverseChange change, WriteBackResults results) throws SQLException;
  }

  /**
   * Writes the batch with no savepoint a change (one round trip a change: the window keeps up with
   * a busier target); when the source refuses one of its changes, the transaction is rolled back
   * and the batch written again with a savepoint a change, so that only that change becomes a
   * reject.
   */
  @Override
  protected WriteBackResult writeBatch(List<ReverseChange> changes) throws SQLException {
    if (changes.size() > 1) {
      try {
        return writeAll(changes, this.changes::writeWithout);
      } catch (SavepointedChanges.Refused refused) {
        LOG.debug(
            "A change of a batch of {} written back into {} was refused ({}): the batch again, a"
                + " savepoint a change",
            changes.size(),
            who,
            refused.getMessage());
      }
    }
    return writeAll(changes, this::writeOne);
  }

  private WriteBackResult writeAll(List<ReverseChange> changes, ChangeWrite write)
      throws SQLException {
    WriteBackResults results = new WriteBackResults();
    try {
      Map<String, TableDef> inserted = new LinkedHashMap<>();
      for (ReverseChange change : changes) {
        write.write(change, results);
        if (change.op() != Op.DELETE) {
          inserted.putIfAbsent(change.table().qualifiedSourceName(), change.table());
        }
      }
      for (TableDef table : inserted.values()) {
        sequencesPastHighest(table);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    return results.result();
  }

  /**
   * The table's serial and identity sequences past the keys written back, in the batch's
   * transaction: after a fallback the application's next insert must not take a key a row made on
   * the target already has.
   */
  private void sequencesPastHighest(TableDef table) throws SQLException {
    for (ColumnDef column : table.columns()) {
      if (column.identity() == null) {
        continue;
      }
      Savepoint savepoint = connection.setSavepoint();
      try (Statement st = connection.createStatement()) {
        st.execute(
            PostgresWriteBackStatementBuilder.sequencePastHighest(
                table.sourceSchema(), table.sourceTable(), column.name()));
        connection.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        if (failsBatch(e)) {
          throw e;
        }
        // e.g. the user may not UPDATE the sequence: the rows are written all the same, the
        // sequence is set when the fallback switches back (or by hand)
        connection.rollback(savepoint);
        connection.releaseSavepoint(savepoint);
        if (sequenceWarned.add(table.qualifiedSourceName() + "." + column.name())) {
          LOG.warn(
              "The sequence of {}.{} in {} could not be moved past the keys written back: {}",
              table.qualifiedSourceName(),
              column.name(),
              who,
              e.getMessage());
        }
      }
    }
  }

  private void writeOne(ReverseChange change, WriteBackResults results) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    changes.write(
        change,
        results,
        () -> connection.releaseSavepoint(savepoint),
        () -> {
          connection.rollback(savepoint);
          connection.releaseSavepoint(savepoint);
        });
  }

  /**
   * Whether a failure is the source's state rather than the change's: connection (08), operator
   * intervention and cancellation (57), resources (53), rollbacks (40: deadlock, serialization), a
   * lock not had in time (55P03), a read-only transaction (25006), system (58) and internal (XX)
   * errors, or no SQLSTATE at all (the driver's own failure).
   */
  static boolean failsBatch(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() < 2) {
      return true;
    }
    String category = state.substring(0, 2);
    return switch (category) {
      case "08", "57", "53", "40", "58", "XX" -> true;
      default -> state.equals("55P03") || state.equals("25006");
    };
  }

  private static String reason(ReverseChange change, Exception e) {
    if (e instanceof ValueCastException) {
      return e.getMessage();
    }
    String verb =
        switch (change.op()) {
          case CREATE -> "insert";
          case UPDATE -> "update";
          case DELETE -> "delete";
          case READ -> "read";
        };
    return "PostgreSQL refused the "
        + verb
        + " of table "
        + change.table().sourceSchema()
        + "."
        + change.table().sourceTable()
        + ": "
        + e.getMessage();
  }
}

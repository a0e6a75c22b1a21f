package io.tributary.source.spi.writeback;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;

/**
 * A write-back over one JDBC connection to its source: an empty batch is not written at all, each
 * batch is timed and logged, and the connection's prepared statements and the connection itself are
 * closed at the end. The kind writes each batch in one transaction ({@link #writeBatch}).
 */
public abstract class JdbcWriteBack implements WriteBack {
  private final Logger log;
  private final Object who;
  private final Connection connection;
  private final StatementCache statements;

  /**
   * @param log the kind's write-back log
   * @param who the source, for the log ({@code migration/source}, or the file)
   * @param statements the prepared statements of {@code connection}
   */
  protected JdbcWriteBack(
      Logger log, Object who, Connection connection, StatementCache statements) {
    this.log = log;
    this.who = who;
    this.connection = connection;
    this.statements = statements;
  }

  @Override
  public final WriteBackResult write(List<ReverseChange> changes) throws SQLException {
    if (changes.isEmpty()) {
      return new WriteBackResults().result();
    }
    long started = System.nanoTime();
    WriteBackResult result = writeBatch(changes);
    log.debug(
        "Wrote back {} changes into {} ({} rejected) in {} ms",
        result.written().size(),
        who,
        result.rejects().size(),
        (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  /**
   * Writes a batch of one change or more in one transaction of the source ({@link
   * WriteBack#write}).
   */
  protected abstract WriteBackResult writeBatch(List<ReverseChange> changes) throws SQLException;

  @Override
  public void close() {
    statements.close();
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("Failed to close the write-back connection of {}: {}", who, e.getMessage());
    }
  }
}

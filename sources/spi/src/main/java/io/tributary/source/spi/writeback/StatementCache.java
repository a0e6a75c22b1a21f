package io.tributary.source.spi.writeback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of one write-back's connection, by SQL text: a table's changes repeat the
 * same few statements (an upsert of the same columns, a delete by key), which are prepared once.
 * The least recently used is closed beyond {@value #CAPACITY} statements (the columns an update
 * carries vary, and so do the statements).
 */
public final class StatementCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);
  private static final int CAPACITY = 256;

  private final Connection connection;
  private final Map<String, PreparedStatement> statements =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= CAPACITY) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };

  public StatementCache(Connection connection) {
    this.connection = connection;
  }

  /** The prepared statement of {@code sql}, its parameters cleared. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    } else {
      statement.clearParameters();
    }
    return statement;
  }

  /** Closes every statement (before the connection closes). */
  @Override
  public void close() {
    statements.values().forEach(StatementCache::closeQuietly);
    statements.clear();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      LOG.debug("Failed to close a write-back statement: {}", e.getMessage());
    }
  }
}

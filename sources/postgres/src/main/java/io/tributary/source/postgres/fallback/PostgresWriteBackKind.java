package io.tributary.source.postgres.fallback;

import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.writeback.KeyOriginals;
import io.tributary.source.spi.writeback.ReverseRowMapper;
import io.tributary.source.spi.writeback.StatementCache;
import io.tributary.source.spi.writeback.WriteBack;
import io.tributary.source.spi.writeback.WriteBackKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Writing back into PostgreSQL sources ({@link PostgresWriteBack}): a pgJDBC connection to the
 * source's URL (its credentials in it), set up to write past the freeze ({@link
 * PostgresWriteBackSession}); the tables' generated columns are read when it opens.
 */
public class PostgresWriteBackKind implements WriteBackKind {
  /** How long a statement waits on the applications' locks before the batch fails. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public WriteBack open(WriteBackSource source) throws SQLException {
    String who = source.migration() + "/" + source.source();
    Connection connection =
        PostgresWriteBackSession.open(PostgresUrl.parse(source.location()), who, LOCK_WAIT);
    try {
      PostgresGeneratedColumns generated =
          PostgresGeneratedColumns.read(connection, source.tables());
      PostgresInheritanceParents parents =
          PostgresInheritanceParents.read(connection, source.tables());
      StatementCache statements = new StatementCache(connection);
      ReverseRowMapper mapper =
          new ReverseRowMapper(
              new KeyOriginals(
                  source.migration(),
                  source.source(),
                  source.tables(),
                  new PostgresSourceKeys(connection)));
      return new PostgresWriteBack(
          who,
          connection,
          statements,
          mapper,
          new PostgresRowWriter(statements, generated, parents));
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }
}

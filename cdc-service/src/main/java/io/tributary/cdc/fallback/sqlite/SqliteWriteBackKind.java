package io.tributary.cdc.fallback.sqlite;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.fallback.WriteBack;
import io.tributary.cdc.fallback.WriteBackKind;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.sqlite.connect.SqliteConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Writing back into SQLite files ({@link SqliteWriteBack}): a read-write connection from the one
 * SQLite connection factory, whose statements wait on the applications' locks as long as capture's
 * ({@code tributary.capture.sqlite-busy-timeout}); opening it makes the file's read-only triggers
 * let the write-back through.
 */
@ApplicationScoped
public class SqliteWriteBackKind implements WriteBackKind {
  private final Duration lockWait;

  @Inject
  public SqliteWriteBackKind(CaptureConfig config) {
    this(config.sqliteBusyTimeout());
  }

  /** For tests: statements wait {@code lockWait} on a lock. */
  public SqliteWriteBackKind(Duration lockWait) {
    this.lockWait = lockWait;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public WriteBack open(WriteBackSource source) throws SQLException {
    Path file = Path.of(source.location());
    Connection connection = SqliteConnections.openReadWrite(file, lockWait);
    try {
      connection.setAutoCommit(true);
      SqliteWriteBack writeBack = new SqliteWriteBack(file, connection, source);
      writeBack.prepare();
      return writeBack;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }
}

package io.tributary.source.sqlite.fallback;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.writeback.WriteBack;
import io.tributary.source.spi.writeback.WriteBackKind;
import io.tributary.source.sqlite.connect.SqliteConnections;
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
public class SqliteWriteBackKind implements WriteBackKind {
  private final Duration lockWait;

  /**
   * @param lockWait how long statements wait on the applications' locks
   */
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

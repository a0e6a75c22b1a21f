package io.tributary.capture.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.capture.CaptureControl;
import io.tributary.common.control.CaptureStatements;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.sql.JdbcParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.RetriableException;
import org.postgresql.Driver;

/**
 * The control schema as a task on a Kafka Connect worker reaches it: one JDBC connection to the
 * target database (opened again after a failure), the same statements cdc-service runs through its
 * reactive pool ({@link CaptureStatements}). A failure is a {@link RetriableException}: the worker
 * polls again.
 */
public final class JdbcCaptureControl implements CaptureControl, AutoCloseable {
  private final String url;
  private final Properties credentials;
  private Connection connection;

  /**
   * @param applicationName what the database shows as the connection's application
   */
  public JdbcCaptureControl(String url, String user, String password, String applicationName) {
    this.url = url;
    this.credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    credentials.setProperty("ApplicationName", applicationName);
    credentials.setProperty("connectTimeout", "10");
    credentials.setProperty("socketTimeout", "30");
  }

  @Override
  public synchronized Optional<SourceRow> source(String migration, String source) {
    return query(
        CaptureStatements.SOURCE,
        rs ->
            rs.next()
                ? Optional.of(
                    new SourceRow(
                        rs.getString("kind"),
                        rs.getString("location"),
                        rs.getString("target_schema"),
                        rs.getString("state"),
                        rs.getBoolean("paused"),
                        rs.getBoolean("stream_only"),
                        rs.getString("tables"),
                        resyncs(rs.getString("resyncs"))))
                : Optional.empty(),
        migration,
        source);
  }

  @Override
  public synchronized long snapshotGeneration(String migration, String source) {
    return query(
        CaptureStatements.SNAPSHOT_GENERATION,
        rs -> rs.next() ? rs.getLong(1) : 0L,
        migration,
        source);
  }

  @Override
  public synchronized long nextGeneration(String migration, String source) {
    return query(
        CaptureStatements.NEXT_SNAPSHOT_GENERATION,
        rs -> {
          if (!rs.next()) {
            throw new IllegalStateException(
                "source " + migration + "/" + source + " is not in the control schema");
          }
          return rs.getLong(1);
        },
        migration,
        source);
  }

  @Override
  public synchronized void snapshotComplete(
      String migration, String source, String schema, String table, long rows) {
    update(CaptureStatements.SNAPSHOT_COMPLETE, migration, source, schema, table, rows);
  }

  @Override
  public synchronized void snapshotSent(
      String migration, String source, String schema, String table, long rows) {
    update(CaptureStatements.SNAPSHOT_SENT, migration, source, schema, table, rows);
  }

  @Override
  public synchronized void chunkedSnapshots(String migration, String source) {
    update(CaptureStatements.CHUNKED_SNAPSHOTS, migration, source);
  }

  @Override
  public synchronized void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
    try {
      update(
          CaptureStatements.FENCE_PUBLISHED,
          fence,
          ChangeEventCodec.MAPPER.writeValueAsString(offsets));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("offsets of fence " + fence + " as JSON", e);
    }
  }

  @Override
  public synchronized List<Long> pendingFences(String migration, String source) {
    return query(
        CaptureStatements.PENDING_FENCES_OF_SOURCE,
        rs -> {
          List<Long> ids = new ArrayList<>();
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
          return ids;
        },
        migration,
        source);
  }

  @Override
  public synchronized void fenceWritten(long fence, String position) {
    update(CaptureStatements.FENCE_WRITTEN, fence, position);
  }

  @Override
  public synchronized void captureRemoved(String migration, String source) {
    update(CaptureStatements.CAPTURE_REMOVED, migration, source);
  }

  @Override
  public synchronized Optional<Lease> acquireLease(
      String migration, String source, String holder, long leaseMillis) {
    return query(
        CaptureStatements.ACQUIRE_LEASE,
        rs -> rs.next() ? Optional.of(new Lease(rs.getString(1), rs.getLong(2))) : Optional.empty(),
        migration,
        source,
        holder,
        leaseMillis);
  }

  @Override
  public synchronized Set<String> renewLeases(
      String holder, long leaseMillis, Collection<String> ids) {
    return query(
        CaptureStatements.RENEW_LEASES,
        rs -> {
          Set<String> renewed = new HashSet<>();
          while (rs.next()) {
            renewed.add(rs.getString(1));
          }
          return renewed;
        },
        holder,
        leaseMillis,
        ids.toArray(String[]::new));
  }

  @Override
  public synchronized void releaseLease(String holder, String migration, String source) {
    update(CaptureStatements.RELEASE_LEASE, holder, migration, source);
  }

  @Override
  public synchronized void close() {
    closeConnection();
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String sql, Reader<T> reader, Object... args) {
    try (PreparedStatement st = JdbcParameters.of(sql).prepare(connection(), args);
        ResultSet rs = st.executeQuery()) {
      return reader.read(rs);
    } catch (SQLException e) {
      closeConnection();
      throw new RetriableException("control schema at " + url + ": " + e.getMessage(), e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement st = JdbcParameters.of(sql).prepare(connection(), args)) {
      st.executeUpdate();
    } catch (SQLException e) {
      closeConnection();
      throw new RetriableException("control schema at " + url + ": " + e.getMessage(), e);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      // the plugin's own driver, not DriverManager's (which sees the worker's class loader)
      connection = new Driver().connect(url, credentials);
      if (connection == null) {
        throw new SQLException("not a PostgreSQL JDBC URL: " + url);
      }
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // gone already
      }
      connection = null;
    }
  }

  private static Map<String, Long> resyncs(String json) {
    Map<String, Long> out = new TreeMap<>();
    try {
      ChangeEventCodec.MAPPER
          .readTree(json)
          .fields()
          .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("resyncs of the source are not JSON: " + json, e);
    }
    return out;
  }
}

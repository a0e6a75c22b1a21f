package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a change-log capture's snapshot and streaming, the way Debezium's change event source
 * coordinator runs its sources: the snapshot's chunks while it lasts (the next one read ahead while
 * the engine publishes), then the change log's batches; trimming and the scan for changes in place
 * on the way; a file its application keeps locked waited for, not failed on.
 */
final class SqliteCaptureCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteCaptureCoordinator.class);
  private static final long BUSY_WARNING_INTERVAL_MS = 30_000;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ReentrantLock io = new ReentrantLock();
  private final SqliteConnectorConfig config;
  private final SqliteSnapshotSource snapshot;
  private final SqliteStreamSource stream;
  private final CapturedStore store;
  private final CaptureConnections connections;
  private final CapturePosition position;
  private final Path file;
  private final IdleBackoff idle;
  private final CapturedFileIdentity identity;
  private final ExecutorService readAheadThread;
  private volatile boolean stopping;
  private Future<List<SourceRecord>> readAhead;
  private long busySince;
  private long busyWarnedAt;

  SqliteCaptureCoordinator(
      SqliteConnectorConfig config,
      SqliteSnapshotSource snapshot,
      SqliteStreamSource stream,
      CapturedStore store,
      CaptureConnections connections,
      CapturePosition position,
      CapturedFileIdentity identity) {
    this.identity = identity;
    this.config = config;
    this.snapshot = snapshot;
    this.stream = stream;
    this.store = store;
    this.connections = connections;
    this.position = position;
    this.file = store.databaseFile();
    this.idle = new IdleBackoff(config.pollIntervalMs());
    this.readAheadThread = config.snapshotReadAhead() ? readAheadThread(config) : null;
  }

  private static ExecutorService readAheadThread(SqliteConnectorConfig config) {
    String consumer = CaptureNames.sqliteConsumer(config.migration(), config.source());
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "sqlite-read-ahead-" + consumer);
          t.setDaemon(true);
          return t;
        });
  }

  /** The next records; null when there are none yet (after waiting a while) or when stopping. */
  List<SourceRecord> poll() throws InterruptedException {
    String replaced = identity.problem();
    if (replaced != null) {
      throw new ConnectException("Failed to capture " + config.path() + ": " + replaced);
    }
    Future<List<SourceRecord>> ahead = readAhead;
    readAhead = null;
    List<SourceRecord> out;
    try {
      out = ahead != null ? awaitReadAhead(ahead) : read();
      busySince = 0;
    } catch (SQLException e) {
      if (!SqliteConnections.isBusy(e)) {
        throw new ConnectException(
            "Failed to capture "
                + config.path()
                + " at position "
                + position.describe()
                + ": "
                + e.getMessage(),
            e);
      }
      waitedOnBusyFile(e);
      out = null;
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConnectException(
          "Failed to capture "
              + config.path()
              + " at position "
              + position.describe()
              + ": "
              + e.getMessage(),
          e);
    }
    if (out != null) {
      idle.found();
      readAheadIfSnapshotting();
      return out;
    }
    stopped.await(idle.nothingFound(), TimeUnit.MILLISECONDS);
    return null;
  }

  /**
   * The next records: a snapshot chunk while the snapshot lasts, then the next changes; null when
   * stopping or when the log holds nothing new. Runs on the engine's thread, or on the read-ahead
   * thread while the engine publishes the chunk before; never both at once.
   */
  private List<SourceRecord> read() throws SQLException {
    if (stopping) {
      return null;
    }
    io.lock();
    try {
      if (stopping) {
        return null;
      }
      stream.trimIfDue();
      stream.scanIfDue();
      TableDef table = snapshot.nextTable(position.offset());
      if (table != null && snapshot.streamBetweenChunks(table, position.offset())) {
        List<SourceRecord> changes = stream.batch();
        if (changes != null) {
          return changes;
        }
      }
      snapshot.chunkTurn();
      return table != null ? snapshot.chunk(table, position, connections) : stream.batch();
    } catch (SQLException | RuntimeException e) {
      store.discardRead(); // what was read is not emitted: it is read again
      throw e;
    } finally {
      io.unlock();
    }
  }

  /**
   * While the snapshot lasts (and {@code snapshot.read.ahead} is on), starts reading the next chunk
   * now: the engine publishes the chunk just returned and waits for Kafka meanwhile. Nothing of
   * this task's state is touched on the engine's thread until the next poll takes the chunk.
   */
  private void readAheadIfSnapshotting() {
    if (readAheadThread == null || stopping || snapshot.nextTable(position.offset()) == null) {
      return;
    }
    try {
      readAhead = readAheadThread.submit(this::read);
    } catch (RejectedExecutionException e) { // stopped meanwhile: the next poll reads, or stops
      readAhead = null;
    }
  }

  /** The read-ahead's chunk, or what it failed with, as if read now. */
  private static List<SourceRecord> awaitReadAhead(Future<List<SourceRecord>> ahead)
      throws SQLException, InterruptedException {
    try {
      return ahead.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * The application held its lock longer than the busy timeout: not a failure, the next poll tries
   * again; said at WARN when it lasts.
   */
  private void waitedOnBusyFile(SQLException e) {
    long now = System.currentTimeMillis();
    if (busySince == 0) {
      busySince = now;
      busyWarnedAt = now;
      LOG.debug("{} is locked by its application; trying again: {}", file, e.getMessage());
    } else if (now - busyWarnedAt >= BUSY_WARNING_INTERVAL_MS) {
      busyWarnedAt = now;
      LOG.warn(
          "{} has been locked by its application for {} s; capture waits for it ({})",
          file,
          (now - busySince) / 1000,
          e.getMessage());
    }
  }

  /** Kafka acknowledged a record at this change-log position. */
  void acknowledged(long logPosition) {
    stream.acknowledged(logPosition);
  }

  /** Stops: a read in progress (also one read ahead) ends first; then everything is closed. */
  void stop() {
    stopping = true;
    stopped.countDown();
    io.lock();
    try {
      stream.close();
      store.close();
      connections.close(config.path());
    } finally {
      io.unlock();
    }
    if (readAheadThread != null) {
      readAheadThread.shutdownNow();
    }
  }
}

package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.value.ValueCastException;
import java.sql.SQLException;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * Writes the changes of a write-back batch one at a time, each under its own savepoint of the
 * batch's transaction: a change whose value cannot be cast, or that the source refuses, is undone
 * alone and kept as a reject with the kind's reason; a change this version cannot handle is kept as
 * a reject too, so that one change cannot stop the window. A failure of the source's state (the
 * kind's {@code failsBatch}) fails the batch instead, to be retried.
 */
public final class SavepointedChanges {
  /** Writes one mapped change into the source; returns the key written. */
  @FunctionalInterface
  public interface RowWrite {
    ObjectNode write(SourceChange change) throws SQLException;
  }

  /** The kind's words for a change it refused (or whose value could not be cast). */
  @FunctionalInterface
  public interface Refusal {
    String reason(ReverseChange change, Exception e) throws SQLException;
  }

  /** One step on the change's savepoint: its release, or undoing the change. */
  @FunctionalInterface
  public interface SavepointStep {
    void run() throws SQLException;
  }

  private final Logger log;
  private final ReverseRowMapper mapper;
  private final RowWrite writer;
  private final Predicate<SQLException> failsBatch;
  private final Refusal refusal;

  /**
   * @param log the kind's write-back log, for a change this version cannot handle
   * @param failsBatch whether a failure is the source's state rather than the change's
   */
  public SavepointedChanges(
      Logger log,
      ReverseRowMapper mapper,
      RowWrite writer,
      Predicate<SQLException> failsBatch,
      Refusal refusal) {
    this.log = log;
    this.mapper = mapper;
    this.writer = writer;
    this.failsBatch = failsBatch;
    this.refusal = refusal;
  }

  /**
   * A change the source refused (or that could not be cast, or that this version cannot handle)
   * while it was written without a savepoint ({@link #writeWithout}): the batch's transaction is to
   * be rolled back and the batch written again, each change under its own savepoint.
   */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * Writes {@code change} without a savepoint of its own and records it in {@code results} as
   * written: the fast path of a batch whose changes the source all takes, one round trip a change
   * instead of three. A change it refuses throws {@link Refused}, after which the transaction is of
   * no use (PostgreSQL aborts it).
   *
   * @throws SQLException a failure that fails the batch
   * @throws Refused a failure of the change itself
   */
  public void writeWithout(ReverseChange change, WriteBackResults results) throws SQLException {
    try {
      results.written(change, writer.write(mapper.map(change)));
    } catch (ValueCastException | SQLException e) {
      if (e instanceof SQLException sql && failsBatch.test(sql)) {
        throw sql;
      }
      throw new Refused(e);
    } catch (RuntimeException e) {
      throw new Refused(e);
    }
  }

  /**
   * Writes {@code change} under the savepoint the caller has just set, and records it in {@code
   * results} as written or rejected.
   *
   * @param release releases the savepoint once the change is written
   * @param undo rolls back to the savepoint and releases it
   * @throws SQLException a failure that fails the batch
   */
  public void write(
      ReverseChange change, WriteBackResults results, SavepointStep release, SavepointStep undo)
      throws SQLException {
    SourceChange mapped = null;
    try {
      mapped = mapper.map(change);
      ObjectNode key = writer.write(mapped);
      release.run();
      results.written(change, key);
    } catch (ValueCastException | SQLException e) {
      if (e instanceof SQLException sql && failsBatch.test(sql)) {
        throw sql;
      }
      undo.run();
      results.rejected(change, mapped == null ? null : mapped.key(), refusal.reason(change, e));
    } catch (RuntimeException e) {
      // a change this version cannot handle: kept as a reject, so one change cannot stop the window
      log.warn(
          "Failed to write back a change of {} at {}",
          change.table().sourceTable(),
          change.lsn(),
          e);
      undo.run();
      results.rejected(
          change, mapped == null ? null : mapped.key(), "Failed to write back the change: " + e);
    }
  }
}

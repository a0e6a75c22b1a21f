package io.tributary.cdc.apply;

import io.tributary.common.event.Topics;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.TableDdlBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Builds the key of a bulk-loaded table once its snapshot is in (DESIGN.md, Apply), in one
 * transaction: the table's generation locked exclusively (batches of the table wait, and a batch
 * that waited sees the key), the primary key or identity UNIQUE constraint built, and {@code
 * tributary.tables.key_built_at} recorded. From then on the table's rows go in by upsert.
 *
 * <p>A key that does not build is not given up: the rows that keep it from being built are taken
 * out, and it is built again.
 *
 * <ul>
 *   <li>A key held more than once (23505): copies of one source row that at-least-once delivery
 *       brought twice are removed silently, the copy delivered last staying ({@link
 *       KeyBuildStatements#removeCopies}); rows of different source rows that meet on one target
 *       key (keys that differ in the source and are equal once cast, a plan's key that the source
 *       does not hold unique) are rejected, all but the one written last ({@link
 *       KeyRefusals#duplicates}).
 *   <li>A key too large for an index row (54000): the rows whose key is too large are rejected
 *       ({@link KeyRefusals#oversized}).
 * </ul>
 *
 * The rows taken out are deleted and their rejects kept in {@code tributary.rejects} — with their
 * record's coordinates and key (the provenance columns the rows were copied with, {@link
 * io.tributary.common.sql.BulkLoad}), their row as JSON and the reason — in one transaction, which
 * commits; then the key is built in the next. (PostgreSQL puts into a new index every row that an
 * open transaction may still see, deleted ones too: a key too large must be gone for good before
 * the key is built, {@link Waiting}.) The rejects are published once committed. Later changes of a
 * rejected key go in as any change of a rejected row does.
 */
@ApplicationScoped
public class KeyBuilder {
  private static final Logger LOG = Logger.getLogger(KeyBuilder.class);
  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,8}(kB|MB|GB)");
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String TOO_LARGE = "54000";

  /**
   * How many times a key is built again after rows were taken out: each attempt takes out at least
   * one row, most take out every row of their kind at once.
   */
  static final int MAX_ATTEMPTS = 20;

  private final String begin;

  public KeyBuilder(ApplyConfig config) {
    if (!MEMORY.matcher(config.keyBuildMemory()).matches()) {
      throw new IllegalArgumentException(
          "tributary.apply.key-build-memory must be a PostgreSQL size such as 256MB, not '"
              + config.keyBuildMemory()
              + "'");
    }
    this.begin =
        "BEGIN; SET LOCAL maintenance_work_mem = " + Identifiers.literal(config.keyBuildMemory());
  }

  /**
   * The outcome of a key build.
   *
   * @param built true when this call recorded the key as built; false when it was before (or the
   *     table is not bulk-loaded)
   * @param rejects the rows rejected because they kept the key from being built (committed)
   */
  record Built(boolean built, List<Reject> rejects) {}

  /**
   * The key cannot be built yet: rows whose key is too large were taken out (rejected, deleted,
   * committed), but transactions older than their removal may still see them, and PostgreSQL puts
   * every row such a transaction sees into a new index. The build succeeds once they ended: at the
   * next try (the next batch of the table, the next catalog refresh).
   */
  static final class Waiting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Waiting(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How one transaction of a key build ended. */
  private enum Step {
    /** the key is built (or was) and recorded */
    BUILT,
    /** nothing to build: not bulk-loaded, or recorded built before */
    NOTHING,
    /** rows that kept the key from being built were taken out and committed: build again */
    TAKEN_OUT
  }

  /**
   * Builds the table's key unless it is built already; each transaction that takes rows out commits
   * them with their rejects, which are then handed to {@code committed} (to publish).
   *
   * @throws Waiting when the rows taken out are still seen by older transactions
   */
  Built build(TargetSession session, AppliedTable table, Consumer<List<Reject>> committed) {
    long started = System.nanoTime();
    Taken taken = new Taken();
    for (int attempt = 1; ; attempt++) {
      int before = taken.rejects.size();
      Step step = attempt(session, table, taken, attempt);
      if (taken.rejects.size() > before) {
        committed.accept(List.copyOf(taken.rejects.subList(before, taken.rejects.size())));
      }
      if (step == Step.NOTHING) {
        return new Built(false, List.copyOf(taken.rejects));
      }
      if (step == Step.BUILT) {
        LOG.infof(
            "Key of %s built in %d ms%s; its rows go in by upsert from now on",
            table.definition().qualifiedSourceName(),
            (System.nanoTime() - started) / 1_000_000,
            taken.summary());
        return new Built(true, List.copyOf(taken.rejects));
      }
    }
  }

  /** What a key build took out of the table. */
  private static final class Taken {
    long copies;
    final List<Reject> rejects = new ArrayList<>();

    String summary() {
      return (copies == 0
              ? ""
              : " after removing " + copies + " older copies of rows delivered twice")
          + (rejects.isEmpty()
              ? ""
              : (copies == 0 ? " after rejecting " : " and rejecting ")
                  + rejects.size()
                  + " rows it could not hold");
    }
  }

  /**
   * One transaction: the table's generation locked, the key added; when rows keep it from being
   * built, they are taken out (copies removed, the others rejected) and committed instead.
   */
  private Step attempt(TargetSession session, AppliedTable table, Taken taken, int attempt) {
    String topic = table.definition().topic();
    session.execute(begin);
    boolean done = false;
    try {
      Map<String, Long> generations =
          SnapshotGenerations.lock(session, List.of(topic), Set.of(topic));
      List<Object[]> state = session.query(ApplyStatements.LOCK_TABLE_LOAD, topic);
      if (state.isEmpty()
          || !Boolean.TRUE.equals(state.get(0)[0])
          || Boolean.TRUE.equals(state.get(0)[1])) {
        return Step.NOTHING;
      }
      String qualified =
          Identifiers.qualified(
              table.definition().targetSchema(), table.definition().targetTable());
      boolean present =
          Boolean.TRUE.equals(
              session.query(
                      TableDdlBuilder.HAS_KEY,
                      qualified,
                      TableDdlBuilder.uniqueKeyName(table.definition()))
                  .get(0)[0]);
      if (!present) {
        RuntimeException refused = addKey(session, table);
        if (refused != null) {
          if (attempt > MAX_ATTEMPTS) {
            throw new IllegalStateException(
                "the key of "
                    + table.definition().qualifiedSourceName()
                    + " still cannot be built after "
                    + MAX_ATTEMPTS
                    + " times taking out the rows that kept it from being built: "
                    + TargetErrors.describe(refused),
                refused);
          }
          List<Reject> rejects = new ArrayList<>();
          long out =
              table.provenance()
                  ? takeOut(
                      session, table, refused, generations.getOrDefault(topic, 0L), rejects, taken)
                  : takeOutWithoutProvenance(session, table, refused, taken);
          if (out == 0) {
            if (table.provenance() && TOO_LARGE.equals(TargetErrors.sqlState(refused))) {
              throw new Waiting(
                  "the key of "
                      + table.definition().qualifiedSourceName()
                      + " is built once the transactions that began before its rows too large"
                      + " for it were taken out have ended (PostgreSQL indexes every row an open"
                      + " transaction may still see): "
                      + TargetErrors.describe(refused),
                  refused);
            }
            throw new IllegalStateException(
                "the key of "
                    + table.definition().qualifiedSourceName()
                    + " cannot be built, and no row that keeps it from being built was found: "
                    + TargetErrors.describe(refused),
                refused);
          }
          Rejects.store(session, rejects);
          session.execute("COMMIT");
          done = true;
          taken.rejects.addAll(rejects);
          return Step.TAKEN_OUT;
        }
      }
      session.update(ApplyStatements.KEY_BUILT, topic);
      session.execute("COMMIT");
      done = true;
      if (present) {
        LOG.infof("Key of %s existed already; recorded as built", qualified);
      }
      return Step.BUILT;
    } finally {
      if (!done) {
        rollbackQuietly(session);
      }
    }
  }

  /** Adds the key under a savepoint; returns PostgreSQL's refusal about rows, null when added. */
  private static RuntimeException addKey(TargetSession session, AppliedTable table) {
    session.execute("SAVEPOINT tributary_key");
    try {
      session.execute(TableDdlBuilder.addKey(table.definition()));
      session.execute("RELEASE SAVEPOINT tributary_key");
      return null;
    } catch (RuntimeException e) {
      String state = TargetErrors.sqlState(e);
      if (!UNIQUE_VIOLATION.equals(state) && !TOO_LARGE.equals(state)) {
        throw e;
      }
      session.execute("ROLLBACK TO SAVEPOINT tributary_key");
      return e;
    }
  }

  /**
   * Takes out the rows behind the key's refusal: copies removed, the others deleted and their
   * rejects added to {@code rejects}; returns how many rows.
   */
  private static long takeOut(
      TargetSession session,
      AppliedTable table,
      RuntimeException refused,
      long generation,
      List<Reject> rejects,
      Taken taken) {
    String error = TargetErrors.describe(refused);
    List<KeyRefusals.Refusal> refusals;
    long copies = 0;
    if (UNIQUE_VIOLATION.equals(TargetErrors.sqlState(refused))) {
      copies = session.update(KeyBuildStatements.removeCopies(table.definition()));
      taken.copies += copies;
      refusals =
          KeyRefusals.duplicates(
              table.definition(),
              session.query(KeyBuildStatements.duplicates(table.definition())),
              error);
    } else {
      int limit = KeyRefusals.limit(TargetErrors.message(refused));
      List<Object[]> rows = session.query(KeyBuildStatements.oversized(table.definition()), limit);
      String named = KeyRefusals.namedTuple(TargetErrors.detail(refused));
      if (rows.isEmpty() && named != null) {
        rows = session.query(KeyBuildStatements.rowAt(table.definition()), named);
      }
      refusals = KeyRefusals.oversized(table.definition(), rows, limit, error);
    }
    if (!refusals.isEmpty()) {
      session.update(
          KeyBuildStatements.deleteRows(table.definition()),
          (Object) refusals.stream().map(r -> r.row().ctid()).toArray(String[]::new));
      for (KeyRefusals.Refusal refusal : refusals) {
        rejects.add(reject(table, refusal, generation));
      }
      LOG.warnf(
          "Key of %s: %d rows rejected (%s)",
          table.definition().qualifiedSourceName(), refusals.size(), refusals.get(0).reason());
    }
    return copies + refusals.size();
  }

  /**
   * A table provisioned before the provenance columns existed cannot tell copies from colliding
   * rows: keys held twice keep the copy written last, as before; any other refusal fails the build.
   */
  private static long takeOutWithoutProvenance(
      TargetSession session, AppliedTable table, RuntimeException refused, Taken taken) {
    if (!UNIQUE_VIOLATION.equals(TargetErrors.sqlState(refused))) {
      return 0;
    }
    long removed = session.update(KeyBuildStatements.removeOlderByPosition(table.definition()));
    taken.copies += removed;
    return removed;
  }

  private static Reject reject(AppliedTable table, KeyRefusals.Refusal refusal, long generation) {
    KeyRefusals.LoadedRow row = refusal.row();
    ChangeRecord record =
        new ChangeRecord(
            table.definition().topic(),
            row.partition(),
            row.offset(),
            row.recordKey(),
            row.json() == null ? null : row.json().getBytes(StandardCharsets.UTF_8),
            null,
            generation);
    if (row.place() < 0) {
      return Reject.of(table, record, refusal.reason());
    }
    return Reject.inChunk(
        table,
        Topics.snapshotTopic(table.migration(), table.definition().source()),
        record,
        row.place(),
        refusal.reason());
  }

  private static void rollbackQuietly(TargetSession session) {
    try {
      session.execute("ROLLBACK");
    } catch (RuntimeException e) {
      LOG.debugf("Rollback failed (connection lost?): %s", e.getMessage());
    }
  }
}

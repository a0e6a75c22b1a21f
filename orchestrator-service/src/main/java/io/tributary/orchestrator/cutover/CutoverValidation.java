package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.validation.ValidationRequest;
import io.tributary.orchestrator.validation.ValidationRequestRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The cutover's two validations, requested from validator-service through {@code
 * tributary.validation_requests} (DESIGN.md, cutover steps 1 and 4): the precutover verification at
 * the position P, before anything is frozen, and the final gate under the freeze, on the rows
 * changed after P (on every row with {@code --full}). Either stops the cutover naming the tables.
 */
@ApplicationScoped
public class CutoverValidation {
  static final String NOT_MATCHING =
      """
      SELECT source_name, source_table, status, detail FROM tributary.validations
       WHERE request_id = $1 AND status NOT IN ('MATCH', 'PENDING')
       ORDER BY source_name, source_table""";

  static final String COUNT =
      "SELECT count(*) FROM tributary.validations WHERE request_id = $1 AND status = $2";

  private static final long POLL_MS = 20;

  private final ValidationRequestRepository requests;
  private final Pool pool;
  private final OrchestratorConfig config;

  public CutoverValidation(
      ValidationRequestRepository requests, Pool pool, OrchestratorConfig config) {
    this.requests = requests;
    this.pool = pool;
    this.config = config;
  }

  /**
   * The precutover verification (before the freeze): a deep comparison of every table after apply
   * passed the cutover's position P, its differences in rows changed after P left to the final
   * gate. Passes when no table is MISMATCH or ERROR; a PENDING table (not verifiable at P) is
   * compared whole by the final gate.
   *
   * @param since the fences marking P, applied on every table
   * @return a description of the passed verification
   * @throws CutoverStepException naming each table that differs, or why it could not run
   */
  public String precutover(
      String migration, String by, List<Long> since, BooleanSupplier cancelled) {
    ValidationRequest done = precutoverRun(migration, by, since, null, cancelled);
    long whole = leftWhole(done);
    return "precutover verification "
        + done.id()
        + " at fences "
        + since
        + ": "
        + done.tablesDone()
        + " tables"
        + (whole == 0
            ? ", every one equal"
            : ", " + whole + " not verifiable at that position (compared whole under the freeze)");
  }

  /**
   * How many tables a passed precutover request left to the gate to compare whole (PENDING).
   *
   * @throws CutoverStepException when it did not pass: a table MISMATCH or ERROR
   */
  private long leftWhole(ValidationRequest done) {
    if (done.error() == null
        && (done.status() == ValidationStatus.MATCH || done.status() == ValidationStatus.PENDING)) {
      return count(done.id(), ValidationStatus.PENDING);
    }
    throw new CutoverStepException(failure(done));
  }

  /**
   * A catch-up round of the precutover verification, before the freeze: the rows changed between
   * the position verified before and a new one, compared by key, so that the final gate only has
   * the rows changed after the new position to compare. Passes as {@link #precutover} does.
   *
   * @param since the fences of the position verified before
   * @param until the fences of the new position, applied on every table
   * @return a description of the passed round
   * @throws CutoverStepException naming each table that differs, or why it could not run
   */
  public String catchUp(
      String migration, String by, List<Long> since, List<Long> until, BooleanSupplier cancelled) {
    ValidationRequest done = precutoverRun(migration, by, since, until, cancelled);
    long whole = leftWhole(done);
    return "catch-up "
        + done.id()
        + " to fences "
        + until
        + (whole == 0 ? "" : " (" + whole + " tables left to the gate whole)");
  }

  /**
   * The final gate (under the freeze, after the drain): exact counts of every table and a
   * row-by-row comparison of the rows changed after P; of every row when {@code since} is null
   * ({@code --full}). Anything but MATCH on every table stops the cutover and names the tables.
   *
   * @param since the fences marking P; null to compare every row
   * @param until the fences written under the freeze, applied on every table
   * @return a description of the passed validation
   * @throws CutoverStepException naming each table that does not match, or why it could not run
   */
  public String pass(
      String migration, String by, List<Long> since, List<Long> until, BooleanSupplier cancelled) {
    ValidationRequest done =
        run(
            migration,
            by,
            ValidationMode.FINAL,
            since,
            since == null ? null : until,
            cancelled,
            MigrationState.CUTTING_OVER);
    return everyTableMatches(
        done, since == null ? " of every row" : " of the rows changed after fences " + since);
  }

  /**
   * A fallback's verification before its freeze: a round of validation in reverse (a precutover
   * request while FALLING_BACK), comparing the rows written back since the last round, so the gate
   * under the freeze has only those written back after it. Passes unless a table is MISMATCH or
   * ERROR; a PENDING table's rows are left to the gate.
   *
   * @throws CutoverStepException naming each table that differs, or why it could not run
   */
  public String fallbackVerify(String migration, String by, BooleanSupplier cancelled) {
    ValidationRequest done = runInReverse(migration, by, ValidationMode.PRECUTOVER, cancelled);
    long pending = leftWhole(done);
    return "validation in reverse "
        + done.id()
        + ": "
        + done.tablesDone()
        + " tables, the rows written back since the last round equal"
        + (pending == 0 ? "" : " (" + pending + " left to the gate)");
  }

  /**
   * A fallback's gate (targets and sources frozen, the written-back changes drained): the rows the
   * window wrote back after each table's last round of validation in reverse (validator-service
   * reads them for a final request while FALLING_BACK) compared, and exact counts of the tables
   * whose source's freeze guard cannot stand for them (each table's result says which).
   *
   * @throws CutoverStepException naming each table that does not match, or why it could not run
   */
  public String fallbackGate(String migration, String by, BooleanSupplier cancelled) {
    ValidationRequest done = runInReverse(migration, by, ValidationMode.FINAL, cancelled);
    return everyTableMatches(
        done,
        " (the rows the window wrote back; exact counts where no freeze guard stands for them)");
  }

  /**
   * Describes a passed final validation ({@code what} it compared, after its id).
   *
   * @throws CutoverStepException when a table does not match, or the validation could not run
   */
  private String everyTableMatches(ValidationRequest done, String what) {
    if (done.status() == ValidationStatus.MATCH && done.error() == null) {
      return "final validation "
          + done.id()
          + what
          + ": every table MATCH ("
          + done.tablesDone()
          + " tables)";
    }
    throw new CutoverStepException(failure(done));
  }

  /** Requests a precutover validation while CUTTING_OVER and waits until it is done. */
  private ValidationRequest precutoverRun(
      String migration, String by, List<Long> since, List<Long> until, BooleanSupplier cancelled) {
    return run(
        migration,
        by,
        ValidationMode.PRECUTOVER,
        since,
        until,
        cancelled,
        MigrationState.CUTTING_OVER);
  }

  /** Requests a validation in reverse (while FALLING_BACK) and waits until it is done. */
  private ValidationRequest runInReverse(
      String migration, String by, ValidationMode mode, BooleanSupplier cancelled) {
    return run(migration, by, mode, null, null, cancelled, MigrationState.FALLING_BACK);
  }

  /** Requests a validation of the cutover and waits until validator-service has done it. */
  private ValidationRequest run(
      String migration,
      String by,
      ValidationMode mode,
      List<Long> since,
      List<Long> until,
      BooleanSupplier cancelled,
      MigrationState during) {
    ValidationRequest request =
        requests
            .request(pool, migration, mode, null, null, by, List.of(during.name()), since, until)
            .await()
            .atMost(config.databaseTimeout())
            .orElseThrow(() -> new CutoverStepException("the migration is no longer " + during));
    while (true) {
      ValidationRequest now =
          requests
              .find(pool, migration, request.id())
              .await()
              .atMost(config.databaseTimeout())
              .orElseThrow(
                  () ->
                      new CutoverStepException(
                          mode + " validation " + request.id() + " disappeared"));
      if (now.doneAt() != null) {
        return now;
      }
      if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        throw new CutoverStepException(
            mode
                + " validation "
                + now.id()
                + (now.startedAt() == null
                    ? " was not taken up by validator-service (is it running?)"
                    : " had validated "
                        + now.tablesDone()
                        + " of "
                        + now.tablesTotal()
                        + " tables"));
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CutoverStepException("interrupted while waiting for " + mode + " validation");
      }
    }
  }

  private long count(long request, ValidationStatus status) {
    return pool.preparedQuery(COUNT)
        .execute(Tuple.of(request, status.name()))
        .await()
        .atMost(config.databaseTimeout())
        .iterator()
        .next()
        .getLong(0);
  }

  private String failure(ValidationRequest request) {
    List<String> tables = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(NOT_MATCHING)
            .execute(Tuple.of(request.id()))
            .await()
            .atMost(config.databaseTimeout())) {
      tables.add(
          row.getString("source_name")
              + "."
              + row.getString("source_table")
              + " "
              + row.getString("status")
              + (row.getString("detail") == null ? "" : " (" + row.getString("detail") + ")"));
    }
    return request.mode()
        + " validation "
        + request.id()
        + " is "
        + request.status()
        + (request.error() == null ? "" : ": " + request.error())
        + (tables.isEmpty() ? "" : ": " + String.join("; ", tables));
  }
}

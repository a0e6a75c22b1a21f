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
 * The last gate before the switch: a final validation (exact counts and checksums of every table,
 * on frozen sources, after the drain) requested from validator-service through {@code
 * tributary.validation_requests}. Anything but MATCH on every table stops the cutover and names the
 * tables.
 */
@ApplicationScoped
public class FinalValidationGate {
  static final String NOT_MATCHING =
      """
      SELECT source_name, source_table, status, detail FROM tributary.validations
       WHERE request_id = $1 AND status <> 'MATCH' ORDER BY source_name, source_table""";

  private static final long POLL_MS = 20;

  private final ValidationRequestRepository requests;
  private final Pool pool;
  private final OrchestratorConfig config;

  public FinalValidationGate(
      ValidationRequestRepository requests, Pool pool, OrchestratorConfig config) {
    this.requests = requests;
    this.pool = pool;
    this.config = config;
  }

  /**
   * Runs the final validation and waits for it.
   *
   * @return a description of the passed validation
   * @throws CutoverStepException naming each table that does not match, or why it could not run
   */
  public String pass(String migration, String by, BooleanSupplier cancelled) {
    ValidationRequest request =
        requests
            .request(
                pool,
                migration,
                ValidationMode.FINAL,
                null,
                null,
                by,
                List.of(MigrationState.CUTTING_OVER.name()))
            .await()
            .atMost(config.databaseTimeout())
            .orElseThrow(() -> new CutoverStepException("the migration is no longer CUTTING_OVER"));
    while (true) {
      ValidationRequest now =
          requests
              .find(pool, migration, request.id())
              .await()
              .atMost(config.databaseTimeout())
              .orElseThrow(
                  () ->
                      new CutoverStepException(
                          "final validation " + request.id() + " disappeared"));
      if (now.doneAt() != null) {
        if (now.status() == ValidationStatus.MATCH && now.error() == null) {
          return "final validation "
              + now.id()
              + ": every table MATCH ("
              + now.tablesDone()
              + " tables)";
        }
        throw new CutoverStepException(failure(now));
      }
      if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        throw new CutoverStepException(
            "final validation "
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
        throw new CutoverStepException("interrupted while waiting for final validation");
      }
    }
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
    return "final validation "
        + request.id()
        + " is "
        + request.status()
        + (request.error() == null ? "" : ": " + request.error())
        + (tables.isEmpty() ? "" : ": " + String.join("; ", tables));
  }
}

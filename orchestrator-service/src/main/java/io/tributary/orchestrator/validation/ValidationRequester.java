package io.tributary.orchestrator.validation;

import io.tributary.common.control.MigrationState;
import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks and records deep and final validation requests. The orchestrator never calls the
 * validator: validator-service takes up the recorded request ({@code started_at IS NULL}) and
 * writes its outcome into the same row and its per-table results into {@code
 * tributary.validations}.
 */
@ApplicationScoped
public class ValidationRequester {
  private static final Logger LOG = Logger.getLogger(ValidationRequester.class);

  /** The states a validation may be requested in: those capture and apply work in. */
  static final List<String> ACTIVE_STATES =
      Arrays.stream(MigrationState.values())
          .filter(MigrationState::isActive)
          .map(Enum::name)
          .toList();

  /** The state a post-switch verification runs in: the fallback window's. */
  static final List<String> WINDOW_STATES = List.of(MigrationState.CUT_OVER.name());

  private static final String POST_SWITCH_ONLY =
      "the post-switch verification compares the frozen sources with the target within the"
          + " fallback window (CUT_OVER)";

  private final ValidationRequestRepository requests;
  private final MigrationRepository migrations;
  private final Pool pool;
  private final OrchestratorConfig config;

  public ValidationRequester(
      ValidationRequestRepository requests,
      MigrationRepository migrations,
      Pool pool,
      OrchestratorConfig config) {
    this.requests = requests;
    this.migrations = migrations;
    this.pool = pool;
    this.config = config;
  }

  /**
   * Records a request after checking what it names, in this order: the migration (404), the mode,
   * the source and the table (400), the migration's state (409).
   *
   * @param mode {@code deep} (also when null or blank) or {@code final}, any case
   * @param source the one source to validate, null for all
   * @param table the one source table to validate, null for all; without {@code source} its name
   *     must be unique in the migration, and the request records the source that has it
   * @param requestedBy who asks
   * @throws MigrationNotFoundException no such migration
   * @throws CommandRefused an unknown mode, source or table, or an ambiguous table (400); the
   *     migration is not active (409)
   */
  public ValidationRequest request(
      String migration, String mode, String source, String table, String requestedBy) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    ValidationMode chosen =
        blank(mode)
            ? ValidationMode.DEEP
            : Arrays.stream(ValidationMode.values())
                .filter(
                    m ->
                        (m == ValidationMode.DEEP
                                || m == ValidationMode.FINAL
                                || m == ValidationMode.POSTSWITCH)
                            && m.wire().equalsIgnoreCase(mode.strip()))
                .findFirst()
                .orElseThrow(
                    () ->
                        CommandRefused.badInput(
                            "unknown mode '" + mode + "': give one of deep, final, postswitch"));
    String sourceName = blank(source) ? null : source;
    String tableName = blank(table) ? null : table;
    if (sourceName != null) {
      List<String> sources = requests.sources(pool, migration).await().atMost(timeout());
      if (!sources.contains(sourceName)) {
        throw CommandRefused.badInput(
            "migration '"
                + migration
                + "' has no source '"
                + sourceName
                + "' (its sources: "
                + String.join(", ", sources)
                + ")");
      }
    }
    if (tableName != null) {
      sourceName = sourceOf(migration, tableName, sourceName);
    }
    boolean postSwitch = chosen == ValidationMode.POSTSWITCH;
    if (postSwitch && record.state() != MigrationState.CUT_OVER) {
      throw CommandRefused.inState(record, POST_SWITCH_ONLY);
    }
    if (!postSwitch && !record.state().isActive()) {
      throw CommandRefused.notActive(migration, record.state(), "validation");
    }
    ValidationRequest recorded =
        requests
            .request(
                pool,
                migration,
                chosen,
                sourceName,
                tableName,
                requestedBy,
                postSwitch ? WINDOW_STATES : ACTIVE_STATES)
            .await()
            .atMost(timeout())
            .orElseThrow(() -> postSwitch ? notInWindowNow(migration) : notActiveNow(migration));
    LOG.infof(
        "Migration %s: %s validation %d requested by %s (source %s, table %s)",
        migration,
        recorded.mode(),
        recorded.id(),
        requestedBy,
        sourceName == null ? "all" : sourceName,
        tableName == null ? "all" : tableName);
    return recorded;
  }

  /** The one source that has the table (of {@code source} when given). */
  private String sourceOf(String migration, String table, String source) {
    List<String> having =
        requests.sourcesWithTable(pool, migration, table, source).await().atMost(timeout());
    if (having.isEmpty()) {
      throw CommandRefused.badInput(
          "migration '"
              + migration
              + "' has no table '"
              + table
              + "'"
              + (source == null ? "" : " in source '" + source + "'"));
    }
    if (having.size() > 1) {
      throw CommandRefused.badInput(
          "table '"
              + table
              + "' is in several sources of migration '"
              + migration
              + "' ("
              + String.join(", ", having)
              + "): give the source too");
    }
    return having.get(0);
  }

  /**
   * Asks for the post-switch verification of every table, as a cutover does once it switched with a
   * fallback window; nothing when the migration is no longer CUT_OVER.
   *
   * @return the request, empty when the migration left CUT_OVER already
   */
  public Optional<ValidationRequest> requestPostSwitch(String migration, String requestedBy) {
    return requests
        .request(pool, migration, ValidationMode.POSTSWITCH, null, null, requestedBy, WINDOW_STATES)
        .await()
        .atMost(timeout());
  }

  private RuntimeException notInWindowNow(String migration) {
    return migrations
        .find(pool, migration)
        .await()
        .atMost(timeout())
        .<RuntimeException>map(now -> CommandRefused.inState(now, POST_SWITCH_ONLY))
        .orElseGet(() -> new MigrationNotFoundException(migration));
  }

  /** The migration changed state (or vanished) between the check and the insert. */
  private RuntimeException notActiveNow(String migration) {
    return migrations
        .find(pool, migration)
        .await()
        .atMost(timeout())
        .<RuntimeException>map(
            now -> CommandRefused.notActive(migration, now.state(), "validation"))
        .orElseGet(() -> new MigrationNotFoundException(migration));
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}

package io.tributary.orchestrator.state;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Records state changes: checks them against the {@link MigrationStateMachine}, changes the state
 * only if the migration is still where the caller saw it, and appends the change to the audit log.
 * Run it inside a transaction; publish the returned transitions after the commit.
 */
@ApplicationScoped
public class TransitionRecorder {
  private final MigrationRepository migrations;
  private final AuditLogRepository auditLog;

  public TransitionRecorder(MigrationRepository migrations, AuditLogRepository auditLog) {
    this.migrations = migrations;
    this.auditLog = auditLog;
  }

  /**
   * Appends the creation of a migration (no state before, {@link MigrationStateMachine#INITIAL}
   * after).
   */
  public Uni<StateTransition> created(
      SqlClient client, String migration, String actor, String reason) {
    return auditLog.append(client, migration, null, MigrationStateMachine.INITIAL, actor, reason);
  }

  /**
   * Moves a migration from {@code from} to {@code to}.
   *
   * @return the recorded transition, or empty when the migration was no longer in {@code from}
   *     (another writer moved it first; nothing is written)
   * @throws InvalidTransitionException when the state machine forbids the change
   */
  public Uni<Optional<StateTransition>> transition(
      SqlClient client,
      String migration,
      MigrationState from,
      MigrationState to,
      String actor,
      String reason) {
    MigrationStateMachine.check(migration, from, to);
    return migrations
        .updateState(client, migration, from, to, reason)
        .chain(
            changed ->
                changed
                    ? auditLog.append(client, migration, from, to, actor, reason).map(Optional::of)
                    : Uni.createFrom().item(Optional.<StateTransition>empty()));
  }
}

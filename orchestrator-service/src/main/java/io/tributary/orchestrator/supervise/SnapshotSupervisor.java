package io.tributary.orchestrator.supervise;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.control.ControlSchemaInitializer;
import io.tributary.orchestrator.control.StatusPublisher;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Moves migrations from SNAPSHOTTING to REPLICATING once capture has marked every one of their
 * tables' snapshots done ({@code tributary.tables.snapshot_done_at}). Each change is its own
 * guarded transaction, so several orchestrators supervising at once record it once; it is published
 * after its commit.
 */
@ApplicationScoped
public class SnapshotSupervisor {
  /** The actor of changes the supervisor makes. */
  public static final String ACTOR = "supervisor";

  static final String REASON = "every table's snapshot is captured";

  private static final Logger LOG = Logger.getLogger(SnapshotSupervisor.class);

  private final Pool pool;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final StatusPublisher status;
  private final ControlSchemaInitializer controlSchema;

  public SnapshotSupervisor(
      Pool pool,
      MigrationRepository migrations,
      TransitionRecorder transitions,
      StatusPublisher status,
      ControlSchemaInitializer controlSchema) {
    this.pool = pool;
    this.migrations = migrations;
    this.transitions = transitions;
    this.status = status;
    this.controlSchema = controlSchema;
  }

  /** One round: every migration whose snapshots are captured starts replicating. */
  @Scheduled(
      identity = "snapshot-supervisor",
      every = "${tributary.orchestrator.supervise-interval:2s}",
      concurrentExecution = ConcurrentExecution.SKIP)
  Uni<Void> supervise() {
    if (!controlSchema.isReady()) {
      return Uni.createFrom().voidItem();
    }
    return migrations
        .findSnapshotsCaptured(pool)
        .onItem()
        .transformToMulti(ids -> Multi.createFrom().iterable(ids))
        .onItem()
        .transformToUniAndConcatenate(this::startReplicating)
        .collect()
        .last()
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf(e, "Failed to look for migrations whose snapshots are captured");
              return Uni.createFrom().voidItem();
            });
  }

  private Uni<Void> startReplicating(String id) {
    return pool.withTransaction(
            connection ->
                transitions.transition(
                    connection,
                    id,
                    MigrationState.SNAPSHOTTING,
                    MigrationState.REPLICATING,
                    ACTOR,
                    REASON))
        .invoke(
            recorded ->
                recorded.ifPresent(
                    transition -> {
                      LOG.infof("Migration '%s' is REPLICATING: %s", id, REASON);
                      status.publish(transition);
                    }))
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf(e, "Failed to move migration '%s' from SNAPSHOTTING to REPLICATING", id);
              return Uni.createFrom().voidItem();
            });
  }
}

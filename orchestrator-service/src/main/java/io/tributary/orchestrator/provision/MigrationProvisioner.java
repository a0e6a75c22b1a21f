package io.tributary.orchestrator.provision;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.orchestrator.control.StatementSequence;
import io.tributary.orchestrator.control.StatusPublisher;
import io.tributary.orchestrator.finalize.DefinitionsAhead;
import io.tributary.orchestrator.finalize.FinalizeRepository;
import io.tributary.orchestrator.state.MigrationConflictException;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.StateTransition;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.tributary.planning.PlanException;
import io.tributary.source.spi.intake.SourceCatalog;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Records and provisions an accepted plan in ONE transaction: the migration, its sources and tables
 * (with their catalogs), the target schemas and tables with the source's column defaults and
 * identities ({@link DefinitionsAhead}), and the audit trail PLANNED → PROVISIONED → SNAPSHOTTING.
 * After the commit it publishes those state changes; capture notices the migration in SNAPSHOTTING
 * by itself.
 */
@ApplicationScoped
public class MigrationProvisioner {
  /** The actor of changes made on an operator's request when no operator is named. */
  public static final String ACTOR = "api";

  private static final Logger LOG = Logger.getLogger(MigrationProvisioner.class);

  private final Pool pool;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final StatusPublisher status;
  private final FinalizeRepository finalizeSteps;
  private final DefinitionsAhead definitionsAhead;

  public MigrationProvisioner(
      Pool pool,
      MigrationRepository migrations,
      TransitionRecorder transitions,
      StatusPublisher status,
      FinalizeRepository finalizeSteps,
      DefinitionsAhead definitionsAhead) {
    this.finalizeSteps = finalizeSteps;
    this.definitionsAhead = definitionsAhead;
    this.pool = pool;
    this.migrations = migrations;
    this.transitions = transitions;
    this.status = status;
  }

  /**
   * Records and provisions the migration.
   *
   * @return the migration as committed
   * @throws MigrationConflictException (as the Uni's failure) when the id is taken
   * @throws ProvisioningException (as the Uni's failure) for any other failure; nothing is written
   */
  public Uni<MigrationRecord> provision(ProvisioningRequest request) {
    return provision(request, ACTOR);
  }

  /**
   * Records and provisions the migration, with {@code actor} as the actor of its state changes.
   *
   * @param actor who asked (the operator's name)
   * @return the migration as committed
   * @throws MigrationConflictException (as the Uni's failure) when the id is taken
   * @throws PlanException (as the Uni's failure) when a target schema exists already ({@link
   *     TakenSchemas})
   * @throws ProvisioningException (as the Uni's failure) for any other failure; nothing is written
   */
  public Uni<MigrationRecord> provision(ProvisioningRequest request, String actor) {
    String id = request.migration();
    List<StateTransition> recorded = new ArrayList<>();
    return pool.withTransaction(
            connection -> recordAndProvision(connection, request, actor, recorded))
        .onFailure(e -> !(e instanceof MigrationConflictException || e instanceof PlanException))
        .transform(e -> new ProvisioningException(id, e))
        .invoke(
            migration -> {
              LOG.infof(
                  "Provisioned migration '%s': %d tables in schemas %s; state %s",
                  id, request.tables().size(), schemas(request), migration.state());
              status.publish(recorded);
            });
  }

  private Uni<MigrationRecord> recordAndProvision(
      SqlConnection connection,
      ProvisioningRequest request,
      String actor,
      List<StateTransition> recorded) {
    String id = request.migration();
    List<FinalizeStep> finalize = request.finalizeSteps();
    return migrations
        .lockProvisioning(connection)
        .chain(
            () ->
                migrations.insert(
                    connection,
                    id,
                    request.planText(),
                    request.planJson(),
                    MigrationState.PLANNED,
                    plannedReason(request)))
        .chain(inserted -> inserted ? Uni.createFrom().voidItem() : conflict(connection, id))
        .chain(() -> TakenSchemas.refuse(connection, sourceSpecs(request)))
        .chain(() -> transitions.created(connection, id, actor, plannedReason(request)))
        .invoke(recorded::add)
        .chain(() -> migrations.insertSources(connection, id, sourceSpecs(request)))
        .chain(() -> migrations.insertTables(connection, id, request.tables()))
        .chain(() -> StatementSequence.run(connection, request.ddl()))
        .chain(() -> finalizeSteps.insert(connection, id, finalize))
        .chain(() -> definitionsAhead.run(connection, id, finalize))
        .chain(
            () ->
                transition(
                    connection,
                    id,
                    actor,
                    MigrationState.PLANNED,
                    MigrationState.PROVISIONED,
                    "created schemas "
                        + schemas(request)
                        + " and "
                        + request.tables().size()
                        + " tables",
                    recorded))
        .chain(
            () ->
                transition(
                    connection,
                    id,
                    actor,
                    MigrationState.PROVISIONED,
                    MigrationState.SNAPSHOTTING,
                    "target is provisioned; capture may read the sources' snapshots",
                    recorded))
        .chain(() -> migrations.get(connection, id));
  }

  private Uni<Void> transition(
      SqlConnection connection,
      String id,
      String actor,
      MigrationState from,
      MigrationState to,
      String reason,
      List<StateTransition> recorded) {
    return transitions
        .transition(connection, id, from, to, actor, reason)
        .map(
            (Optional<StateTransition> t) ->
                t.orElseThrow(
                    () ->
                        new IllegalStateException(
                            "migration '" + id + "' left " + from + " while provisioning")))
        .invoke(recorded::add)
        .replaceWithVoid();
  }

  /** The id is taken: fail with the existing migration's state (committed by another request). */
  private Uni<Void> conflict(SqlConnection connection, String id) {
    return migrations
        .find(connection, id)
        .chain(
            existing ->
                Uni.createFrom()
                    .failure(
                        new MigrationConflictException(
                            id, existing.map(MigrationRecord::state).orElse(null))));
  }

  private static String plannedReason(ProvisioningRequest request) {
    return "plan accepted: "
        + request.sources().size()
        + " source(s), "
        + request.tables().size()
        + " table(s)";
  }

  private static List<SourceSpec> sourceSpecs(ProvisioningRequest request) {
    return request.sources().stream().map(SourceCatalog::source).toList();
  }

  private static TreeSet<String> schemas(ProvisioningRequest request) {
    TreeSet<String> schemas = new TreeSet<>();
    request.sources().forEach(s -> schemas.addAll(s.source().targetSchemas()));
    return schemas;
  }
}

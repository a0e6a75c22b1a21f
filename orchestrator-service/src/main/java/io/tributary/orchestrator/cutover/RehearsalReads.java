package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.validation.ValidationResultRepository;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * What a cutover's and a fallback's rehearsals read alike from the control schema: the migration,
 * its plan, its sources and its tables' latest validations.
 */
@ApplicationScoped
public class RehearsalReads {
  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationRepository migrations;
  private final CutoverPlans plans;
  private final CutoverSourceRepository sources;
  private final ValidationResultRepository validations;

  public RehearsalReads(CutoverRecords records, ValidationResultRepository validations) {
    this.pool = records.pool();
    this.config = records.config();
    this.migrations = records.migrations();
    this.plans = records.plans();
    this.sources = records.sources();
    this.validations = validations;
  }

  /**
   * The migration rehearsed.
   *
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public MigrationRecord migration(String migration) {
    return migrations.get(pool, migration).await().atMost(timeout());
  }

  /**
   * The migration's plan and its sources (as a cutover freezes them); empty when the plan cannot be
   * used, with the failed {@code plan} check that says why added to {@code rehearsal}.
   */
  public Optional<RehearsalPlan> plan(Rehearsal rehearsal, MigrationState state) {
    CutoverPlan plan;
    try {
      plan = plans.of(rehearsal.migration(), state);
    } catch (CommandRefused e) {
      rehearsal.add(CutoverCheck.failed("plan", null, e.getMessage()));
      return Optional.empty();
    }
    return Optional.of(
        new RehearsalPlan(plan, sources.sources(pool, rehearsal.migration(), timeout())));
  }

  /** The tables' latest validations of {@code mode}, tallied. */
  public LatestValidations latest(String migration, ValidationMode mode) {
    return LatestValidations.of(
        validations.latest(pool, migration).await().atMost(timeout()), mode);
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}

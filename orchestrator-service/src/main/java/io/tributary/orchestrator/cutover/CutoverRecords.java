package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What every cutover and fallback step reads and records: the control schema's pool, the
 * migrations, the cutovers (their journal), the sources a cutover freezes, the cutover plans, and
 * the orchestrator's settings. One bean, so that the coordinators, rehearsals and the recovery take
 * it rather than each of the six.
 */
@ApplicationScoped
public class CutoverRecords {
  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationRepository migrations;
  private final CutoverRepository cutovers;
  private final CutoverSourceRepository sources;
  private final CutoverPlans plans;

  public CutoverRecords(
      Pool pool,
      OrchestratorConfig config,
      MigrationRepository migrations,
      CutoverRepository cutovers,
      CutoverSourceRepository sources,
      CutoverPlans plans) {
    this.pool = pool;
    this.config = config;
    this.migrations = migrations;
    this.cutovers = cutovers;
    this.sources = sources;
    this.plans = plans;
  }

  /** The control schema. */
  public Pool pool() {
    return pool;
  }

  public OrchestratorConfig config() {
    return config;
  }

  public MigrationRepository migrations() {
    return migrations;
  }

  /** The cutovers and fallbacks, with their steps (the journal). */
  public CutoverRepository cutovers() {
    return cutovers;
  }

  /** The sources of a migration as a cutover freezes them. */
  public CutoverSourceRepository sources() {
    return sources;
  }

  public CutoverPlans plans() {
    return plans;
  }
}

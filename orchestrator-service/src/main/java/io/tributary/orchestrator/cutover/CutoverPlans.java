package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.planning.PlanEnvironment;
import io.tributary.planning.PlanException;
import io.tributary.planning.PlanParser;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A migration's cutover section, parsed from its recorded plan in the orchestrator's environment.
 */
@ApplicationScoped
public class CutoverPlans {
  private final Pool pool;
  private final CutoverSourceRepository sources;
  private final OrchestratorConfig config;
  private final PlanParser parser;

  public CutoverPlans(Pool pool, CutoverSourceRepository sources, OrchestratorConfig config) {
    this.pool = pool;
    this.sources = sources;
    this.config = config;
    this.parser = new PlanParser(new PlanEnvironment(System::getenv, config.planEnvironment()));
  }

  /**
   * The cutover section of the migration's plan.
   *
   * @throws CommandRefused when the plan does not parse in this environment now
   */
  public CutoverPlan of(String migration, MigrationState state) {
    String text = sources.planText(pool, migration, config.databaseTimeout());
    try {
      return parser.parse(text).cutover();
    } catch (PlanException e) {
      throw new CommandRefused(
          migration,
          state,
          "the plan of '"
              + migration
              + "' does not parse in the orchestrator's environment now: "
              + e.getMessage());
    }
  }
}

package io.tributary.common.plan;

import java.util.List;
import java.util.Map;

/**
 * The one input an operator writes: a migration's name, its target and its sources.
 *
 * @param migration the migration's name and id ({@code [a-z0-9][a-z0-9_-]*})
 * @param targetUrl the unified target's URL, or null for the deployment's configured target
 * @param sources the legacy databases to move
 * @param cutover cutover settings, kept as written (used by the orchestrator's cutover)
 */
public record MigrationPlan(
    String migration, String targetUrl, List<SourceSpec> sources, Map<String, Object> cutover) {
  public MigrationPlan {
    sources = List.copyOf(sources);
    cutover = cutover == null ? Map.of() : cutover;
  }

  /** The same plan with other sources. */
  public MigrationPlan withSources(List<SourceSpec> newSources) {
    return new MigrationPlan(migration, targetUrl, newSources, cutover);
  }
}

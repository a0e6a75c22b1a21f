package io.tributary.common.plan;

import java.util.List;

/**
 * The one input an operator writes: a migration's name, its target and its sources.
 *
 * @param migration the migration's name and id ({@code [a-z0-9][a-z0-9_-]*})
 * @param targetUrl the unified target's URL, or null for the deployment's configured target
 * @param sources the legacy databases to move
 * @param cutover the cutover settings (defaults when the plan has none)
 */
public record MigrationPlan(
    String migration, String targetUrl, List<SourceSpec> sources, CutoverPlan cutover) {
  public MigrationPlan {
    sources = List.copyOf(sources);
    cutover = cutover == null ? CutoverPlan.defaults() : cutover;
  }

  /** The same plan with other sources. */
  public MigrationPlan withSources(List<SourceSpec> newSources) {
    return new MigrationPlan(migration, targetUrl, newSources, cutover);
  }
}

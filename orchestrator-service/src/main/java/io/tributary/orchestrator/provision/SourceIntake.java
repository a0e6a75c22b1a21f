package io.tributary.orchestrator.provision;

import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import java.util.List;

/**
 * Catalog and profiling of one {@link SourceKind} at plan intake: reads a source of that kind,
 * checks that it can be migrated, and describes its tables, casting rules and target DDL. One
 * implementation per kind, chosen by {@link PlanIntake} through {@link SourceIntakes} by {@link
 * #kind}. Reads the source; writes nothing.
 */
public interface SourceIntake {

  /** The kind of source it reads. */
  SourceKind kind();

  /**
   * Reads and checks one source of a plan.
   *
   * @param migration the migration, for topic names
   * @param source the source as validated ({@link io.tributary.planning.PlanValidator}: paths
   *     absolute, URLs parsable, target schemas filled in)
   * @param submitted the same source as the plan gave it (before validation filled fields in)
   * @param path its field path, {@code sources[i]}
   * @param errors receives every problem found, each naming its field
   * @return its catalog, or null when it cannot be migrated (and {@code errors} says why)
   */
  SourceCatalog read(
      String migration,
      SourceSpec source,
      SourceSpec submitted,
      String path,
      List<PlanError> errors);
}

package io.tributary.orchestrator.provision;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.source.spi.intake.SourceCatalog;
import java.util.Comparator;
import java.util.List;

/**
 * An accepted plan, ready to be recorded and provisioned in one transaction.
 *
 * @param plan the validated plan
 * @param planText the plan as submitted
 * @param planJson the submitted plan re-rendered as JSON (placeholders unresolved)
 * @param sources each source with its catalog and DDL
 */
public record ProvisioningRequest(
    MigrationPlan plan, String planText, String planJson, List<SourceCatalog> sources) {
  public ProvisioningRequest {
    sources = List.copyOf(sources);
  }

  public String migration() {
    return plan.migration();
  }

  /** Every table of every source. */
  public List<TableDef> tables() {
    return sources.stream().flatMap(s -> s.tables().stream()).toList();
  }

  /** What the automatic casting rules decided or propose, for every source. */
  public List<String> notes() {
    return sources.stream()
        .flatMap(s -> s.notes().stream().map(n -> s.source().name() + ": " + n))
        .toList();
  }

  /**
   * Every finalize step of every source, in finalize's order (all unique indexes before all foreign
   * keys, whichever source they belong to).
   */
  public List<FinalizeStep> finalizeSteps() {
    return sources.stream()
        .flatMap(s -> s.finalizeSteps().stream())
        .sorted(Comparator.comparing(FinalizeStep::kind))
        .toList();
  }

  /** The schema objects of every source other than its tables, as the dry run lists them. */
  public List<PlannedObject> objects() {
    return sources.stream()
        .flatMap(s -> s.objects().stream().map(o -> PlannedObject.of(s.source().name(), o)))
        .toList();
  }

  /** Every provisioning statement of every source, in order. */
  public List<String> ddl() {
    return sources.stream().flatMap(s -> s.ddl().stream()).toList();
  }
}

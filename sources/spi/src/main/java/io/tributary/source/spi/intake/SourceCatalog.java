package io.tributary.source.spi.intake;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.sql.FinalizeStep;
import java.util.List;

/**
 * One source of an accepted plan with what provisioning needs of it.
 *
 * @param source the source as validated (SQLite path absolute, target schemas filled in)
 * @param tables its tables as read from its catalog
 * @param ddl the statements that create its target schemas, enum types and tables, in order
 * @param notes what the automatic casting rules decided or propose for it
 * @param finalizeSteps what finalize builds on its tables after the load, in order
 */
public record SourceCatalog(
    SourceSpec source,
    List<TableDef> tables,
    List<String> ddl,
    List<String> notes,
    List<FinalizeStep> finalizeSteps) {
  public SourceCatalog {
    tables = List.copyOf(tables);
    ddl = List.copyOf(ddl);
    notes = List.copyOf(notes);
    finalizeSteps = List.copyOf(finalizeSteps);
  }

  public SourceCatalog(SourceSpec source, List<TableDef> tables, List<String> ddl) {
    this(source, tables, ddl, List.of(), List.of());
  }
}

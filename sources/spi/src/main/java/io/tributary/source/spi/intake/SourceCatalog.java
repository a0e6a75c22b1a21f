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
 * @param objects its schema's other objects (views, functions, triggers, …), made in the target or
 *     not, each with why
 */
public record SourceCatalog(
    SourceSpec source,
    List<TableDef> tables,
    List<String> ddl,
    List<String> notes,
    List<FinalizeStep> finalizeSteps,
    List<SchemaObject> objects) {
  public SourceCatalog {
    tables = List.copyOf(tables);
    ddl = List.copyOf(ddl);
    notes = List.copyOf(notes);
    finalizeSteps = List.copyOf(finalizeSteps);
    objects = List.copyOf(objects);
  }

  /** A source whose schema holds nothing but its tables' rows and keys. */
  public SourceCatalog(
      SourceSpec source,
      List<TableDef> tables,
      List<String> ddl,
      List<String> notes,
      List<FinalizeStep> finalizeSteps) {
    this(source, tables, ddl, notes, finalizeSteps, List.of());
  }

  public SourceCatalog(SourceSpec source, List<TableDef> tables, List<String> ddl) {
    this(source, tables, ddl, List.of(), List.of(), List.of());
  }
}

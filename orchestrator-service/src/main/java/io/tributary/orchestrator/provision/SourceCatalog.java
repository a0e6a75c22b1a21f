package io.tributary.orchestrator.provision;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceSpec;
import java.util.List;

/**
 * One source of an accepted plan with what provisioning needs of it.
 *
 * @param source the source as validated (SQLite path absolute, target schemas filled in)
 * @param tables its tables as read from its catalog
 * @param ddl the statements that create its target schemas, enum types and tables, in order
 * @param notes what the automatic casting rules decided or propose for it
 */
public record SourceCatalog(
    SourceSpec source, List<TableDef> tables, List<String> ddl, List<String> notes) {
  public SourceCatalog {
    tables = List.copyOf(tables);
    ddl = List.copyOf(ddl);
    notes = List.copyOf(notes);
  }

  public SourceCatalog(SourceSpec source, List<TableDef> tables, List<String> ddl) {
    this(source, tables, ddl, List.of());
  }
}

package io.tributary.validator;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import java.util.UUID;

/** Seed 002's agents table, as tests need it: text ids in the source, their uuid5 on the target. */
public final class AgentsTable {
  private AgentsTable() {}

  /**
   * {@code agents (id TEXT PRIMARY KEY remapped with uuid5, name TEXT)}.
   *
   * @param source the source's name
   * @param namespace the key's uuid5 namespace
   */
  public static TableDef of(String source, UUID namespace) {
    return new TableDef(
        source,
        "main",
        "agents",
        "app",
        "agents",
        "t",
        List.of(
            new ColumnDef(
                "id",
                "TEXT",
                "id",
                TargetType.UUID,
                1,
                false,
                null,
                null,
                null,
                null,
                namespace,
                null),
            new ColumnDef("name", "TEXT", "name", TargetType.TEXT, 0, true)));
  }
}

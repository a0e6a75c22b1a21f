package io.tributary.common.catalog;

import java.util.List;

/**
 * What {@link PostgresCatalogReader} found in a PostgreSQL source: the tables, the enum types to
 * create in the target before them, and what deserves an operator's attention.
 *
 * @param tables every table of the read schemas, in schema and name order; tables without a primary
 *     key are included (with no key columns): whether they are captured with {@code REPLICA
 *     IDENTITY FULL} or refused is capture's decision
 * @param enums the enum types the tables use, each once, with the target schema it goes to
 * @param warnings columns migrated as text for lack of a type, generated columns, partitions and
 *     the like, one sentence each
 */
public record PostgresCatalog(List<TableDef> tables, List<EnumDef> enums, List<String> warnings) {
  public PostgresCatalog {
    tables = List.copyOf(tables);
    enums = List.copyOf(enums);
    warnings = List.copyOf(warnings);
  }

  /** The tables without a primary key. */
  public List<TableDef> tablesWithoutPrimaryKey() {
    return tables.stream().filter(t -> t.keyColumns().isEmpty()).toList();
  }
}

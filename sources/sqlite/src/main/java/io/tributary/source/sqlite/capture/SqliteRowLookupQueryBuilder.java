package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.stream.Collectors;

/**
 * Builds the query that reads a row's current values by its key: {@code SELECT cols FROM t WHERE
 * "k1" IS ? AND "k2" IS ?}. {@code IS} finds a NULL key part too (SQLite allows NULL in the key of
 * a rowid table) and uses the primary key's index like {@code =} does.
 */
public final class SqliteRowLookupQueryBuilder {
  private SqliteRowLookupQueryBuilder() {}

  public static String byKey(TableDef table) {
    return "SELECT "
        + table.columns().stream()
            .map(c -> Identifiers.quote(c.name()))
            .collect(Collectors.joining(", "))
        + " FROM "
        + Identifiers.quote(table.sourceTable())
        + " WHERE "
        + table.keyColumns().stream()
            .map(c -> Identifiers.quote(c.name()) + " IS ?")
            .collect(Collectors.joining(" AND "));
  }
}

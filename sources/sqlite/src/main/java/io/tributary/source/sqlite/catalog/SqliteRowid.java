package io.tributary.source.sqlite.catalog;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The name under which a SQLite table's {@code rowid} can be read. SQLite answers to {@code rowid},
 * {@code _rowid_} and {@code oid} unless the table has a column of that name (then the name means
 * the column); a table with columns of all three names has no way to read its rowid.
 *
 * <p>A table identified by its whole rows ({@link RowIdentity#WHOLE_ROW}) is snapshotted in rowid
 * order and its change-log entries carry the rowid, so that streaming can skip the changes a
 * snapshot chunk already saw. What changes rowids: {@code VACUUM} may renumber those of a table
 * without an {@code INTEGER PRIMARY KEY} (every such table), and so may a dump and reload; done
 * while the table's snapshot runs, it can make a change count twice or not at all, which validation
 * reports.
 */
public final class SqliteRowid {
  private static final List<String> ALIASES = List.of("rowid", "_rowid_", "oid");

  private SqliteRowid() {}

  /** The first rowid alias that is not a column of the table, empty when all three are. */
  public static Optional<String> alias(List<ColumnDef> columns) {
    for (String alias : ALIASES) {
      if (columns.stream().noneMatch(c -> c.name().toLowerCase(Locale.ROOT).equals(alias))) {
        return Optional.of(alias);
      }
    }
    return Optional.empty();
  }

  /** The alias of a table's rowid; fails when it has none. */
  public static String of(TableDef table) {
    return alias(table.columns())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "table "
                        + table.sourceTable()
                        + " has columns named rowid, _rowid_ and oid, so its rowid cannot be"
                        + " read"));
  }
}

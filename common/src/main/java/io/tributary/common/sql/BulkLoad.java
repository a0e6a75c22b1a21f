package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tables are loaded by binary {@code COPY}: provisioning creates them without their key
 * ({@link TableDdlBuilder#createTable(TableDef, io.tributary.common.cast.TableExtras, boolean)})
 * and records {@code tributary.tables.bulk_load}; apply copies their snapshot rows and builds the
 * key when the snapshot is in ({@link TableDdlBuilder#addKey}). Both sides decide with {@link
 * #eligible}, so a table is created bare exactly when apply can copy it.
 *
 * <p>A table qualifies when it has a key (a table identified by its whole rows has none to build,
 * and keeps its inserts) and every column has a binary {@code COPY} form apply writes ({@link
 * #BINARY_TYPES}); arrays, {@code halfvec} and {@code sparsevec} columns keep the table on the
 * upsert path.
 */
public final class BulkLoad {
  /** The column types apply writes in {@code COPY}'s binary format. */
  public static final Set<TargetType> BINARY_TYPES =
      EnumSet.of(
          TargetType.BIGINT,
          TargetType.INTEGER,
          TargetType.SMALLINT,
          TargetType.DOUBLE,
          TargetType.REAL,
          TargetType.TEXT,
          TargetType.BYTEA,
          TargetType.NUMERIC,
          TargetType.BOOLEAN,
          TargetType.UUID,
          TargetType.JSON,
          TargetType.JSONB,
          TargetType.DATE,
          TargetType.TIME,
          TargetType.TIMESTAMP,
          TargetType.TIMESTAMPTZ,
          TargetType.VECTOR,
          TargetType.ENUM);

  private BulkLoad() {}

  /** Whether the table's snapshot is copied into it before its key exists. */
  public static boolean eligible(TableDef table) {
    if (table.wholeRow() || table.keyColumns().isEmpty()) {
      return false;
    }
    for (ColumnDef column : table.columns()) {
      if (!BINARY_TYPES.contains(column.targetType())) {
        return false;
      }
    }
    return true;
  }
}

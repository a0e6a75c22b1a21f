package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which tables are loaded by binary {@code COPY}: provisioning creates them without their key
 * ({@link TableDdlBuilder#createTable(TableDef, TableExtras, boolean)}) and records {@code
 * tributary.tables.bulk_load}; apply copies their snapshot rows and builds the key when the
 * snapshot is in ({@link TableDdlBuilder#addKey}). Both sides decide with {@link #eligible}, so a
 * table is created bare exactly when apply can copy it.
 *
 * <p>A table qualifies when it has a key (a table identified by its whole rows has none to build,
 * and keeps its inserts) and every column has a binary {@code COPY} form apply writes ({@link
 * #BINARY_TYPES}); arrays, {@code halfvec} and {@code sparsevec} columns keep the table on the
 * upsert path, and so does a table with a column named as one of the {@link #PROVENANCE} columns.
 *
 * <p>While its snapshot is copied, such a table holds three more columns, the provenance of each
 * row: the Kafka partition and offset of the record it came from and the record's key (the source
 * row's identity as capture wrote it). The key build tells by them a copy of one source row that
 * at-least-once delivery brought twice (removed silently, the copy delivered last stays) from rows
 * of different source rows that meet on one target key (rejected with their reason), and rejects
 * each row that keeps the key from being built with its record's coordinates; then it drops them
 * ({@link TableDdlBuilder#addKey}).
 */
public final class BulkLoad {
  /** The Kafka partition of the record a copied row came from ({@code integer}). */
  public static final String PARTITION_COLUMN = "_tributary_partition";

  /** The Kafka offset of the record a copied row came from ({@code bigint}). */
  public static final String OFFSET_COLUMN = "_tributary_offset";

  /** The key of the record a copied row came from, as capture wrote it ({@code text}). */
  public static final String KEY_COLUMN = "_tributary_key";

  /**
   * The place of a copied row in the snapshot chunk it came in ({@code integer}, {@link
   * io.tributary.common.event.SnapshotChunk}): a chunk's rows share its partition and offset, which
   * {@code COPY} leaves to the columns' defaults ({@link #CHUNK_PARTITION_SETTING}, {@link
   * #CHUNK_OFFSET_SETTING}), so the chunk's bytes go in unchanged.
   */
  public static final String ROW_COLUMN = "_tributary_row";

  /** The session setting the partition column's default reads while a chunk is copied. */
  public static final String CHUNK_PARTITION_SETTING = "tributary.copy_partition";

  /** The session setting the offset column's default reads while a chunk is copied. */
  public static final String CHUNK_OFFSET_SETTING = "tributary.copy_offset";

  /** Every column a table holds only while its snapshot is copied; the key build drops them. */
  public static final List<String> LOAD_COLUMNS =
      List.of(PARTITION_COLUMN, OFFSET_COLUMN, KEY_COLUMN, ROW_COLUMN);

  /** The provenance columns, in the order a {@code COPY} writes them after the table's own. */
  public static final List<String> PROVENANCE =
      List.of(PARTITION_COLUMN, OFFSET_COLUMN, KEY_COLUMN);

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
    if (table.wholeRow()
        || table.keyColumns().isEmpty()
        || table.partitioning() != null
        || table.inheritance() != null
        || table.ownRowsOnly()) {
      // a partitioned table or an inheritance parent: a row's ctid, which the key build goes by,
      // is not unique across its tree; an inheriting table would inherit the load's columns
      return false;
    }
    for (ColumnDef column : table.columns()) {
      if (!BINARY_TYPES.contains(column.targetType())
          || LOAD_COLUMNS.contains(column.targetName())) {
        return false;
      }
    }
    return true;
  }
}

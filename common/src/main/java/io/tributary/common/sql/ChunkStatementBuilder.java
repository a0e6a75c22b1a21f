package io.tributary.common.sql;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The statements apply writes a snapshot chunk with ({@link
 * io.tributary.common.event.SnapshotChunk}): straight into a table still loaded without its key, or
 * through a staging table into a keyed one. A chunk's rows are the table's columns in catalog
 * order, then, when it carries them, each row's key ({@link BulkLoad#KEY_COLUMN}) and place ({@link
 * BulkLoad#ROW_COLUMN}); the chunk's partition and offset come from the defaults of the provenance
 * columns, set per chunk by {@link #place}.
 */
public final class ChunkStatementBuilder {
  private static final String KEY = Identifiers.quote(BulkLoad.KEY_COLUMN);
  private static final String ROW = Identifiers.quote(BulkLoad.ROW_COLUMN);

  private ChunkStatementBuilder() {}

  /**
   * {@code SELECT set_config('tributary.copy_partition', $1, true), set_config(...offset, $2,
   * true)}: the partition and offset of the chunk copied next, for the rest of the transaction.
   */
  public static String place() {
    return "SELECT set_config("
        + Identifiers.literal(BulkLoad.CHUNK_PARTITION_SETTING)
        + ", $1, true), set_config("
        + Identifiers.literal(BulkLoad.CHUNK_OFFSET_SETTING)
        + ", $2, true)";
  }

  /**
   * {@code COPY t (a, b[, "_tributary_key", "_tributary_row"]) FROM STDIN (FORMAT binary)}: a
   * chunk's rows into the table itself.
   */
  public static String copy(TableDef table, boolean withKeys) {
    return copyInto(
        Identifiers.qualified(table.targetSchema(), table.targetTable()), table, withKeys);
  }

  /**
   * Brings a table made for a bulk load before chunks existed to the shape chunks need: the row's
   * place column, and the defaults that give each row its chunk's partition and offset.
   */
  public static String prepareLoadColumns(TableDef table) {
    return "ALTER TABLE "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " ADD COLUMN IF NOT EXISTS "
        + ROW
        + " integer, ALTER COLUMN "
        + Identifiers.quote(BulkLoad.PARTITION_COLUMN)
        + " SET DEFAULT "
        + TableDdlBuilder.chunkSetting(BulkLoad.CHUNK_PARTITION_SETTING, "integer")
        + ", ALTER COLUMN "
        + Identifiers.quote(BulkLoad.OFFSET_COLUMN)
        + " SET DEFAULT "
        + TableDdlBuilder.chunkSetting(BulkLoad.CHUNK_OFFSET_SETTING, "bigint");
  }

  /**
   * The name of the staging table of a table's chunks in this session: {@code tributary_chunk_} and
   * 16 hex digits of the SHA-256 of the table's schema and name.
   */
  public static String stageName(TableDef table) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (table.targetSchema() + "\0" + table.targetTable())
                      .getBytes(StandardCharsets.UTF_8));
      return "tributary_chunk_" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * {@code CREATE TEMP TABLE IF NOT EXISTS stage ON COMMIT DROP AS SELECT a, b[, NULL::text AS
   * "_tributary_key", NULL::integer AS "_tributary_row"] FROM t WITH NO DATA}: the table's columns
   * with their types, no constraint, gone at the end of the transaction.
   */
  public static String createStage(TableDef table, boolean withKeys) {
    return "CREATE TEMP TABLE IF NOT EXISTS "
        + Identifiers.quote(stageName(table))
        + " ON COMMIT DROP AS SELECT "
        + UpsertStatementBuilder.columnList(table.columns())
        + (withKeys ? ", NULL::text AS " + KEY + ", NULL::integer AS " + ROW : "")
        + " FROM "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " WITH NO DATA";
  }

  /** {@code COPY stage (...) FROM STDIN (FORMAT binary)}. */
  public static String copyStage(TableDef table, boolean withKeys) {
    return copyInto(Identifiers.quote(stageName(table)), table, withKeys);
  }

  /**
   * {@code INSERT INTO t (a, b) SELECT DISTINCT ON (a) a, b FROM stage [ORDER BY a,
   * "_tributary_row" DESC] ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b}: the staged rows into a
   * keyed table, each key once (the row read last when the chunk carries places).
   */
  public static String upsertFromStage(TableDef table, boolean withKeys) {
    String key = UpsertStatementBuilder.columnList(table.keyColumns());
    return "INSERT INTO "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " ("
        + UpsertStatementBuilder.columnList(table.columns())
        + ") SELECT DISTINCT ON ("
        + key
        + ") "
        + UpsertStatementBuilder.columnList(table.columns())
        + " FROM "
        + Identifiers.quote(stageName(table))
        + (withKeys ? " ORDER BY " + key + ", " + ROW + " DESC" : "")
        + UpsertStatementBuilder.onConflict(table);
  }

  /** {@code TRUNCATE stage}. */
  public static String clearStage(TableDef table) {
    return "TRUNCATE " + Identifiers.quote(stageName(table));
  }

  private static String copyInto(String relation, TableDef table, boolean withKeys) {
    return "COPY "
        + relation
        + " ("
        + UpsertStatementBuilder.columnList(table.columns())
        + (withKeys ? ", " + KEY + ", " + ROW : "")
        + ") FROM STDIN (FORMAT binary)";
  }
}

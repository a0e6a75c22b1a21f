package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the statements of apply's staged writes: a large batch of one table's changes goes by
 * binary {@code COPY} into a temporary staging table, then into the target by one statement per
 * kind of change ({@code UPDATE ... FROM}, {@code INSERT ... WHERE NOT EXISTS} or {@code INSERT ...
 * ON CONFLICT}, {@code DELETE ... USING}). The staging tables take the target's columns with their
 * types ({@code CREATE TEMP TABLE ... AS SELECT ... WITH NO DATA}), so keys are compared type to
 * type (a {@code character(n)} key against a blank-padded one) and every value is checked against
 * its column on its way into the stage, as into the target.
 */
public final class StagedStatementBuilder {
  /** Alias of the target table in the statements. */
  private static final String TARGET = "t";

  /** Alias of the staging table in the statements. */
  private static final String STAGE = "s";

  /**
   * Joins of a staging table with its target by nested loops over the target's key index: the
   * planner, which sees no statistics of a staging table, otherwise hashes the whole target table
   * (a sequential scan of every row, for a batch of a few thousand), for {@link #update}, {@link
   * #insertMissing} and {@link #delete}. For the rest of the transaction ({@code SET LOCAL}).
   */
  public static final String NESTED_LOOPS =
      "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";

  private StagedStatementBuilder() {}

  /**
   * The staging table of a table's rows, {@code pg_temp."tributary_stage_<hash>"}; the hash covers
   * the target table and its columns, so a table whose columns changed gets a new one.
   */
  public static String stage(TableDef table) {
    return "pg_temp." + Identifiers.quote("tributary_stage_" + fingerprint(table, table.columns()));
  }

  /** The staging table of a table's deleted keys, {@code pg_temp."tributary_unstage_<hash>"}. */
  public static String deleteStage(TableDef table) {
    return "pg_temp."
        + Identifiers.quote("tributary_unstage_" + fingerprint(table, table.keyColumns()));
  }

  /**
   * {@code CREATE TEMP TABLE IF NOT EXISTS stage ON COMMIT DELETE ROWS AS SELECT a, b FROM t WITH
   * NO DATA}: the staging table of the rows, every column of the table in catalog order.
   */
  public static String createStage(TableDef table) {
    return create(stage(table), table, table.columns());
  }

  /** As {@link #createStage}, for the deleted keys: the key columns in key order. */
  public static String createDeleteStage(TableDef table) {
    return create(deleteStage(table), table, keyOf(table));
  }

  /** {@code COPY stage (a, b) FROM STDIN (FORMAT binary)}: the rows, in catalog order. */
  public static String copyStage(TableDef table) {
    return "COPY "
        + stage(table)
        + " ("
        + columnList(table.columns())
        + ") FROM STDIN (FORMAT binary)";
  }

  /** {@code COPY unstage (a) FROM STDIN (FORMAT binary)}: the deleted keys, in key order. */
  public static String copyDeleteStage(TableDef table) {
    return "COPY "
        + deleteStage(table)
        + " ("
        + columnList(keyOf(table))
        + ") FROM STDIN (FORMAT binary)";
  }

  /**
   * {@code UPDATE t SET b = s.b FROM stage s WHERE t.a = s.a}: the staged rows whose key the table
   * holds; null for a table whose every column is in its key (nothing to update).
   */
  public static String update(TableDef table) {
    List<ColumnDef> rest = table.columns().stream().filter(c -> c.keyPosition() == 0).toList();
    if (rest.isEmpty()) {
      return null;
    }
    return "UPDATE "
        + UpsertStatementBuilder.readFrom(table)
        + " AS "
        + TARGET
        + " SET "
        + rest.stream()
            .map(c -> quote(c) + " = " + STAGE + "." + quote(c))
            .collect(Collectors.joining(", "))
        + " FROM "
        + stage(table)
        + " AS "
        + STAGE
        + " WHERE "
        + keyMatch(table, STAGE);
  }

  /**
   * {@code INSERT INTO t (a, b) SELECT s.a, s.b FROM stage s WHERE NOT EXISTS (SELECT 1 FROM t
   * WHERE t.a = s.a)}: the staged rows whose key the table does not hold (after {@link #update}).
   */
  public static String insertMissing(TableDef table) {
    return "INSERT INTO "
        + target(table)
        + " ("
        + columnList(table.columns())
        + ") SELECT "
        + table.columns().stream()
            .map(c -> STAGE + "." + quote(c))
            .collect(Collectors.joining(", "))
        + " FROM "
        + stage(table)
        + " AS "
        + STAGE
        + " WHERE NOT EXISTS (SELECT 1 FROM "
        + UpsertStatementBuilder.readFrom(table)
        + " AS "
        + TARGET
        + " WHERE "
        + keyMatch(table, STAGE)
        + ")";
  }

  /**
   * {@code INSERT INTO t (a, b) SELECT a, b FROM stage ON CONFLICT (a) DO UPDATE SET b =
   * EXCLUDED.b}: every staged row in one statement (the alternative to {@link #update} then {@link
   * #insertMissing}).
   */
  public static String upsert(TableDef table) {
    return "INSERT INTO "
        + target(table)
        + " ("
        + columnList(table.columns())
        + ") SELECT "
        + columnList(table.columns())
        + " FROM "
        + stage(table)
        + UpsertStatementBuilder.onConflict(table);
  }

  /** {@code DELETE FROM t USING unstage d WHERE t.a = d.a}: the rows of the staged keys. */
  public static String delete(TableDef table) {
    return "DELETE FROM "
        + UpsertStatementBuilder.readFrom(table)
        + " AS "
        + TARGET
        + " USING "
        + deleteStage(table)
        + " AS "
        + STAGE
        + " WHERE "
        + keyMatch(table, STAGE);
  }

  private static String create(String name, TableDef table, List<ColumnDef> columns) {
    return "CREATE TEMP TABLE IF NOT EXISTS "
        + name
        + " ON COMMIT DELETE ROWS AS SELECT "
        + columnList(columns)
        + " FROM "
        + target(table)
        + " WITH NO DATA";
  }

  private static List<ColumnDef> keyOf(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
    return key;
  }

  private static String keyMatch(TableDef table, String stage) {
    return keyOf(table).stream()
        .map(c -> TARGET + "." + quote(c) + " = " + stage + "." + quote(c))
        .collect(Collectors.joining(" AND "));
  }

  private static String target(TableDef table) {
    return Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  private static String quote(ColumnDef column) {
    return Identifiers.quote(column.targetName());
  }

  private static String columnList(List<ColumnDef> columns) {
    return columns.stream().map(StagedStatementBuilder::quote).collect(Collectors.joining(", "));
  }

  private static String fingerprint(TableDef table, List<ColumnDef> columns) {
    StringBuilder text = new StringBuilder(target(table));
    columns.forEach(
        c -> text.append('\0').append(c.targetName()).append('\0').append(c.targetSql()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

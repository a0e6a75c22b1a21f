package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.postgres.capture.snapshot.PassthroughPlan.ColumnPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a PostgreSQL snapshot read runs, text only: importing the shared snapshot, the size of a
 * table in blocks as the snapshot's transaction sees it, and the {@code COPY} of one block range of
 * a table in binary form ({@code FROM ONLY}: a parent's rows without its children's, unless it is a
 * partitioned table). Every identifier is quoted.
 */
public final class PostgresRangeQueryBuilder {
  /** Starts a reader's transaction: it must see exactly the shared snapshot, and never write. */
  public static final String BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

  /**
   * The session settings the text forms read ({@code ::text}) are printed under: ISO dates in UTC,
   * ISO 8601 intervals, floats printed exactly.
   */
  public static final List<String> SESSION =
      List.of(
          "SET DateStyle = ISO",
          "SET TimeZone = 'UTC'",
          "SET IntervalStyle = iso_8601",
          "SET extra_float_digits = 3");

  /** Exports the snapshot of the current transaction and says where the WAL is. */
  public static final String EXPORT = "SELECT pg_export_snapshot(), pg_current_wal_lsn()::text";

  /** The server's version as a number ({@code 150004}). */
  public static final String SERVER_VERSION = "SELECT current_setting('server_version_num')::int";

  private PostgresRangeQueryBuilder() {}

  /** Makes the current transaction use an exported snapshot (its first statement). */
  public static String importSnapshot(String name) {
    return "SET TRANSACTION SNAPSHOT " + Identifiers.literal(name);
  }

  /**
   * The table's size in blocks and whether it is partitioned, for a server with {@code
   * pg_partition_tree} (PostgreSQL 12 on): a partitioned table's size is its largest partition's (a
   * block range is read in each partition).
   */
  public static String blocks(TableDef table) {
    return "SELECT greatest(pg_relation_size(c.oid), (SELECT max(pg_relation_size(p.relid))"
        + " FROM pg_partition_tree(c.oid) p WHERE p.isleaf))"
        + " / current_setting('block_size')::bigint, c.relkind = 'p'"
        + " FROM pg_class c WHERE c.oid = "
        + Identifiers.literal(source(table))
        + "::regclass";
  }

  /**
   * As {@link #blocks}, for a server before PostgreSQL 12: a partitioned table has no blocks of its
   * own there, and is read in one range.
   */
  public static String blocksBefore12(TableDef table) {
    return "SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint,"
        + " c.relkind = 'p' FROM pg_class c WHERE c.oid = "
        + Identifiers.literal(source(table))
        + "::regclass";
  }

  /**
   * The {@code COPY} of one range of a table: the columns in catalog order (as the plan reads
   * each), then the identity columns as text when the plan reads the key.
   *
   * @param partitioned whether the table is partitioned: its rows are in its partitions, read
   *     through it (an ordinary table's children, if any, are tables of their own: left out)
   */
  public static String copy(PassthroughPlan plan, CtidRange range, boolean partitioned) {
    List<String> select = new ArrayList<>();
    for (ColumnPlan column : plan.columns()) {
      select.add(expression(column));
    }
    for (ColumnPlan key : plan.keyColumns()) {
      select.add(Identifiers.quote(key.column().name()) + "::text");
    }
    StringBuilder sql =
        new StringBuilder("COPY (SELECT ")
            .append(String.join(", ", select))
            .append(partitioned ? " FROM " : " FROM ONLY ")
            .append(source(plan.table()));
    if (range.from() > 0 || !range.open()) {
      sql.append(" WHERE ctid >= '(").append(range.from()).append(",0)'::tid");
      if (!range.open()) {
        sql.append(" AND ctid < '(").append(range.to()).append(",0)'::tid");
      }
    }
    return sql.append(") TO STDOUT (FORMAT binary)").toString();
  }

  private static String expression(ColumnPlan column) {
    String name = Identifiers.quote(column.column().name());
    return column.readAsText() ? name + "::text" : name;
  }

  private static String source(TableDef table) {
    return Identifiers.qualified(table.sourceSchema(), table.sourceTable());
  }
}

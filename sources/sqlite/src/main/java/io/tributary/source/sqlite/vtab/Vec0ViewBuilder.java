package io.tributary.source.sqlite.vtab;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.vtab.Vec0Table.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the TEMP view that reads a {@code vec0} table from its shadow tables, under the table's
 * own name: an unqualified name finds the TEMP schema first, so every reader of the table (the
 * catalog, the profiler, capture's snapshot and lookups, validation) reads the view without knowing
 * it is one, and without sqlite-vec. A row is a row of {@code t_rowids} that has its slot ({@code
 * chunk_id} set); its vectors are the slot's bytes of each {@code t_vector_chunksNN} chunk, read a
 * chunk at a time by {@link Vec0Functions#VECTOR} (int8 vectors widened to float32 by {@link
 * Vec0Functions#INT8_TO_FLOAT32}), its partition keys the row's chunk's, its metadata decoded from
 * the slot by {@link Vec0Functions} (long text from {@code t_metadatatextNN}), its auxiliary values
 * from {@code t_auxiliary}. Builds strings only.
 */
public final class Vec0ViewBuilder {
  private Vec0ViewBuilder() {}

  /** {@code CREATE TEMP VIEW IF NOT EXISTS "t" AS SELECT ...}. */
  public static String createView(Vec0Table table) {
    return "CREATE TEMP VIEW IF NOT EXISTS "
        + Identifiers.quote(table.name())
        + " AS "
        + select(table);
  }

  /** The view's query. */
  public static String select(Vec0Table table) {
    String offset = "r.\"chunk_offset\"";
    List<String> columns = new ArrayList<>();
    List<String> joins = new ArrayList<>();
    Column key = table.key();
    columns.add(
        (table.textKey() ? "r.\"id\"" : "r.\"rowid\"") + " AS " + Identifiers.quote(key.name()));
    boolean chunks = false;
    boolean auxiliary = false;
    for (Column c : table.columns()) {
      String alias = Identifiers.quote(c.name());
      switch (c.kind()) {
        case VECTOR -> {
          int bytes = c.vectorBytes();
          String slice =
              Vec0Functions.VECTOR
                  + "("
                  + Identifiers.sqliteLiteral(table.shadow("vector_chunks", c.index()))
                  + ", r.\"chunk_id\", "
                  + offset
                  + ", "
                  + bytes
                  + ")";
          columns.add(
              (c.type() == Vec0Table.Type.INT8
                      ? Vec0Functions.INT8_TO_FLOAT32 + "(" + slice + ")"
                      : slice)
                  + " AS "
                  + alias);
        }
        case PARTITION -> {
          chunks = true;
          columns.add(
              "c." + Identifiers.quote(String.format("partition%02d", c.index())) + " AS " + alias);
        }
        case AUXILIARY -> {
          auxiliary = true;
          columns.add(
              "a." + Identifiers.quote(String.format("value%02d", c.index())) + " AS " + alias);
        }
        case METADATA -> {
          String shadow = "m" + c.index();
          joins.add(chunkJoin(table.shadow("metadatachunks", c.index()), shadow));
          columns.add(metadata(table, c, shadow + ".\"data\"", offset) + " AS " + alias);
        }
        case KEY -> throw new IllegalStateException("a second key column");
      }
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    sql.append(String.join(", ", columns))
        .append(" FROM ")
        .append(Identifiers.quote(table.shadow("rowids")))
        .append(" AS r");
    if (chunks) {
      sql.append(" JOIN ")
          .append(Identifiers.quote(table.shadow("chunks")))
          .append(" AS c ON c.\"chunk_id\" = r.\"chunk_id\"");
    }
    joins.forEach(j -> sql.append(' ').append(j));
    if (auxiliary) {
      sql.append(" LEFT JOIN ")
          .append(Identifiers.quote(table.shadow("auxiliary")))
          .append(" AS a ON a.\"rowid\" = r.\"rowid\"");
    }
    sql.append(" WHERE r.\"chunk_id\" IS NOT NULL");
    return sql.toString();
  }

  /**
   * A chunk table joined by the row's chunk: by {@code _rowid_}, the real rowid, which sqlite-vec
   * addresses with blob I/O (the declared {@code rowid} column of these tables is not its alias).
   */
  private static String chunkJoin(String table, String alias) {
    return "JOIN "
        + Identifiers.quote(table)
        + " AS "
        + alias
        + " ON "
        + alias
        + "._rowid_ = r.\"chunk_id\"";
  }

  private static String metadata(Vec0Table table, Column c, String data, String offset) {
    return switch (c.type()) {
      case BOOLEAN -> Vec0Functions.BIT + "(" + data + ", " + offset + ")";
      case INTEGER -> Vec0Functions.INT64 + "(substr(" + data + ", " + offset + " * 8 + 1, 8))";
      case FLOAT -> Vec0Functions.FLOAT64 + "(substr(" + data + ", " + offset + " * 8 + 1, 8))";
      case TEXT ->
          "coalesce("
              + Vec0Functions.SHORT_TEXT
              + "(substr("
              + data
              + ", "
              + offset
              + " * 16 + 1, 16)), (SELECT x.\"data\" FROM "
              + Identifiers.quote(table.shadow("metadatatext", c.index()))
              + " AS x WHERE x.\"rowid\" = r.\"rowid\"))";
      default -> throw new IllegalStateException(c.name() + ": no metadata of type " + c.type());
    };
  }
}

package io.tributary.source.sqlite.capture;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SQL of capture's record of what it emitted of {@code vec0} tables (no I/O here), kept
 * in the captured file beside the change log so it survives a restart of capture and commits
 * together with the change-log entries it leads to:
 *
 * <ul>
 *   <li>{@value #SCOPES_TABLE}: one scope per consumer (capture) and vec0 table;
 *   <li>{@value #ROWS_TABLE}: per scope, chunk and rowid, the hash of the row's slots as capture
 *       last emitted the row ({@link Vec0RowHash});
 *   <li>{@value #CHUNKS_TABLE}: per scope and chunk, the chunk's hash when every row in it was
 *       found as emitted ({@code NULL} once a row of it is emitted again), and a version that every
 *       change of the entry increments, so a scan that read the chunk before such a change does not
 *       store a hash over it.
 * </ul>
 *
 * <p>And the reads of the chunks themselves: a table's chunks in {@code chunk_id} order ({@link
 * #readChunks}) and a row's metadata slots ({@link #rowSlots}).
 */
public final class Vec0HashStatementBuilder {
  /** Scopes: a consumer's vec0 table. */
  public static final String SCOPES_TABLE = ChangeLogStatementBuilder.PREFIX + "vec0_scopes";

  /** The slot hash of each row as last emitted. */
  public static final String ROWS_TABLE = ChangeLogStatementBuilder.PREFIX + "vec0_rows";

  /** The hash of each chunk found as emitted. */
  public static final String CHUNKS_TABLE = ChangeLogStatementBuilder.PREFIX + "vec0_chunks";

  private static final String SCOPES = Identifiers.quote(SCOPES_TABLE);
  private static final String ROWS = Identifiers.quote(ROWS_TABLE);
  private static final String CHUNKS = Identifiers.quote(CHUNKS_TABLE);

  private Vec0HashStatementBuilder() {}

  /** The three tables, in the order they are created. */
  public static List<String> tables() {
    return List.of(SCOPES_TABLE, ROWS_TABLE, CHUNKS_TABLE);
  }

  /** Creates the tables when missing. */
  public static List<String> createTables() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + SCOPES
            + " (scope INTEGER PRIMARY KEY, consumer TEXT NOT NULL, tbl TEXT NOT NULL,"
            + " UNIQUE (consumer, tbl))",
        "CREATE TABLE IF NOT EXISTS "
            + ROWS
            + " (scope INTEGER NOT NULL, chunk_id INTEGER NOT NULL, row_id INTEGER NOT NULL,"
            + " hash INTEGER NOT NULL, PRIMARY KEY (scope, chunk_id, row_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS "
            + CHUNKS
            + " (scope INTEGER NOT NULL, chunk_id INTEGER NOT NULL, hash INTEGER,"
            + " version INTEGER NOT NULL, PRIMARY KEY (scope, chunk_id)) WITHOUT ROWID");
  }

  /** Gives a consumer's vec0 table a scope unless it has one. Parameters: consumer, table. */
  public static String registerScope() {
    return "INSERT OR IGNORE INTO " + SCOPES + " (consumer, tbl) VALUES (?, ?)";
  }

  /** A consumer's scopes: scope, table. Parameter: consumer. */
  public static String scopes() {
    return "SELECT scope, tbl FROM " + SCOPES + " WHERE consumer = ? ORDER BY tbl";
  }

  /**
   * Forgets what a consumer emitted (its registration removed, or made anew): three statements,
   * each with the consumer as parameter.
   */
  public static List<String> forgetConsumer() {
    String ofConsumer = " WHERE scope IN (SELECT scope FROM " + SCOPES + " WHERE consumer = ?)";
    return List.of(
        "DELETE FROM " + ROWS + ofConsumer,
        "DELETE FROM " + CHUNKS + ofConsumer,
        "DELETE FROM " + SCOPES + " WHERE consumer = ?");
  }

  /**
   * The next chunks of a table after a {@code chunk_id}, in {@code chunk_id} order: chunk_id,
   * validity, rowids, then each vector blob and each metadata blob in declaration order. The chunk
   * tables are joined by {@code _rowid_}, which sqlite-vec addresses with blob I/O. Parameters: the
   * chunk_id after which to start, the most chunks.
   */
  public static String readChunks(Vec0Table table) {
    List<String> columns = new ArrayList<>(List.of("c.\"chunk_id\"", "c.\"validity\""));
    columns.add("c.\"rowids\"");
    List<String> joins = new ArrayList<>();
    for (Vec0Table.Column c : table.columns(Vec0Table.Kind.VECTOR)) {
      String alias = "v" + c.index();
      columns.add(alias + ".\"vectors\"");
      joins.add(join(table.shadow("vector_chunks", c.index()), alias));
    }
    for (Vec0Table.Column c : table.columns(Vec0Table.Kind.METADATA)) {
      String alias = "m" + c.index();
      columns.add(alias + ".\"data\"");
      joins.add(join(table.shadow("metadatachunks", c.index()), alias));
    }
    return "SELECT "
        + String.join(", ", columns)
        + " FROM "
        + Identifiers.quote(table.shadow("chunks"))
        + " AS c "
        + String.join(" ", joins)
        + " WHERE c.\"chunk_id\" > ? ORDER BY c.\"chunk_id\" LIMIT ?";
  }

  private static String join(String shadow, String alias) {
    return "JOIN "
        + Identifiers.quote(shadow)
        + " AS "
        + alias
        + " ON "
        + alias
        + "._rowid_ = c.\"chunk_id\"";
  }

  /**
   * Where a row is and its metadata slots, read by its key (in the read transaction that reads the
   * row for capture): rowid, chunk_id, chunk_offset, then per metadata column the bytes that hold
   * its slot — for a boolean the byte holding its bit (bit {@code chunk_offset % 8}), else the
   * slot's 8 or 16 bytes. Parameter: the key ({@code rowid}, or {@code id} of a text key). Finds
   * exactly the rows the table's view ({@link io.tributary.source.sqlite.vtab.Vec0ViewBuilder})
   * finds.
   */
  public static String rowSlots(Vec0Table table) {
    String offset = "r.\"chunk_offset\"";
    List<String> columns =
        new ArrayList<>(List.of("r.\"rowid\"", "r.\"chunk_id\"", "r.\"chunk_offset\""));
    List<String> joins = new ArrayList<>();
    for (Vec0Table.Column c : table.columns(Vec0Table.Kind.METADATA)) {
      String alias = "m" + c.index();
      String data = alias + ".\"data\"";
      columns.add(
          switch (c.type()) {
            case BOOLEAN -> "substr(" + data + ", " + offset + " / 8 + 1, 1)";
            case INTEGER, FLOAT ->
                "substr("
                    + data
                    + ", "
                    + offset
                    + " * "
                    + Vec0RowHash.NUMBER_SLOT
                    + " + 1, "
                    + Vec0RowHash.NUMBER_SLOT
                    + ")";
            case TEXT ->
                "substr("
                    + data
                    + ", "
                    + offset
                    + " * "
                    + Vec0RowHash.TEXT_SLOT
                    + " + 1, "
                    + Vec0RowHash.TEXT_SLOT
                    + ")";
            default ->
                throw new IllegalArgumentException(c.name() + ": no metadata of type " + c.type());
          });
      joins.add(
          "JOIN "
              + Identifiers.quote(table.shadow("metadatachunks", c.index()))
              + " AS "
              + alias
              + " ON "
              + alias
              + "._rowid_ = r.\"chunk_id\"");
    }
    return "SELECT "
        + String.join(", ", columns)
        + " FROM "
        + Identifiers.quote(table.shadow("rowids"))
        + " AS r"
        + (joins.isEmpty() ? "" : " " + String.join(" ", joins))
        + " WHERE r."
        + (table.textKey() ? "\"id\"" : "\"rowid\"")
        + " = ? AND r.\"chunk_id\" IS NOT NULL";
  }

  /** A chunk's kept hash and version. Parameters: scope, chunk_id. */
  public static String chunk() {
    return "SELECT hash, version FROM " + CHUNKS + " WHERE scope = ? AND chunk_id = ?";
  }

  /** Every chunk a scope keeps: chunk_id, version. Parameter: scope. */
  public static String chunks() {
    return "SELECT chunk_id, version FROM " + CHUNKS + " WHERE scope = ? ORDER BY chunk_id";
  }

  /** The emitted hashes of a chunk's rows: row_id, hash. Parameters: scope, chunk_id. */
  public static String rows() {
    return "SELECT row_id, hash FROM " + ROWS + " WHERE scope = ? AND chunk_id = ?";
  }

  /**
   * Records the hash of a row as emitted. Parameters: scope, chunk_id, row_id, hash.
   *
   * <p>Run with {@link #chunkEmitted} for its chunk, in the same transaction.
   */
  public static String rowEmitted() {
    return "INSERT INTO "
        + ROWS
        + " (scope, chunk_id, row_id, hash) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (scope, chunk_id, row_id) DO UPDATE SET hash = excluded.hash";
  }

  /**
   * A row of the chunk was emitted: the chunk's hash is forgotten and its version moves on.
   * Parameters: scope, chunk_id.
   */
  public static String chunkEmitted() {
    return "INSERT INTO "
        + CHUNKS
        + " (scope, chunk_id, hash, version) VALUES (?, ?, NULL, 1)"
        + " ON CONFLICT (scope, chunk_id) DO UPDATE SET hash = NULL, version = version + 1";
  }

  /**
   * Keeps a chunk's hash, if its version is still the one read. Parameters: hash, scope, chunk_id,
   * version.
   */
  public static String keepChunkHash() {
    return "UPDATE "
        + CHUNKS
        + " SET hash = ?, version = version + 1 WHERE scope = ? AND chunk_id = ? AND version = ?";
  }

  /**
   * Keeps the hash of a chunk that had no entry, unless one was made meanwhile. Parameters: scope,
   * chunk_id, hash.
   */
  public static String keepNewChunkHash() {
    return "INSERT OR IGNORE INTO "
        + CHUNKS
        + " (scope, chunk_id, hash, version) VALUES (?, ?, ?, 1)";
  }

  /** A chunk's version now (none: no row). Parameters: scope, chunk_id. */
  public static String chunkVersion() {
    return "SELECT version FROM " + CHUNKS + " WHERE scope = ? AND chunk_id = ?";
  }

  /** Forgets a row's hash. Parameters: scope, chunk_id, row_id. */
  public static String forgetRow() {
    return "DELETE FROM " + ROWS + " WHERE scope = ? AND chunk_id = ? AND row_id = ?";
  }

  /** Forgets a chunk sqlite-vec deleted, with its rows. Two statements: scope, chunk_id each. */
  public static List<String> forgetChunk() {
    return List.of(
        "DELETE FROM " + ROWS + " WHERE scope = ? AND chunk_id = ?",
        "DELETE FROM " + CHUNKS + " WHERE scope = ? AND chunk_id = ?");
  }
}

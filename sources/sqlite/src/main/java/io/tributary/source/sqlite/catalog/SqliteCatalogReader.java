package io.tributary.source.sqlite.catalog;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IdentityKind;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.SourceDefaults;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Topics;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.freeze.SqliteReadOnlyStatementBuilder;
import io.tributary.source.sqlite.vtab.FullTextTable;
import io.tributary.source.sqlite.vtab.SqliteVirtualTables;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the tables of a SQLite database file into {@link TableDef}s: every ordinary table except
 * SQLite's own ({@code sqlite_*}) and Tributary's ({@code _tributary_*}, and the marker table of a
 * frozen file's write-back); virtual tables are not read as tables, nor their shadow tables, except
 * sqlite-vec's {@code vec0} tables, which are read from their shadow tables ({@link
 * SqliteVirtualTables}). A table without a primary key is read without key columns: what identifies
 * its rows is decided at provisioning ({@link RowIdentity}). Opens the file read-only. Column
 * defaults are recorded as {@link SourceDefaults#fromSqlite} translates them: literals and SQLite's
 * current date and time; other expressions (in parentheses) are left out.
 */
public final class SqliteCatalogReader {
  private SqliteCatalogReader() {}

  /**
   * What a file holds: its tables (ordinary and vec0, see {@link #read}) and its virtual tables.
   *
   * @param tables the tables to migrate
   * @param virtualTables its virtual tables: vec0 (among {@code tables}), full-text (not data), and
   *     refused ones with why
   * @param fullTextTables the full-text tables that keep their own text, read as tables (keyed by
   *     their rowid, every column text) for a plan that rebuilds their search on the target; by
   *     name
   */
  public record Catalog(
      List<TableDef> tables,
      SqliteVirtualTables.Found virtualTables,
      Map<String, TableDef> fullTextTables) {}

  /**
   * Reads every table of the file.
   *
   * @param migration the migration, for topic names
   * @param source the plan's source name
   * @param targetSchema the schema the tables go to
   * @throws CatalogException when the file is not a SQLite database or a table cannot be migrated
   */
  public static Catalog readCatalog(
      Path file, String migration, String source, String targetSchema) {
    try (Connection connection = SqliteConnections.openReadOnly(file)) {
      SqliteVirtualTables.Found virtual = SqliteVirtualTables.read(connection);
      Map<String, TableDef> fullText = new TreeMap<>();
      for (FullTextTable fts : virtual.fulltext()) {
        if (fts.ownContent() && virtual.shadows().contains(fts.contentTable())) {
          fullText.put(fts.name(), fullTextTable(fts, migration, source, targetSchema));
        }
      }
      return new Catalog(
          read(connection, virtual, migration, source, targetSchema), virtual, fullText);
    } catch (SQLException e) {
      throw new CatalogException(
          "Failed to read the SQLite catalog of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads every table of the file.
   *
   * @param migration the migration, for topic names
   * @param source the plan's source name
   * @param targetSchema the schema the tables go to
   * @throws CatalogException when the file is not a SQLite database or a table cannot be migrated
   */
  public static List<TableDef> read(
      Path file, String migration, String source, String targetSchema) {
    return readCatalog(file, migration, source, targetSchema).tables();
  }

  private static List<TableDef> read(
      Connection connection,
      SqliteVirtualTables.Found virtual,
      String migration,
      String source,
      String targetSchema)
      throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement st =
            connection.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                    + " AND name NOT LIKE '\\_tributary\\_%' ESCAPE '\\'"
                    + " AND name <> '"
                    + SqliteReadOnlyStatementBuilder.WRITE_BACK_TABLE
                    + "'"
                    + " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        if (!virtual.isVirtualOrShadow(rs.getString(1))) {
          names.add(rs.getString(1));
        }
      }
    }
    List<TableDef> tables = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      TableDef table = readTable(connection, name, migration, source, targetSchema, problems);
      if (table != null) {
        tables.add(table);
      }
    }
    for (Vec0Table vec : virtual.vec0()) {
      tables.add(vec0Table(vec, migration, source, targetSchema));
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(String.join("; ", problems));
    }
    tables.sort(Comparator.comparing(TableDef::sourceTable));
    return tables;
  }

  /** A full-text table's own text as a table: its rowid, then every column as text. */
  private static TableDef fullTextTable(
      FullTextTable fts, String migration, String source, String targetSchema) {
    List<ColumnDef> columns = new ArrayList<>();
    columns.add(
        new ColumnDef(
            FullTextTable.KEY, "INTEGER", FullTextTable.KEY, TargetType.BIGINT, 1, false));
    for (FullTextTable.Column c : fts.columns()) {
      columns.add(new ColumnDef(c.name(), "", c.name(), TargetType.TEXT, 0, true));
    }
    return new TableDef(
        source,
        "main",
        fts.name(),
        targetSchema,
        fts.name(),
        Topics.tableTopic(migration, source, "main", fts.name()),
        columns);
  }

  /**
   * A vec0 table as a table: its key, each vector as {@code vector(n)} (int8 elements as their
   * float values), partition keys, metadata (NOT NULL, as vec0 requires) and auxiliary columns with
   * the types vec0 declares (a table with bit vectors is refused before: {@link
   * SqliteVirtualTables}).
   */
  private static TableDef vec0Table(
      Vec0Table vec, String migration, String source, String targetSchema) {
    List<ColumnDef> columns = new ArrayList<>();
    Vec0Table.Column key = vec.key();
    columns.add(
        new ColumnDef(
            key.name(),
            key.declaration(),
            key.name(),
            key.type() == Vec0Table.Type.TEXT ? TargetType.TEXT : TargetType.BIGINT,
            1,
            false));
    for (Vec0Table.Column c : vec.columns()) {
      TargetType type =
          switch (c.type()) {
            case FLOAT32, INT8 -> TargetType.VECTOR;
            case BOOLEAN -> TargetType.BOOLEAN;
            case INTEGER -> TargetType.BIGINT;
            case FLOAT -> TargetType.DOUBLE;
            case TEXT -> TargetType.TEXT;
            case BLOB -> TargetType.BYTEA;
            case BIT -> throw new IllegalStateException("bit vectors are refused");
          };
      columns.add(
          new ColumnDef(
              c.name(),
              c.declaration(),
              c.name(),
              type,
              0,
              c.kind() != Vec0Table.Kind.METADATA && c.kind() != Vec0Table.Kind.VECTOR,
              type == TargetType.VECTOR ? "vector(" + c.dimensions() + ")" : null,
              null,
              null));
    }
    return new TableDef(
        source,
        "main",
        vec.name(),
        targetSchema,
        vec.name(),
        Topics.tableTopic(migration, source, "main", vec.name()),
        columns);
  }

  /**
   * NUMERIC affinity is SQLite's catch-all for type names it does not know ({@code DATETIME},
   * {@code STRING}, {@code BOOLEAN}, ...): it turns number-like text into numbers and keeps any
   * other text as text. A column of that affinity that holds text at provisioning time therefore
   * holds values that are not numbers, and is mapped to {@code text} instead of {@code numeric} so
   * they arrive unchanged. (Declared INTEGER and REAL columns keep their types; values that do not
   * fit them are rejected with their reason.)
   */
  private static List<ColumnDef> widenNumericColumnsHoldingText(
      Connection connection, String table, List<ColumnDef> columns) throws SQLException {
    List<ColumnDef> numeric =
        columns.stream().filter(c -> c.targetType() == TargetType.NUMERIC).toList();
    if (numeric.isEmpty()) {
      return columns;
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < numeric.size(); i++) {
      sql.append(i == 0 ? "" : ", ")
          .append("(SELECT 1 FROM ")
          .append(Identifiers.quote(table))
          .append(" WHERE typeof(")
          .append(Identifiers.quote(numeric.get(i).name()))
          .append(") = 'text' LIMIT 1)");
    }
    Set<String> holdingText = new HashSet<>();
    try (PreparedStatement st = connection.prepareStatement(sql.toString());
        ResultSet rs = st.executeQuery()) {
      rs.next();
      for (int i = 0; i < numeric.size(); i++) {
        if (rs.getObject(i + 1) != null) {
          holdingText.add(numeric.get(i).name());
        }
      }
    }
    return columns.stream()
        .map(c -> holdingText.contains(c.name()) ? c.withTarget(TargetType.TEXT, null, null) : c)
        .toList();
  }

  private static TableDef readTable(
      Connection connection,
      String name,
      String migration,
      String source,
      String targetSchema,
      List<String> problems)
      throws SQLException {
    List<ColumnDef> columns = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info(?)"
                + " ORDER BY cid")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String column = rs.getString(1);
          String type = rs.getString(2) == null ? "" : rs.getString(2);
          if (column.isEmpty()) {
            problems.add(
                "table '"
                    + name
                    + "': a column has an empty name, which PostgreSQL cannot hold (rename it in"
                    + " the source)");
          } else if (!Identifiers.fitsPostgres(column)) {
            problems.add(
                "table '"
                    + name
                    + "': column '"
                    + column
                    + "' is longer than PostgreSQL's 63 bytes");
          }
          columns.add(
              new ColumnDef(
                  column,
                  type,
                  column,
                  SqliteTypeMapper.map(type),
                  rs.getInt(4),
                  rs.getInt(3) == 0,
                  null,
                  null,
                  null,
                  null,
                  null,
                  SourceDefaults.fromSqlite(rs.getString(5))));
        }
      }
    }
    if (name.isEmpty()) {
      problems.add(
          "a table has an empty name, which PostgreSQL cannot hold (rename it in the source)");
    } else if (!Identifiers.fitsPostgres(name)) {
      problems.add("table '" + name + "': the name is longer than PostgreSQL's 63 bytes");
    }
    columns = widenNumericColumnsHoldingText(connection, name, columns);
    List<ColumnDef> key = columns.stream().filter(c -> c.keyPosition() > 0).toList();
    if (key.size() == 1 && key.get(0).sourceType().equalsIgnoreCase("INTEGER")) {
      // INTEGER PRIMARY KEY is SQLite's rowid: the database assigns it when an insert omits it
      ColumnDef rowid = key.get(0);
      columns =
          columns.stream()
              .map(
                  c ->
                      c == rowid
                          ? new ColumnDef(
                              c.name(),
                              c.sourceType(),
                              c.targetName(),
                              c.targetType(),
                              c.keyPosition(),
                              c.nullable(),
                              c.targetSql(),
                              c.elementType(),
                              IdentityKind.BY_DEFAULT,
                              c.invalid(),
                              c.remap(),
                              null)
                          : c)
              .toList();
    }
    return new TableDef(
        source,
        "main",
        name,
        targetSchema,
        name,
        Topics.tableTopic(migration, source, "main", name),
        columns);
  }
}

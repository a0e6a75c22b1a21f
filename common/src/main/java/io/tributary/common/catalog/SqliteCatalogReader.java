package io.tributary.common.catalog;

import io.tributary.common.event.Topics;
import io.tributary.common.sql.Identifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the tables of a SQLite database file into {@link TableDef}s: every ordinary table except
 * SQLite's own ({@code sqlite_*}) and Tributary's ({@code _tributary_*}); virtual tables are
 * skipped. A table without a primary key is read without key columns: what identifies its rows is
 * decided at provisioning ({@link RowIdentity}). Opens the file read-only. Column defaults are
 * recorded as {@link SourceDefaults#fromSqlite} translates them: literals and SQLite's current date
 * and time; other expressions (in parentheses) are left out.
 */
public final class SqliteCatalogReader {
  private SqliteCatalogReader() {}

  /** Opens a read-only JDBC connection to a SQLite file, waiting up to 5 s on locks. */
  public static Connection openReadOnly(Path file) throws SQLException {
    Properties props = new Properties();
    props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    props.setProperty("busy_timeout", "5000");
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
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
    try (Connection connection = openReadOnly(file)) {
      List<String> names = new ArrayList<>();
      try (PreparedStatement st =
              connection.prepareStatement(
                  "SELECT name FROM sqlite_schema WHERE type = 'table'"
                      + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                      + " AND name NOT LIKE '\\_tributary\\_%' ESCAPE '\\'"
                      + " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
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
      if (!problems.isEmpty()) {
        throw new CatalogException(String.join("; ", problems));
      }
      return tables;
    } catch (SQLException e) {
      throw new CatalogException(
          "Failed to read the SQLite catalog of " + file + ": " + e.getMessage(), e);
    }
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
        columns.stream()
            .filter(c -> c.targetType() == io.tributary.common.sql.TargetType.NUMERIC)
            .toList();
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
    java.util.Set<String> holdingText = new java.util.HashSet<>();
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
        .map(
            c ->
                holdingText.contains(c.name())
                    ? c.withTarget(io.tributary.common.sql.TargetType.TEXT, null, null)
                    : c)
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
          if (!Identifiers.fitsPostgres(column)) {
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
    if (!Identifiers.fitsPostgres(name)) {
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

package io.tributary.source.sqlite.fallback;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.catalog.SqliteRowid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each table of a SQLite source is, read once per table on its first change: an ordinary table
 * (with a rowid or {@code WITHOUT ROWID}), a virtual table and its module ({@code vec0}, {@code
 * fts5}: written through the module, which the connection may not have), or gone. A change's reject
 * names it.
 */
final class SqliteSourceTables {
  private static final Pattern MODULE = Pattern.compile("(?i)\\bUSING\\s+(\\w+)");

  /**
   * One table.
   *
   * @param exists whether the table is in the file
   * @param module the module of a virtual table, null for an ordinary table
   * @param rowid the name its rowid is read by, null for a {@code WITHOUT ROWID} table or one whose
   *     columns take all three names
   */
  record Info(boolean exists, String module, String rowid) {
    /** How a reject names the table's kind: {@code " (a virtual table using vec0)"} or "". */
    String described() {
      return module == null ? "" : " (a virtual table using " + module + ")";
    }
  }

  private final Connection connection;
  private final Map<String, Info> tables = new HashMap<>();

  SqliteSourceTables(Connection connection) {
    this.connection = connection;
  }

  Info info(TableDef table) throws SQLException {
    Info known = tables.get(table.sourceTable());
    if (known != null) {
      return known;
    }
    Info info = read(table);
    tables.put(table.sourceTable(), info);
    return info;
  }

  private Info read(TableDef table) throws SQLException {
    String type;
    boolean withoutRowid;
    try (PreparedStatement st =
        connection.prepareStatement(SqliteWriteBackStatementBuilder.tableKind())) {
      st.setString(1, table.sourceTable());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return new Info(false, null, null);
        }
        type = rs.getString(1);
        withoutRowid = rs.getInt(2) != 0;
      }
    }
    String module = null;
    if ("virtual".equals(type)) {
      try (PreparedStatement st =
          connection.prepareStatement(SqliteWriteBackStatementBuilder.tableDeclaration())) {
        st.setString(1, table.sourceTable());
        try (ResultSet rs = st.executeQuery()) {
          Matcher m = MODULE.matcher(rs.next() && rs.getString(1) != null ? rs.getString(1) : "");
          module = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "an unknown module";
        }
      }
    }
    String rowid = withoutRowid ? null : SqliteRowid.alias(table.columns()).orElse(null);
    return new Info(true, module, rowid);
  }
}

package io.tributary.source.sqlite.objects;

import io.tributary.source.sqlite.capture.ChangeLogStatementBuilder;
import io.tributary.source.sqlite.freeze.SqliteReadOnlyStatementBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the views and triggers of a SQLite file from {@code sqlite_schema}, in the order they were
 * made, leaving out Tributary's own triggers (capture's {@code _tributary_*}, the freeze's {@code
 * tributary_readonly_*} and the write-back guard).
 */
public final class SqliteObjectReader {
  private SqliteObjectReader() {}

  /**
   * A view or a trigger as the file defines it.
   *
   * @param type {@code view} or {@code trigger}
   * @param name its name
   * @param table the table a trigger is on; a view's own name
   * @param sql its {@code CREATE} statement
   */
  public record Definition(String type, String name, String table, String sql) {}

  static final String QUERY =
      "SELECT type, name, tbl_name, sql FROM sqlite_schema"
          + " WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid";

  /** The file's views and triggers but Tributary's. */
  public static List<Definition> read(Connection connection) throws SQLException {
    List<Definition> out = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(QUERY);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        Definition d =
            new Definition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        if (!d.type().equals("trigger") || !tributarys(d.name())) {
          out.add(d);
        }
      }
    }
    return out;
  }

  /** Whether a trigger is one Tributary installs in the file. */
  static boolean tributarys(String trigger) {
    return trigger.startsWith(ChangeLogStatementBuilder.PREFIX)
        || trigger.startsWith(SqliteReadOnlyStatementBuilder.TRIGGER_PREFIX)
        || trigger.equals(SqliteReadOnlyStatementBuilder.GATE_GUARD_TRIGGER);
  }
}

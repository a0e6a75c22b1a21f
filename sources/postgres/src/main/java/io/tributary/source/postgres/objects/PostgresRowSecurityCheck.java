package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.TableDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the migrated source tables whose rows row-level security hides from the user Tributary
 * reads the source as ({@link PostgresSecurityQueries#HIDDEN_ROWS}): the snapshot and the
 * validator's reads of the source would see only the rows its policies let it, and the target would
 * miss the rest (logical decoding, which reads the WAL, is not filtered: the changes would arrive,
 * the existing rows not). Reads only.
 */
public final class PostgresRowSecurityCheck {
  private PostgresRowSecurityCheck() {}

  /**
   * Why the source cannot be read whole, one line per table; empty when nothing is hidden.
   *
   * @param schemas the source schemas migrated
   * @param migrated the tables migrated
   */
  public static List<String> problems(
      Connection connection, List<String> schemas, List<TableDef> migrated) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(PostgresSecurityQueries.HIDDEN_ROWS)) {
      st.setArray(1, connection.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          if (migrated.stream()
              .anyMatch(t -> (t.sourceSchema() + "." + t.sourceTable()).equals(table))) {
            problems.add(
                "table "
                    + table
                    + " has row-level security on, and the user this source is read as neither"
                    + " owns it (or the table forces it on its owner), nor is a superuser, nor has"
                    + " BYPASSRLS: its snapshot would copy only the rows its policies show; grant"
                    + " it BYPASSRLS (ALTER ROLE ... BYPASSRLS) for the migration");
          }
        }
      }
    }
    return problems;
  }
}

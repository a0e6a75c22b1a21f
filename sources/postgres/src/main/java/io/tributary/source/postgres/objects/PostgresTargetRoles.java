package io.tributary.source.postgres.objects;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks the roles a source's grants and policies name ({@link PostgresObjectReader.Objects#roles})
 * against a target database: those it lacks, whose grants and policies finalize would report as
 * failed (a role is the cluster's: Tributary does not make an application's roles). Reads only.
 */
public final class PostgresTargetRoles {
  private PostgresTargetRoles() {}

  /** The roles the target lacks, sorted; empty when it has them all. */
  public static List<String> missing(Connection target, Collection<String> roles)
      throws SQLException {
    List<String> missing = new ArrayList<>();
    try (PreparedStatement st = target.prepareStatement(PostgresSecurityQueries.MISSING_ROLES)) {
      st.setArray(1, target.createArrayOf("text", roles.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          missing.add(rs.getString(1));
        }
      }
    }
    return missing;
  }
}

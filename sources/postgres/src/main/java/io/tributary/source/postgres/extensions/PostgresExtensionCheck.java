package io.tributary.source.postgres.extensions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the extensions a source needs ({@link PostgresExtensionReader}) against a target database
 * ({@code pg_available_extensions}): those it cannot make (not installed on its server: a plan
 * needing one cannot be migrated there), and the statements that make the others it lacks ({@link
 * PostgresExtensionStatementBuilder}). Reads only.
 */
public final class PostgresExtensionCheck {
  /**
   * @param unavailable the extensions the target's server does not have
   * @param statements what makes the available ones the target lacks, in order
   * @param installed the extensions the target has already, each with the schema that holds it
   */
  public record Outcome(
      List<RequiredExtension> unavailable, List<String> statements, Map<String, String> installed) {
    public Outcome {
      unavailable = List.copyOf(unavailable);
      statements = List.copyOf(statements);
      installed = Map.copyOf(installed);
    }

    /** Why a plan cannot be migrated to the target; empty when it can. */
    public List<String> problems() {
      return unavailable.stream()
          .map(
              e ->
                  "extension "
                      + e.name()
                      + " is not available on the target's server (pg_available_extensions),"
                      + " and "
                      + String.join("; ", e.neededBy()))
          .toList();
    }
  }

  private PostgresExtensionCheck() {}

  /**
   * @param migratedSchemas the source schemas the migration moves
   */
  public static Outcome check(
      Connection target, List<RequiredExtension> required, Collection<String> migratedSchemas)
      throws SQLException {
    Set<String> available = new HashSet<>();
    Map<String, String> installed = new HashMap<>();
    try (PreparedStatement st = target.prepareStatement(PostgresExtensionQueries.AVAILABLE)) {
      st.setArray(
          1,
          target.createArrayOf("text", required.stream().map(RequiredExtension::name).toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          available.add(rs.getString(1));
          if (rs.getString(2) != null) {
            installed.put(rs.getString(1), rs.getString(3));
          }
        }
      }
    }
    List<RequiredExtension> unavailable = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    for (RequiredExtension extension : required) {
      if (!available.contains(extension.name())) {
        unavailable.add(extension);
      } else if (!installed.containsKey(extension.name())) {
        statements.addAll(PostgresExtensionStatementBuilder.create(extension, migratedSchemas));
      }
    }
    return new Outcome(unavailable, statements, installed);
  }
}
